import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import { refOf } from '../../kernel/refs.js';
import { expand } from './schemas.js';

/** The fields the list of findings sorts by, and their columns. */
export const FINDING_SORTS = [
  'ref',
  'title',
  'grade',
  'requirementId',
  'audit',
  'createdAt',
] as const;
const SORT_COLUMNS: Record<(typeof FINDING_SORTS)[number], string> = {
  ref: 'f.ref',
  title: 'f.title',
  grade: 'f.grade',
  requirementId: 'f.requirement_id',
  audit: 'a.title',
  createdAt: 'f.created_at',
};

/** What a finding led to: a nonconformity, an opportunity logged for improvement, or nothing. */
export const FINDING_OUTCOMES = ['nonconformity', 'improvement', 'none'] as const;

export interface FindingFilter {
  auditId?: string | undefined;
  grade?: string | undefined;
  /** A clause or control: findings about it or about a requirement under it (A.6 → A.6.2.4). */
  requirementId?: string | undefined;
  /** The state of the audit the finding was recorded in. */
  auditStatus?: string | undefined;
  raised?: (typeof FINDING_OUTCOMES)[number] | undefined;
  /** Search text: the title, the description, or the readable identifier (F-0003). */
  q?: string | undefined;
  /** A field of FINDING_SORTS, `-field` for descending; newest first without it. */
  sort?: string | undefined;
}

function filtered(db: Kysely<DB>, orgId: string, f: FindingFilter) {
  let q = db
    .selectFrom('audit_findings as f')
    .innerJoin('audits as a', (j) =>
      j.onRef('a.org_id', '=', 'f.org_id').onRef('a.id', '=', 'f.audit_id'),
    )
    .selectAll('f')
    .select(['a.number as audit_number', 'a.title as audit_title', 'a.status as audit_status'])
    .where('f.org_id', '=', orgId);
  if (f.auditId) q = q.where('f.audit_id', '=', f.auditId);
  if (f.grade) q = q.where('f.grade', '=', f.grade);
  if (f.auditStatus) q = q.where('a.status', '=', f.auditStatus);
  if (f.requirementId)
    q = q.where(
      'f.requirement_id',
      'in',
      expand(f.requirementId).map((r) => r.id),
    );
  if (f.raised === 'nonconformity') q = q.where('f.nonconformity_id', 'is not', null);
  if (f.raised === 'improvement') q = q.where('f.improvement_id', 'is not', null);
  if (f.raised === 'none')
    q = q.where('f.nonconformity_id', 'is', null).where('f.improvement_id', 'is', null);
  if (f.q)
    q = q.where(
      matching(f.q, ['f.title', 'f.description', 'f.ref'], {
        column: 'f.ref',
        ref: refOf('audit_findings', f.q),
      }),
    );
  return q;
}

/** Findings of every audit of the organization, newest first (ids are time-ordered), filtered. */
export function findingsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: FindingFilter,
) {
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof FINDING_SORTS)[number]];
    return sortedPage(
      filtered(db, orgId, f),
      dialect,
      { arg: f.sort, column, idColumn: 'f.id' },
      page,
    );
  }
  return keysetPage(filtered(db, orgId, f), page, {
    column: 'f.id',
    direction: 'desc',
    key: (r) => r.id,
  });
}
