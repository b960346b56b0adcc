import { orgPath, request, seg, withQuery, type Page } from '../../api';

export type InboxGroup = 'approvals' | 'actions' | 'reviews' | 'reading';

/** Something that waits for the signed-in member, as the server decided from the records. */
export interface InboxItem {
  key: string;
  kind: string;
  group: InboxGroup;
  title: string;
  /** Why it waits for them, in words. */
  why: string;
  dueDate: string | null;
  overdue: boolean;
  target: { type: string; id: string };
  /** The page of this app that acts on it. */
  path: string;
}

export interface Inbox {
  total: number;
  unreadNotifications: number;
  groups: { group: InboxGroup; label: string; count: number; items: InboxItem[] }[];
}

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
