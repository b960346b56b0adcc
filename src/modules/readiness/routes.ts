import { today } from '../../kernel/records.js';
import { z } from 'zod';
import { CROSSWALKS, FRAMEWORKS, REQUIREMENTS } from '../../catalog/index.js';
import { AppError } from '../../kernel/errors.js';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { evaluate, gaps, summarize, type Requirement, type RequirementResult } from './engine.js';

/** Every assessable requirement, grouped by top-level clause (4–10) or Annex A domain. */
export const ASSESSABLE: Requirement[] = REQUIREMENTS.map((r) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  group: r.kind === 'control' ? r.domain! : r.id.split('.')[0]!,
}));

/** Each other framework's coverage: per entry, how many of the ISO 42001 requirements mapped to it are met. */
export function coverage(results: RequirementResult[]) {
  const status = new Map(results.map((r) => [r.id, r.status]));
  return FRAMEWORKS.map((f) => {
    const entries = f.entries
      .map((e) => {
        const linked = CROSSWALKS.filter((m) => m.framework === f.id && m.ref === e.ref);
        const ids = [...new Set(linked.map((m) => m.from))].filter(
          (id) => status.get(id) !== 'not_applicable',
        );
        const met = ids.filter((id) => status.get(id) === 'met').length;
        const partial = ids.filter((id) => status.get(id) === 'partial').length;
        return { ref: e.ref, title: e.title, linked: ids.length, met, partial, requirements: ids };
      })
      .filter((e) => e.linked > 0);
    const linked = entries.reduce((s, e) => s + e.linked, 0);
    const met = entries.reduce((s, e) => s + e.met, 0);
    return {
      id: f.id,
      title: f.title,
      entries,
      linked,
      met,
      coverage: linked ? Math.round((met / linked) * 1000) / 10 : 0,
    };
  });
}

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
      const results = await evaluate(
        services.database.db,
        access.orgId,
        ASSESSABLE,
        today(services.now()),
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
        await evaluate(services.database.db, access.orgId, ASSESSABLE, today(services.now())),
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
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/readiness/frameworks',
    operationId: 'readiness.frameworks',
    summary:
      "Each other framework's coverage through the crosswalks (e.g. EU AI Act Art. 15: 3 of 5 linked requirements met)",
    tag: 'readiness',
    auth: 'org',
    action: 'readiness.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            linked: z.number().int(),
            met: z.number().int(),
            coverage: z.number(),
            entries: z.array(
              z.object({
                ref: z.string(),
                title: z.string(),
                linked: z.number().int(),
                met: z.number().int(),
                partial: z.number().int(),
                requirements: z.array(z.string()),
              }),
            ),
          }),
        ),
      }),
      description: 'Coverage per framework and entry.',
    },
    async handler({ services, access }) {
      const results = await evaluate(
        services.database.db,
        access.orgId,
        ASSESSABLE,
        today(services.now()),
      );
      return { body: { items: coverage(results) } };
    },
  }),
];
