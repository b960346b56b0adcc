import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Reaction } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import type { PendingEvent } from '../../kernel/ledger.js';
import { orgById } from '../orgs/index.js';
import { findQuery, membersOf, type Member } from './compute.js';
import { pathOf } from './links.js';
import { BASE_URL_MARK, ringDoorbell } from './mailer.js';
import {
  insertNotification,
  insertOutbox,
  openNotifications,
  resolveNotifications,
} from './queries.js';
import { itemKey, type Candidate, type InboxSource } from './source.js';
import { SOURCES } from './sources.js';

export interface Notice {
  orgId: string;
  slug: string;
  orgName: string;
  member: Member;
  item: Candidate;
  why: string;
  reason: 'waiting' | 'reminder';
  /** Reminders: once per member and key (the item and the day). */
  dedupeKey: string | null;
  /** Written as read and without e-mail: the member caused it themselves. */
  quiet: boolean;
  at: string;
}

/**
 * The text of the e-mail about a notice: what, why, when, and the link to the page. Links are
 * completed when the mail is sent (AIMS_PUBLIC_URL), so the transaction that queues it needs no
 * configuration.
 */
export function mailOf(n: Notice) {
  const base = BASE_URL_MARK;
  const link = `${base}${pathOf(n.slug, n.item.target)}`;
  const lines = [
    n.reason === 'reminder' ? `Reminder: ${n.item.title}` : n.item.title,
    '',
    n.why,
    ...(n.item.dueDate ? ['', `Due: ${n.item.dueDate}`] : []),
    '',
    `Open it in aims: ${link}`,
    '',
    `You receive this because it waits for you in ${n.orgName}. Everything that waits for you is on your inbox page: ${base}/o/${encodeURIComponent(n.slug)}/inbox`,
  ];
  return {
    subject: `${n.reason === 'reminder' ? 'Reminder: ' : ''}${n.item.title}`,
    text: lines.join('\n'),
  };
}

/**
 * Writes a notice: the notification, and (unless quiet) its e-mail in the outbox, with a
 * Message-ID of its own that every attempt to send it carries. Returns whether it was written (a
 * reminder already sent today is not).
 */
export async function writeNotice(db: Kysely<DB>, n: Notice): Promise<boolean> {
  const id = newId();
  const written = await insertNotification(db, {
    id,
    org_id: n.orgId,
    member_id: n.member.memberId,
    kind: n.item.kind,
    reason: n.reason,
    item_key: itemKey(n.item),
    dedupe_key: n.dedupeKey,
    title: n.item.title,
    why: n.why,
    due_date: n.item.dueDate,
    target_type: n.item.target.type,
    target_id: n.item.target.id,
    path: pathOf(n.slug, n.item.target),
    created_at: n.at,
    read_at: n.quiet ? n.at : null,
    resolved_at: null,
  });
  if (!written || n.quiet) return written;
  const mail = mailOf(n);
  const outboxId = newId();
  await insertOutbox(db, {
    id: outboxId,
    org_id: n.orgId,
    notification_id: id,
    to_email: n.member.email,
    subject: mail.subject,
    body_text: mail.text,
    message_id: `<${outboxId}@aims.${n.slug}>`,
    status: 'pending',
    attempts: 0,
    next_attempt_at: n.at,
    claimed_until: null,
    sent_at: null,
    last_error: null,
    created_at: n.at,
  });
  return true;
}

/** Which records of which sources the events touched. */
function touched(events: readonly PendingEvent[]): Map<InboxSource, Set<string>> {
  const out = new Map<InboxSource, Set<string>>();
  for (const e of events)
    for (const s of SOURCES) {
      const id = s.watches[e.entity]?.(e);
      if (!id) continue;
      if (!out.has(s)) out.set(s, new Set());
      out.get(s)!.add(id);
    }
  return out;
}

/**
 * The reaction every command runs in its transaction (Context.reactions): for each record its
 * events touched, it asks the record's sources whom the record's items wait for now. An item that
 * now waits for a member who had no open notification of it starts waiting for them: they get
 * one (and an e-mail in the outbox); a member it no longer waits for has theirs resolved. So a
 * draft submitted, a risk above the acceptance level, a concern assigned notify once, and a draft
 * sent back and submitted again notifies again. What the caller caused for themselves is
 * recorded read, without e-mail.
 */
export const notifyWhatStartsWaiting: Reaction = async (tx, events) => {
  const byOrg = new Map<string, PendingEvent[]>();
  for (const e of events) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e]);
  let queued = false;
  for (const [orgId, orgEvents] of byOrg) {
    const work = touched(orgEvents);
    if (work.size === 0) continue;
    const org = await orgById(tx.db, orgId);
    const members = await membersOf(tx.db, orgId, org.slug);
    const actor = tx.ctx.actor;
    const me = actor?.kind === 'user' ? members.find((m) => m.userId === actor.userId) : undefined;
    const q = findQuery(new Date(tx.now));
    for (const [source, ids] of work) {
      const only = [...ids];
      const items = await source.find(tx.db, orgId, { ...q, only });
      const open = await openNotifications(
        tx.db,
        orgId,
        only.map((recordId) => itemKey({ kind: source.kind, recordId })),
      );
      const had = new Set(open.map((n) => `${n.item_key}|${n.member_id}`));
      const still = new Set<string>();
      for (const item of items)
        for (const member of members) {
          const why = item.waitsFor(member);
          if (why === null) continue;
          const key = `${itemKey(item)}|${member.memberId}`;
          still.add(key);
          if (had.has(key)) continue;
          const quiet = member.memberId === me?.memberId;
          await writeNotice(tx.db, {
            orgId,
            slug: org.slug,
            orgName: org.name,
            member,
            item,
            why,
            reason: 'waiting',
            dedupeKey: null,
            quiet,
            at: tx.now,
          });
          queued ||= !quiet;
        }
      const done = open.filter((n) => !still.has(`${n.item_key}|${n.member_id}`)).map((n) => n.id);
      await resolveNotifications(tx.db, orgId, done, tx.now);
    }
  }
  if (queued) tx.afterCommit(ringDoorbell);
};
