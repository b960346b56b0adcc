import { z } from 'zod';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { summarize } from './engine.js';
import { readinessHistory } from './history.js';
import { coverageRoutes } from './routes-coverage.js';
import {
  gapsPage,
  gapsPageView,
  gapsQuery,
  readinessFor,
  requirementResult as result,
  requirementStatus as status,
  groupTally,
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
        byGroup: z.array(groupTally),
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
    query: gapsQuery,
    response: {
      status: 200,
      schema: gapsPageView,
      description: 'A page of gaps.',
    },
    async handler({ services, access, query }) {
      const results = await readinessFor(services.database.db, access, services.now());
      const { limit, cursor, ...filter } = query;
      return { body: gapsPage(results, limit, cursor, filter) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/readiness/history',
    operationId: 'readiness.history',
    summary:
      'Readiness over time: the overall readiness at the end of each week or month since the first ledger event, and now',
    tag: 'readiness',
    auth: 'org',
    action: 'readiness.read',
    // Every point is already an as-of reading; `from` bounds how far back they go.
    asOf: false,
    params: orgParam,
    query: z.object({
      points: z.coerce
        .number()
        .int()
        .min(2)
        .max(36)
        .default(12)
        .describe('At most this many points, the last one being now.'),
      interval: z
        .enum(['week', 'month'])
        .optional()
        .describe('Weekly or monthly points; by default weekly when they span the history.'),
      from: z.iso
        .date('Must be a date (YYYY-MM-DD).')
        .optional()
        .describe('No point before this day (UTC); by default the first ledger event.'),
    }),
    response: {
      status: 200,
      schema: z
        .object({
          interval: z.enum(['week', 'month']),
          points: z
            .array(
              tally.extend({
                at: z.string().describe('The moment (the end of a week or month, UTC, or now).'),
                seq: z.number().int().describe('The last ledger event at or before it.'),
              }),
            )
            .describe('Oldest first; each as readiness.get answers overall with ?asOf=<at>.'),
        })
        .meta({ id: 'ReadinessHistory' }),
      description: 'The points, oldest first, the last one now.',
    },
    async handler({ services, access, query }) {
      const from = query.from ? `${query.from}T00:00:00.000Z` : undefined;
      return {
        body: await readinessHistory(services.database, access.orgId, services.now(), {
          points: query.points,
          interval: query.interval,
          from,
        }),
      };
    },
  }),
  ...coverageRoutes,
];
