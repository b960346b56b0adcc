import { z } from 'zod';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { summarize } from './engine.js';
import { coverageRoutes } from './routes-coverage.js';
import {
  gapsPage,
  gapsPageView,
  readinessFor,
  requirementResult as result,
  requirementStatus as status,
  tally,
} from './views.js';

export const readinessRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/readiness',
    operationId: 'readiness.get',
    summary:
      'Readiness for certification, computed now from the records: per requirement, clause, domain and overall',
    tag: 'readiness',
    auth: 'org',
    action: 'readiness.read',
    params: orgParam,
    query: z.object({ status: status.optional().describe('Only requirements with this status.') }),
    response: {
      status: 200,
      schema: z.object({
        overall: tally,
        byGroup: z.array(tally.extend({ id: z.string() })),
        requirements: z.array(result),
      }),
      description:
        'The readiness; requirements in catalog order (38 controls and the clause leaves, one page).',
    },
    async handler({ services, access, query }) {
      const results = await readinessFor(services.database.db, access, services.now());
      const s = summarize(results);
      return {
        body: {
          overall: s.overall,
          byGroup: s.byGroup,
          requirements: query.status ? results.filter((r) => r.status === query.status) : results,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/readiness/gaps',
    operationId: 'readiness.gaps',
    summary: 'The gap list: what is missing or partial, in the order to work on it',
    tag: 'readiness',
    auth: 'org',
    action: 'readiness.read',
    params: orgParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(40).optional(),
    }),
    response: {
      status: 200,
      schema: gapsPageView,
      description: 'A page of gaps.',
    },
    async handler({ services, access, query }) {
      const results = await readinessFor(services.database.db, access, services.now());
      return { body: gapsPage(results, query.limit, query.cursor) };
    },
  }),
  ...coverageRoutes,
];
