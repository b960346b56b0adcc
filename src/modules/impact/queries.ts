import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { AssessmentRow, ImpactRow, SystemChanges } from './schemas.js';

/** The queries below that alias impact_assessments as `a`. */
type WithA = DB & { a: DB['impact_assessments'] };

/**
 * The condition "this assessment is due again" on `impact_assessments as a`: approved, and its
 * cycle ended before `day` or its system changed stage or got a model version after approval.
 * dueReasons (schemas.ts) says the same in words.
 */
export function assessmentIsDue(eb: ExpressionBuilder<WithA, 'a'>, orgId: string, day: string) {
  return eb.and([
    eb('a.status', '=', 'approved'),
    eb.or([
      eb('a.next_due_date', '<', day),
      eb.exists(
        eb
          .selectFrom('ai_system_transitions as t')
          .select('t.id')
          .where('t.org_id', '=', orgId)
          .whereRef('t.ai_system_id', '=', 'a.ai_system_id')
          .whereRef('t.created_at', '>', 'a.approved_at'),
      ),
      eb.exists(
        eb
          .selectFrom('ai_models as m')
          .select('m.id')
          .where('m.org_id', '=', orgId)
          .whereRef('m.ai_system_id', '=', 'a.ai_system_id')
          .whereRef('m.created_at', '>', 'a.approved_at'),
      ),
    ]),
  ]);
}

/** The fields an assessment list sorts by, and their columns. */
export const ASSESSMENT_SORTS = [
  'title',
  'status',
  'nextDueDate',
  'approvedAt',
  'createdAt',
  'updatedAt',
] as const;
type AssessmentSortField = (typeof ASSESSMENT_SORTS)[number];
const ASSESSMENT_SORT_COLUMNS: Record<AssessmentSortField, string> = {
  title: 'a.title',
  status: 'a.status',
  nextDueDate: 'a.next_due_date',
  approvedAt: 'a.approved_at',
  createdAt: 'a.created_at',
  updatedAt: 'a.updated_at',
};

export interface AssessmentFilter {
  /** Text the title or the summary holds, in any case. */
  q?: string | undefined;
  aiSystemId?: string;
  status?: string;
  /** true: only those due again on `day`; false: only the others. */
  due?: boolean;
  day: string;
  /**
   * Only drafts this member may approve as far as the record goes: with at least one impact and
   * not of their own authoring (approvalRefusal; the inbox's impact_approval source asks the same).
   */
  approvableBy?: string;
  /** A field of ASSESSMENT_SORTS, `-field` for descending; without it, newest first. */
  sort?: string | undefined;
}

/** A page of assessments, newest first unless sorted. */
export function assessmentsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  f: AssessmentFilter,
  page: PageQuery,
) {
  let q = db.selectFrom('impact_assessments as a').selectAll('a').where('a.org_id', '=', orgId);
  if (f.q) q = q.where(matching(f.q, ['a.title', 'a.summary']));
  if (f.aiSystemId) q = q.where('a.ai_system_id', '=', f.aiSystemId);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.due === true) q = q.where((eb) => assessmentIsDue(eb, orgId, f.day));
  if (f.due === false) q = q.where((eb) => eb.not(assessmentIsDue(eb, orgId, f.day)));
  if (f.approvableBy !== undefined) {
    const me = f.approvableBy;
    q = q
      .where('a.status', '=', 'draft')
      .where((eb) =>
        eb.and([
          eb.or([eb('a.author_member_id', 'is', null), eb('a.author_member_id', '!=', me)]),
          eb.exists(
            eb
              .selectFrom('impact_items as i')
              .select('i.id')
              .where('i.org_id', '=', orgId)
              .whereRef('i.assessment_id', '=', 'a.id'),
          ),
        ]),
      );
  }
  if (f.sort) {
    const column = ASSESSMENT_SORT_COLUMNS[f.sort.replace(/^-/, '') as AssessmentSortField];
    return sortedPage(q, dialect, { arg: f.sort, column, idColumn: 'a.id' }, page);
  }
  return keysetPage(q, page, { column: 'a.id', direction: 'desc', key: (r) => r.id });
}

/** Approved assessments due again on `day`, the longest-standing first; at most `limit`. */
export function dueAssessmentRows(
  db: Kysely<DB>,
  orgId: string,
  day: string,
  limit: number,
): Promise<AssessmentRow[]> {
  return db
    .selectFrom('impact_assessments as a')
    .selectAll('a')
    .where('a.org_id', '=', orgId)
    .where((eb) => assessmentIsDue(eb, orgId, day))
    .orderBy('a.approved_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** The stage changes and model versions of an approved assessment's system since its approval. */
export async function changesSinceApproval(
  db: Kysely<DB>,
  orgId: string,
  a: AssessmentRow,
): Promise<SystemChanges> {
  const since = a.approved_at ?? a.created_at;
  const moves = await db
    .selectFrom('ai_system_transitions')
    .select(['to_stage', 'created_at'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', a.ai_system_id)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  const models = await db
    .selectFrom('ai_models')
    .select(['name', 'model_version', 'created_at'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', a.ai_system_id)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return { moves, models };
}

/** How many impacts each of these assessments records (absent: none). */
export async function impactCounts(
  db: Kysely<DB>,
  orgId: string,
  assessmentIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // In slices, so a long export stays under every store's limit of bound parameters.
  for (let i = 0; i < assessmentIds.length; i += 500) {
    const rows = await db
      .selectFrom('impact_items')
      .select(['assessment_id', (eb) => eb.fn.countAll().as('n')])
      .where('org_id', '=', orgId)
      .where('assessment_id', 'in', assessmentIds.slice(i, i + 500))
      .groupBy('assessment_id')
      .execute();
    for (const r of rows) counts.set(r.assessment_id, Number(r.n));
  }
  return counts;
}

/** Whether the assessment records any impact. */
export async function hasImpacts(
  db: Kysely<DB>,
  orgId: string,
  assessmentId: string,
): Promise<boolean> {
  const one = await db
    .selectFrom('impact_items')
    .select('id')
    .where('org_id', '=', orgId)
    .where('assessment_id', '=', assessmentId)
    .limit(1)
    .executeTakeFirst();
  return one !== undefined;
}

/** The approved assessments of a system (at most one, but read as a list to supersede them all). */
export function approvedAssessmentsOf(
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
): Promise<AssessmentRow[]> {
  return db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', aiSystemId)
    .where('status', '=', 'approved')
    .execute();
}

/** The system a model version belongs to, or undefined when there is no such model. */
export async function systemOfModel(
  db: Kysely<DB>,
  orgId: string,
  aiModelId: string,
): Promise<string | undefined> {
  const m = await db
    .selectFrom('ai_models')
    .select('ai_system_id')
    .where('org_id', '=', orgId)
    .where('id', '=', aiModelId)
    .executeTakeFirst();
  return m?.ai_system_id;
}

/** The impacts of an assessment, in the order they were recorded. */
export function impactsPage(db: Kysely<DB>, orgId: string, assessmentId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('impact_items')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('assessment_id', '=', assessmentId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/** Every assessment of the organization, oldest first (for the export). */
export function allAssessments(db: Kysely<DB>, orgId: string, limit: number) {
  return db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every impact of the organization, oldest first (for the export). */
export function allImpacts(db: Kysely<DB>, orgId: string): Promise<ImpactRow[]> {
  return db
    .selectFrom('impact_items')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** The organization's AI systems' names by id. */
export async function systemNames(db: Kysely<DB>, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('ai_systems')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .execute();
  return new Map(rows.map((s) => [s.id, s.name]));
}
