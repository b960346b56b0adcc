import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { DecisionRow, ReviewActionRow, ReviewRow } from './schemas.js';

/** The fields a review list sorts by, and their columns. */
export const REVIEW_SORTS = ['title', 'status', 'plannedOn', 'createdAt', 'updatedAt'] as const;
const SORT_COLUMNS: Record<(typeof REVIEW_SORTS)[number], string> = {
  title: 'title',
  status: 'status',
  plannedOn: 'planned_on',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface ReviewFilter {
  status?: string | undefined;
  /** Search text: in the title. */
  q?: string | undefined;
  /** A field of REVIEW_SORTS, `-field` for descending; newest first without it. */
  sort?: string | undefined;
}

/** Management reviews, newest first (ids are time-ordered) or sorted, optionally filtered. */
export function reviewsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: ReviewFilter,
) {
  let q = db.selectFrom('management_reviews').selectAll().where('org_id', '=', orgId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(matching(f.q, ['title']));
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof REVIEW_SORTS)[number]];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

export function findReview(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<ReviewRow | undefined> {
  return db
    .selectFrom('management_reviews')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every review that was held (issued ones too), most recently held first. */
export function heldReviews(db: Kysely<DB>, orgId: string): Promise<ReviewRow[]> {
  return db
    .selectFrom('management_reviews')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('held_at', 'is not', null)
    .orderBy('held_at', 'desc')
    .execute();
}

export function decisionsOf(
  db: Kysely<DB>,
  orgId: string,
  reviewId: string,
): Promise<DecisionRow[]> {
  return db
    .selectFrom('management_review_decisions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
}

export function actionsOfReview(
  db: Kysely<DB>,
  orgId: string,
  reviewId: string,
): Promise<ReviewActionRow[]> {
  return db
    .selectFrom('management_review_actions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
}

/** The actions decided by reviews other than this one, oldest first (9.3.2 a). */
export function actionsOfOtherReviews(
  db: Kysely<DB>,
  orgId: string,
  reviewId: string,
): Promise<ReviewActionRow[]> {
  return db
    .selectFrom('management_review_actions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('review_id', '!=', reviewId)
    .orderBy('id')
    .execute();
}

export function findDecision(
  db: Kysely<DB>,
  orgId: string,
  reviewId: string,
  id: string,
): Promise<DecisionRow | undefined> {
  return db
    .selectFrom('management_review_decisions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findReviewAction(
  db: Kysely<DB>,
  orgId: string,
  decisionId: string,
  id: string,
): Promise<ReviewActionRow | undefined> {
  return db
    .selectFrom('management_review_actions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('decision_id', '=', decisionId)
    .where('id', '=', id)
    .executeTakeFirst();
}

// The records the inputs of a review rest on (9.3.2), read from the modules' tables as the
// readiness engine reads them: a read model across the AIMS, no rules.

export function contextIssues(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('context_issues')
    .select(['id', 'title', 'kind', 'created_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

export function interestedParties(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('interested_parties')
    .select(['id', 'name', 'kind', 'created_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

export function objectivesWithMeasurements(db: Kysely<DB>, orgId: string) {
  return Promise.all([
    db
      .selectFrom('objectives')
      .select(['id', 'title', 'metric', 'direction', 'target', 'unit', 'frequency'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('objective_measurements')
      .select(['id', 'objective_id', 'measured_on', 'value', 'created_at'])
      .where('org_id', '=', orgId)
      .orderBy('measured_on')
      .orderBy('id')
      .execute(),
  ]);
}

export function incidentSummaries(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('incidents')
    .select(['id', 'title', 'status', 'severity', 'serious', 'detected_at', 'closed_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

export function riskSummaries(db: Kysely<DB>, orgId: string) {
  return Promise.all([
    db
      .selectFrom('risks')
      .select(['id', 'title', 'status', 'inherent_level', 'residual_level'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('risk_acceptances')
      .select(['id', 'risk_id', 'expires_on', 'residual_level'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
  ]);
}

/** Open actions of management reviews with their review's title (`only`: these action ids), for My work. */
export async function openReviewActions(db: Kysely<DB>, orgId: string, only?: readonly string[]) {
  let q = db
    .selectFrom('management_review_actions as a')
    .innerJoin('management_reviews as r', (j) =>
      j.onRef('r.org_id', '=', 'a.org_id').onRef('r.id', '=', 'a.review_id'),
    )
    .select([
      'a.id',
      'a.title',
      'a.owner_member_id',
      'a.due_date',
      'a.review_id',
      'r.title as review_title',
    ])
    .where('a.org_id', '=', orgId)
    .where('a.status', '=', 'open');
  if (only) {
    if (!only.length) return [];
    q = q.where('a.id', 'in', [...only]);
  }
  return q.orderBy('a.due_date').execute();
}

/** Every action of every management review with its decision, review and owner, for the export. */
export function reviewActionsForExport(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('management_review_actions as a')
    .innerJoin('management_review_decisions as d', (j) =>
      j.onRef('d.org_id', '=', 'a.org_id').onRef('d.id', '=', 'a.decision_id'),
    )
    .innerJoin('management_reviews as r', (j) =>
      j.onRef('r.org_id', '=', 'a.org_id').onRef('r.id', '=', 'a.review_id'),
    )
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.org_id', '=', 'a.org_id').onRef('m.id', '=', 'a.owner_member_id'),
    )
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'r.title as review_title',
      'r.held_on',
      'd.kind',
      'd.title as decision_title',
      'a.title',
      'a.due_date',
      'a.status',
      'a.completed_on',
      'u.name as owner_name',
      'u.email as owner_email',
    ])
    .where('a.org_id', '=', orgId)
    .orderBy('r.planned_on')
    .orderBy('a.due_date')
    .execute();
}
