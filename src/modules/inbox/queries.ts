import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { NotificationRow, OutboxRow } from './schemas.js';

/** The notifications of these items that still count as waiting (not resolved), any member. */
export function openNotifications(
  db: Kysely<DB>,
  orgId: string,
  itemKeys: readonly string[],
): Promise<Pick<NotificationRow, 'id' | 'member_id' | 'item_key'>[]> {
  if (itemKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notifications')
    .select(['id', 'member_id', 'item_key'])
    .where('org_id', '=', orgId)
    .where('item_key', 'in', itemKeys)
    .where('reason', '=', 'waiting')
    .where('resolved_at', 'is', null)
    .execute();
}

export async function resolveNotifications(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
  at: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ resolved_at: at })
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * Writes a notification; with a dedupe key, only if the member has none with that key yet.
 * Returns whether it was written.
 */
export async function insertNotification(db: Kysely<DB>, row: NotificationRow): Promise<boolean> {
  const written = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'member_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return written !== undefined;
}

export async function insertOutbox(db: Kysely<DB>, row: OutboxRow): Promise<void> {
  await db.insertInto('outbox').values(row).execute();
}

/** A member's notifications with the state of their e-mail, newest first. */
export function notificationsPage(
  db: Kysely<DB>,
  orgId: string,
  memberId: string,
  page: PageQuery,
  unread: 'true' | 'false' | undefined,
) {
  let q = db
    .selectFrom('notifications as n')
    .leftJoin('outbox as o', (j) =>
      j.onRef('o.notification_id', '=', 'n.id').onRef('o.org_id', '=', 'n.org_id'),
    )
    .selectAll('n')
    .select(['o.status as email_status', 'o.sent_at as email_sent_at'])
    .where('n.org_id', '=', orgId)
    .where('n.member_id', '=', memberId);
  if (unread === 'true') q = q.where('n.read_at', 'is', null);
  if (unread === 'false') q = q.where('n.read_at', 'is not', null);
  return keysetPage(q, page, { column: 'n.id', direction: 'desc', key: (r) => r.id });
}

export function findNotification(db: Kysely<DB>, orgId: string, memberId: string, id: string) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('outbox as o', (j) =>
      j.onRef('o.notification_id', '=', 'n.id').onRef('o.org_id', '=', 'n.org_id'),
    )
    .selectAll('n')
    .select(['o.status as email_status', 'o.sent_at as email_sent_at'])
    .where('n.org_id', '=', orgId)
    .where('n.member_id', '=', memberId)
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function unreadCount(db: Kysely<DB>, orgId: string, memberId: string) {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks a member's notifications read (these, or all unread ones); returns how many changed. */
export async function markRead(
  db: Kysely<DB>,
  orgId: string,
  memberId: string,
  at: string,
  ids?: readonly string[],
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- The outbox, as the sender works it.

/** Rows ready to send at `now` and claimed by nobody (or by someone whose claim ran out). */
export function dueOutboxRows(db: Kysely<DB>, now: string, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Claims a row until `until`, counting the attempt, if it is still pending and unclaimed at
 * `now`: one statement, so of two senders only one gets it. Returns whether this one did.
 */
export async function claimOutboxRow(
  db: Kysely<DB>,
  id: string,
  now: string,
  until: string,
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({ claimed_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records what became of an attempt: sent, failed for good, skipped, or to try again later. */
export async function settleOutboxRow(
  db: Kysely<DB>,
  id: string,
  change: Partial<Pick<OutboxRow, 'status' | 'sent_at' | 'last_error' | 'next_attempt_at'>>,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ ...change, claimed_until: null })
    .where('id', '=', id)
    .execute();
}

export function outboxRow(db: Kysely<DB>, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
