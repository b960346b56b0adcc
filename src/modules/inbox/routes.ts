import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { markAllNotificationsRead, markNotificationRead } from './commands.js';
import { inboxOf } from './compute.js';
import { notificationsPage, unreadCount } from './queries.js';
import { inboxView, notificationsQuery, notificationView, toNotificationView } from './schemas.js';

export const inboxRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/inbox',
    operationId: 'inbox.read',
    summary: 'What waits for the caller now: approvals, acceptances, actions, reviews, reading',
    tag: 'inbox',
    auth: 'org',
    action: 'inbox.read',
    params: orgParam,
    response: { status: 200, schema: inboxView, description: 'The caller’s inbox, grouped.' },
    async handler({ services, access }) {
      const db = services.database.db;
      const unread = access.memberId ? await unreadCount(db, access.orgId, access.memberId) : 0;
      return { body: await inboxOf(db, access, services.now(), unread) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/notifications',
    operationId: 'notifications.read',
    summary: 'The caller’s notifications, newest first',
    tag: 'inbox',
    auth: 'org',
    action: 'notifications.read',
    params: orgParam,
    query: pageQuery.extend(notificationsQuery.shape),
    response: {
      status: 200,
      schema: page(notificationView),
      description: 'A page of notifications.',
    },
    async handler({ services, access, query }) {
      if (access.memberId === null) return { body: { items: [], nextCursor: null } };
      const p = await notificationsPage(
        services.database.db,
        access.orgId,
        access.memberId,
        query,
        query.unread,
      );
      return { body: { ...p, items: p.items.map(toNotificationView) } };
    },
  }),
  commandRoute({
    command: markNotificationRead,
    method: 'POST',
    url: '/api/v1/orgs/:org/notifications/:notificationId/read',
    summary: 'Mark one of the caller’s notifications read',
    tag: 'inbox',
    response: { status: 200, schema: notificationView, description: 'The notification, read.' },
    view: (n) => toNotificationView(n),
  }),
  commandRoute({
    command: markAllNotificationsRead,
    method: 'POST',
    url: '/api/v1/orgs/:org/notifications/read-all',
    operationId: 'notifications.mark_all_read',
    summary: 'Mark all the caller’s notifications read',
    tag: 'inbox',
    response: {
      status: 200,
      schema: z.object({ marked: z.number().int().describe('How many were unread.') }),
      description: 'How many notifications were marked read.',
    },
  }),
];
