import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { allOrgs } from '../orgs/index.js';
import { findQuery, membersOf, openItems } from './compute.js';
import { ringDoorbell } from './mailer.js';
import { writeNotice } from './notify.js';
import { itemKey } from './source.js';

/** How many days before its date an item is recalled to whom it waits for (0: on the day). */
export const REMIND_DAYS_BEFORE = [7, 1, 0] as const;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The daily reminder pass: for every dated item that is due in exactly 7 or 1 days or today,
 * a reminder to each member it waits for, once per item and day (the dedupe key holds the day,
 * and the database refuses a second: several passes a day, in several processes, write one).
 * A day on which no pass ran sends no reminder for that day; the next one still comes.
 * Returns how many reminders were written.
 */
export async function enqueueReminders(db: Kysely<DB>, now: Date): Promise<number> {
  const q = findQuery(now);
  let written = 0;
  for (const org of await allOrgs(db)) {
    const items = (await openItems(db, org.id, q)).filter(
      (c) =>
        c.dueDate !== null &&
        (REMIND_DAYS_BEFORE as readonly number[]).includes(daysBetween(q.today, c.dueDate)),
    );
    if (items.length === 0) continue;
    const members = await membersOf(db, org.id, org.slug);
    for (const item of items)
      for (const member of members) {
        const why = item.waitsFor(member);
        if (why === null) continue;
        const wrote = await db.transaction().execute((trx) =>
          writeNotice(trx, {
            orgId: org.id,
            slug: org.slug,
            orgName: org.name,
            member,
            item,
            why,
            reason: 'reminder',
            dedupeKey: `reminder:${itemKey(item)}:${q.today}`,
            quiet: false,
            at: now.toISOString(),
          }),
        );
        if (wrote) written++;
      }
  }
  if (written > 0) ringDoorbell();
  return written;
}

/** Runs the reminder pass now and then every `everyMs` (hourly: the day changes at midnight UTC). */
export function startReminders(
  db: Kysely<DB>,
  opts: { now?: () => Date; everyMs?: number; log?: { warn(o: object, msg: string): void } } = {},
) {
  const now = opts.now ?? (() => new Date());
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => enqueueReminders(db, now()))
      .catch((e: unknown) => opts.log?.warn({ err: String(e) }, 'reminder pass failed'));
  };
  const timer = setInterval(run, opts.everyMs ?? 3600_000);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
