import { z } from 'zod';
import { ANNEXES } from '../../catalog/index.js';
import { IMPLEMENTATION } from '../../labels.js';
import { pageQuery } from '../../kernel/paging.js';
import type { SoaEntryView } from './schemas.js';

/**
 * Search, filters and sort of the statement's list. The statement is computed in memory (38
 * Annex A controls and the organization's own), so it is narrowed and ordered there; the order
 * falls back on catalog order, so a page never repeats or skips a control.
 */
const DOMAINS = ANNEXES.annexA.domains.map((d) => d.id);
const SORTS = ['controlId', 'title', 'applicable', 'implementationStatus', 'evidence'] as const;

export const soaListQuery = pageQuery.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      'Case-insensitive search in the control identifier and title (a.6.2.4 finds A.6.2.4).',
    ),
  domain: z
    .enum(['own', ...DOMAINS])
    .optional()
    .describe('Only the controls of this Annex A domain (A.2 … A.10), or own for own controls.'),
  applicable: z
    .enum(['true', 'false', 'undecided'])
    .optional()
    .describe('Only included, excluded or undecided controls.'),
  implementationStatus: z
    .enum(Object.keys(IMPLEMENTATION) as [string, ...string[]])
    .optional()
    .describe('Only controls with this implementation status.'),
  evidence: z
    .enum(['none'])
    .optional()
    .describe('none: only controls without valid evidence (none linked, or all of it expired).'),
  sort: z
    .enum([...SORTS, ...SORTS.map((s) => `-${s}` as const)])
    .optional()
    .describe(
      `A field to sort by (${SORTS.join(', ')}); prefix with - for descending. Without it, catalog order.`,
    ),
});
export type SoaListQuery = z.infer<typeof soaListQuery>;

/** The decision as an order: applicable, excluded, undecided. */
const decisionRank = (r: SoaEntryView) => (r.applicable === null ? 2 : r.applicable ? 0 : 1);
const statusRank = (r: SoaEntryView) => {
  const i = Object.keys(IMPLEMENTATION).indexOf(r.implementationStatus ?? '');
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

const KEYS: Record<(typeof SORTS)[number], (r: SoaEntryView, position: number) => string | number> =
  {
    controlId: (_, position) => position,
    title: (r) => r.title.toLowerCase(),
    applicable: decisionRank,
    implementationStatus: statusRank,
    evidence: (r) => r.evidence.valid,
  };

/** The statement's rows (in catalog order) narrowed and ordered as the query asks. */
export function soaListed(rows: SoaEntryView[], query: SoaListQuery): SoaEntryView[] {
  const q = query.q?.toLowerCase();
  let out = rows.filter(
    (r) =>
      (!q || r.controlId.toLowerCase().includes(q) || r.title.toLowerCase().includes(q)) &&
      (!query.domain || (query.domain === 'own' ? r.custom : r.domain === query.domain)) &&
      (!query.applicable ||
        (query.applicable === 'undecided'
          ? r.applicable === null
          : r.applicable === (query.applicable === 'true'))) &&
      (!query.implementationStatus || r.implementationStatus === query.implementationStatus) &&
      (query.evidence !== 'none' || r.evidence.valid === 0),
  );
  if (query.sort) {
    const field = query.sort.replace(/^-/, '') as (typeof SORTS)[number];
    const dir = query.sort.startsWith('-') ? -1 : 1;
    const key = KEYS[field];
    // Ties keep catalog order, whichever the direction.
    out = out
      .map((r, i) => ({ r, i, k: key(r, i) }))
      .sort((a, b) => (a.k === b.k ? a.i - b.i : (a.k < b.k ? -1 : 1) * dir))
      .map((x) => x.r);
  }
  return out;
}
