import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { dashboardOf } from './compose.js';
import { dashboardView } from './schemas.js';

export const dashboardRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/dashboard',
    operationId: 'dashboard.get',
    summary:
      'Everything the dashboard shows in one answer: readiness, the first gaps, framework coverage, and the registers at a glance as far as the caller may read them',
    tag: 'dashboard',
    auth: 'org',
    action: 'readiness.read',
    params: orgParam,
    response: {
      status: 200,
      schema: dashboardView,
      description: 'The dashboard; a part the caller may not read is null.',
    },
    async handler({ services, access }) {
      return { body: await dashboardOf(services.database.db, access, services.now()) };
    },
  }),
];
