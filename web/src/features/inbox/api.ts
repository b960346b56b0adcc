import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export type InboxGroup = 'approvals' | 'actions' | 'reviews' | 'reading';

/** Something that waits for the signed-in member, as the server decided from the records. */
export type InboxItem = Schema<'InboxItem'>;

export type Inbox = Schema<'Inbox'>;

export interface AppNotification {
  id: string;
  kind: string;
  reason: 'waiting' | 'reminder';
  title: string;
  why: string;
  dueDate: string | null;
  target: { type: string; id: string };
  path: string;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
  email: { status: 'pending' | 'sent' | 'failed' | 'skipped'; sentAt: string | null } | null;
}

export const inboxApi = {
  inbox: (org: string) => request<Inbox>('GET', `${orgPath(org)}/inbox`),
  notifications: (org: string, limit = 30) =>
    request<Page<AppNotification>>('GET', withQuery(`${orgPath(org)}/notifications`, { limit })),
  markRead: (org: string, id: string) =>
    request<AppNotification>('POST', `${orgPath(org)}/notifications/${seg(id)}/read`),
  markAllRead: (org: string) =>
    request<{ marked: number }>('POST', `${orgPath(org)}/notifications/read-all`),
};
