import { z } from 'zod';
import { AppError } from '../../kernel/errors.js';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { canReadEntity } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { gaps, summarize, type RequirementResult } from './engine.js';
import { coverageRoutes } from './routes-coverage.js';
import { evaluateShared } from './shared.js';

const status = z.enum(['met', 'partial', 'missing', 'not_applicable']);
const reason = z.object({
  check: z.string(),
  status: z.string(),
  detail: z.string(),
  refs: z.array(z.object({ type: z.string(), id: z.string() })),
});
const result = z
  .object({
    id: z.string(),
    kind: z.enum(['clause', 'control']),
    title: z.string(),
    group: z.string(),
    status,
    reasons: z.array(reason),
  })
  .meta({ id: 'RequirementResult' });
const tally = z.object({
  met: z.number().int(),
  partial: z.number().int(),
  missing: z.number().int(),
  notApplicable: z.number().int(),
  readiness: z.number().describe('Percent: met counts 1, partial ½, not applicable excluded.'),
});

/**
 * The results as the caller may see them: a reason names only records the caller may read (open
 * concerns are counted for everyone, but named only to those who may read concerns).
 */
const forCaller = (results: RequirementResult[], access: OrgAccess): RequirementResult[] =>
  results.map((r) => ({
    ...r,
    reasons: r.reasons.map((x) => ({
      ...x,
      refs: x.refs.filter((ref) => canReadEntity(access, ref.type)),
    })),
  }));

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
      const results = forCaller(
        await evaluateShared(services.database.db, access.orgId, services.now()),
        access,
      );
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
      schema: z.object({ items: z.array(result), nextCursor: z.string().nullable() }),
      description: 'A page of gaps.',
    },
    async handler({ services, access, query }) {
      const list = gaps(
        forCaller(await evaluateShared(services.database.db, access.orgId, services.now()), access),
      );
      let start = 0;
      if (query.cursor) {
        start =
          list.findIndex((r) => r.id === Buffer.from(query.cursor!, 'base64url').toString()) + 1;
        if (start === 0)
          throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
            { pointer: '/query/cursor', message: 'Unknown cursor.' },
          ]);
      }
      const items = list.slice(start, start + query.limit);
      const more = start + query.limit < list.length;
      return {
        body: {
          items,
          nextCursor: more ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : null,
        },
      };
    },
  }),
  ...coverageRoutes,
];
