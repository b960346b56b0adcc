import { call, client, type Schema } from '../../api';

export type InboxGroup = 'approvals' | 'actions' | 'reviews' | 'reading';

/** Something that waits for the signed-in member, as the server decided from the records. */
export type InboxItem = Schema<'InboxItem'>;

export type Inbox = Schema<'Inbox'>;

export type AppNotification = Schema<'Notification'>;

const org = (o: string) => ({ path: { org: o } });

export const inboxApi = {
  inbox: (o: string) => call(client.GET('/api/v1/orgs/{org}/inbox', { params: org(o) })),
  notifications: (o: string, limit = 30) =>
    call(
      client.GET('/api/v1/orgs/{org}/notifications', { params: { ...org(o), query: { limit } } }),
    ),
  markRead: (o: string, id: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/notifications/{notificationId}/read', {
        params: { path: { org: o, notificationId: id } },
      }),
    ),
  markAllRead: (o: string) =>
    call(client.POST('/api/v1/orgs/{org}/notifications/read-all', { params: org(o) })),
};
