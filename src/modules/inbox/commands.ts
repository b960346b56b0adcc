import { z } from 'zod';
import { orgCommand } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findNotification, markRead } from './queries.js';
import { notificationId } from './schemas.js';

/** Only a member has notifications: the host operator (the CLI) has none to mark. */
function memberOf(memberId: string | null): string {
  if (memberId === null)
    throw new AppError('FORBIDDEN', 'Only a member of the organization has notifications.');
  return memberId;
}

/**
 * The caller marks one of their notifications read. Notifications are no organization records
 * (docs/ARCHITECTURE.md, "My work"): the command writes no ledger event. Another member's
 * notification is a 404, as if it did not exist.
 */
export const markNotificationRead = orgCommand({
  action: 'notifications.mark_read',
  input: z.object({ notificationId }).strict(),
  pathIds: ['notificationId'],
  async run(tx, input) {
    const me = memberOf(tx.org.memberId);
    const n = await findNotification(tx.db, tx.org.orgId, me, input.notificationId);
    if (!n) throw notFound('notification');
    if (n.read_at === null) await markRead(tx.db, tx.org.orgId, me, tx.now, [n.id]);
    return { ...n, read_at: n.read_at ?? tx.now };
  },
});

/** The caller marks all their unread notifications read; answers how many were. */
export const markAllNotificationsRead = orgCommand({
  action: 'notifications.mark_read',
  input: z.object({}).strict(),
  async run(tx) {
    const me = memberOf(tx.org.memberId);
    return { marked: await markRead(tx.db, tx.org.orgId, me, tx.now) };
  },
});
