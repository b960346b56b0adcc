/**
 * Reading what the inbox module wrote, for tests: a member's notifications, the outbox, and the
 * inbox as the API computes it for a member.
 */
import { inboxOf } from '../../src/modules/inbox/index.js';
import type { Unit, UnitMember } from '../unit.js';

/** A member's notifications about one record (or all), oldest first. */
export function notificationsOf(u: Unit, member: UnitMember, targetId?: string) {
  let q = u.database.db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', u.org.id)
    .where('member_id', '=', member.memberId);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('id').execute();
}

/** The e-mail queued for these notifications. */
export function outboxOf(u: Unit, notificationIds: string[]) {
  if (notificationIds.length === 0) return Promise.resolve([]);
  return u.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('notification_id', 'in', notificationIds)
    .orderBy('id')
    .execute();
}

/** What waits for a member now, as GET …/inbox answers it (every group's items, due first). */
export async function inboxItems(u: Unit, member: UnitMember) {
  const inbox = await inboxOf(u.database.db, await u.access(member), u.clock.now(), 0);
  return inbox.groups.flatMap((g) => g.items);
}
