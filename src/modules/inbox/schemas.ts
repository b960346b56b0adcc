import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { uuidSchema } from '../../kernel/ids.js';
import { INBOX_GROUPS, type InboxGroup } from './source.js';

export const notificationId = uuidSchema;

export const GROUP_LABELS: Record<InboxGroup, string> = {
  approvals: 'Approvals and decisions',
  actions: 'Actions',
  reviews: 'Reviews and expiries',
  reading: 'To read and acknowledge',
};

const target = z
  .object({
    type: z.string().describe('The table of the record the page shows (policies, risks, …).'),
    id: z.string(),
  })
  .describe('The record whose page acts on the item.');

export const inboxItemView = z
  .object({
    key: z.string().describe('Names the item: kind and record id.'),
    kind: z.string().describe('What sort of item: policy_approval, risk_acceptance, treatment, …'),
    group: z.enum(INBOX_GROUPS),
    title: z.string(),
    why: z.string().describe('Why it waits for the caller, in words.'),
    dueDate: z.string().nullable().describe('When it is due (YYYY-MM-DD), if it has a date.'),
    overdue: z.boolean(),
    target,
    path: z.string().describe('The page of the web app that acts on it.'),
  })
  .meta({ id: 'InboxItem' });
export type InboxItemView = z.infer<typeof inboxItemView>;

/** How many items each group shows at most; `count` says how many there are. */
export const GROUP_LIMIT = 100;

export const inboxView = z
  .object({
    total: z.number().int().describe('How many items wait for the caller now.'),
    unreadNotifications: z.number().int(),
    groups: z.array(
      z.object({
        group: z.enum(INBOX_GROUPS),
        label: z.string(),
        count: z.number().int(),
        items: z.array(inboxItemView).describe(`At most ${GROUP_LIMIT}, due first.`),
      }),
    ),
  })
  .meta({ id: 'Inbox' });
export type InboxView = z.infer<typeof inboxView>;

export const NOTIFICATION_REASONS = ['waiting', 'reminder'] as const;
export const EMAIL_STATES = ['pending', 'sent', 'failed', 'skipped'] as const;

export const notificationView = z
  .object({
    id: z.string(),
    kind: z.string(),
    reason: z
      .enum(NOTIFICATION_REASONS)
      .describe('waiting: it started waiting for you; reminder: its date is near.'),
    title: z.string(),
    why: z.string(),
    dueDate: z.string().nullable(),
    target,
    path: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    resolvedAt: z
      .string()
      .nullable()
      .describe('When the item stopped waiting for you (done by you or someone else).'),
    email: z
      .object({ status: z.enum(EMAIL_STATES), sentAt: z.string().nullable() })
      .nullable()
      .describe('The e-mail about it, if one was queued.'),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.infer<typeof notificationView>;

export type NotificationRow = Row<'notifications'>;
export type OutboxRow = Row<'outbox'>;

export const toNotificationView = (
  n: NotificationRow & { email_status: string | null; email_sent_at: string | null },
): NotificationView => ({
  id: n.id,
  kind: n.kind,
  reason: n.reason as NotificationView['reason'],
  title: n.title,
  why: n.why,
  dueDate: n.due_date,
  target: { type: n.target_type, id: n.target_id },
  path: n.path,
  createdAt: n.created_at,
  readAt: n.read_at,
  resolvedAt: n.resolved_at,
  email: n.email_status
    ? { status: n.email_status as (typeof EMAIL_STATES)[number], sentAt: n.email_sent_at }
    : null,
});

export const notificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only unread notifications; false: only read ones.'),
});
