import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { canReadEntity } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { gaps, type RequirementResult } from './engine.js';
import { evaluateShared } from './shared.js';

export const requirementStatus = z.enum(['met', 'partial', 'missing', 'not_applicable']);
const reason = z.object({
  check: z.string(),
  status: z.string(),
  detail: z.string(),
  refs: z.array(z.object({ type: z.string(), id: z.string() })),
});
export const requirementResult = z
  .object({
    id: z.string(),
    kind: z.enum(['clause', 'control']),
    title: z.string(),
    group: z.string(),
    status: requirementStatus,
    reasons: z.array(reason),
  })
  .meta({ id: 'RequirementResult' });
export const tally = z.object({
  met: z.number().int(),
  partial: z.number().int(),
  missing: z.number().int(),
  notApplicable: z.number().int(),
  readiness: z.number().describe('Percent: met counts 1, partial ½, not applicable excluded.'),
});

/** A group's tally (a top-level clause, 4–10, or an Annex A domain), with its title. */
export const groupTally = tally.extend({
  id: z.string(),
  title: z.string().describe('The clause or Annex A domain title, from the catalog.'),
});
export const gapsPageView = z.object({
  items: z.array(requirementResult),
  nextCursor: z.string().nullable(),
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

/** The organization's readiness (shared per ledger head), as the caller may see it. */
export const readinessFor = async (
  db: Kysely<DB>,
  access: OrgAccess,
  now: Date,
): Promise<RequirementResult[]> => forCaller(await evaluateShared(db, access.orgId, now), access);

const GAP_SORTS = ['id', 'title'] as const;

/** The gap list's paging, search, filters and sort. */
export const gapsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(40).optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      'Case-insensitive search in the requirement identifier and title (a.6.2.4 finds A.6.2.4).',
    ),
  status: z
    .enum(['missing', 'partial'])
    .optional()
    .describe('Only missing or only partly met gaps.'),
  kind: z.enum(['clause', 'control']).optional().describe('Only clauses or only Annex A controls.'),
  sort: z
    .enum([...GAP_SORTS, ...GAP_SORTS.map((s) => `-${s}` as const)])
    .optional()
    .describe(
      "id (in the standard's numbering) or title; prefix with - for descending. Without it, most pressing first.",
    ),
});
export type GapsQuery = z.infer<typeof gapsQuery>;

/** Numbering order of requirement ids: 4.1 < 10.2, A.2.2 < A.10.1, clauses before controls. */
const numbered = (id: string) =>
  (id.startsWith('A.') ? 'b' : 'a') +
  id
    .replace(/^A\./, '')
    .split('.')
    .map((x) => x.padStart(3, '0'))
    .join('.');

/** The gaps, most pressing first, narrowed and ordered as the query asks. */
export function gapsListed(results: RequirementResult[], query: Omit<GapsQuery, 'limit'>) {
  const q = query.q?.toLowerCase();
  const list = gaps(results).filter(
    (r) =>
      (!q || r.id.toLowerCase().includes(q) || r.title.toLowerCase().includes(q)) &&
      (!query.status || r.status === query.status) &&
      (!query.kind || r.kind === query.kind),
  );
  if (!query.sort) return list;
  const dir = query.sort.startsWith('-') ? -1 : 1;
  const key = (r: RequirementResult) =>
    query.sort!.endsWith('title') ? r.title.toLowerCase() : numbered(r.id);
  return list
    .map((r) => ({ r, k: key(r), n: numbered(r.id) }))
    .sort((a, b) => (a.k === b.k ? (a.n < b.n ? -1 : 1) : (a.k < b.k ? -1 : 1) * dir))
    .map((x) => x.r);
}

/** A page of the gap list, in the order to work on it; the cursor is the last gap's id. */
export function gapsPage(
  results: RequirementResult[],
  limit: number,
  cursor?: string,
  query: Omit<GapsQuery, 'limit' | 'cursor'> = {},
): z.infer<typeof gapsPageView> {
  const list = gapsListed(results, query);
  let start = 0;
  if (cursor) {
    start = list.findIndex((r) => r.id === Buffer.from(cursor, 'base64url').toString()) + 1;
    if (start === 0)
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
  }
  const items = list.slice(start, start + limit);
  const more = start + limit < list.length;
  return {
    items,
    nextCursor: more ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : null,
  };
}
