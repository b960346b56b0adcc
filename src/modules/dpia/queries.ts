import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import { APPROVAL_CONTENT, type DpiaRow } from './schemas.js';

/** The fields a DPIA list sorts by, and their columns. */
export const DPIA_SORTS = [
  'title',
  'status',
  'screeningOutcome',
  'approvedAt',
  'createdAt',
  'updatedAt',
] as const;
type DpiaSortField = (typeof DPIA_SORTS)[number];
const DPIA_SORT_COLUMNS: Record<DpiaSortField, string> = {
  title: 'title',
  status: 'status',
  screeningOutcome: 'screening_outcome',
  approvedAt: 'approved_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface DpiaFilter {
  /** Text the title holds, in any case. */
  q?: string | undefined;
  aiSystemId?: string;
  impactAssessmentId?: string;
  status?: string;
  /**
   * Only drafts this member may approve as far as the record goes: not of their own authoring, and
   * with the content a required DPIA needs (approvalRefusal; the inbox's dpia_approval source asks
   * the same).
   */
  approvableBy?: string;
  /** A field of DPIA_SORTS, `-field` for descending; without it, newest first. */
  sort?: string | undefined;
}

/** A page of DPIAs, newest first unless sorted. */
export function dpiasPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  f: DpiaFilter,
  page: PageQuery,
) {
  let q = db.selectFrom('dpias').selectAll().where('org_id', '=', orgId);
  if (f.q) q = q.where(matching(f.q, ['title']));
  if (f.aiSystemId) q = q.where('ai_system_id', '=', f.aiSystemId);
  if (f.impactAssessmentId) q = q.where('impact_assessment_id', '=', f.impactAssessmentId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.approvableBy !== undefined) {
    const me = f.approvableBy;
    q = q.where('status', '=', 'draft').where((eb) =>
      eb.and([
        eb.or([eb('author_member_id', 'is', null), eb('author_member_id', '!=', me)]),
        // missingContent (schemas.ts): a required DPIA needs every part written and the residual
        // risk answered.
        eb.or([
          eb('screening_outcome', '!=', 'required'),
          eb.and([
            ...APPROVAL_CONTENT.map((c) => eb(eb.fn.coalesce(c, eb.val('')), '!=', '')),
            eb('residual_high_risk', 'is not', null),
          ]),
        ]),
      ]),
    );
  }
  if (f.sort) {
    const column = DPIA_SORT_COLUMNS[f.sort.replace(/^-/, '') as DpiaSortField];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/** The system's approved DPIAs (at most one; the next approval supersedes it). */
export function approvedDpiasOf(
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
): Promise<DpiaRow[]> {
  return db
    .selectFrom('dpias')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', aiSystemId)
    .where('status', '=', 'approved')
    .execute();
}

/** The AI system an impact assessment is of, or undefined. */
export async function systemOfAssessment(
  db: Kysely<DB>,
  orgId: string,
  assessmentId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('impact_assessments')
    .select('ai_system_id')
    .where('org_id', '=', orgId)
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  return row?.ai_system_id;
}

/**
 * The DPIAs that may wait for someone (the inbox): drafts, and current ones whose prior
 * consultation (Art. 36) is required and not yet answered. `only`: just these ids.
 */
export function openDpias(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<DpiaRow[]> {
  let q = db
    .selectFrom('dpias')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'draft'),
        eb.and([
          eb('status', '!=', 'superseded'),
          eb('residual_high_risk', '=', 1),
          eb.or([
            eb('consultation_outcome', 'is', null),
            eb('consultation_outcome', '=', 'pending'),
          ]),
        ]),
      ]),
    );
  if (only) {
    if (only.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', [...only]);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}
