import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { refOf } from '../../kernel/refs.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { ImprovementRow } from './improvement-schemas.js';
import type { ActionRow, NonconformityRow, StepRow } from './schemas.js';

/** Lists of ids are read in slices, so a long export stays under every store's parameter limit. */
const SLICE = 500;
const slices = <T>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / SLICE) }, (_, i) =>
    list.slice(i * SLICE, (i + 1) * SLICE),
  );

export interface NonconformityFilter {
  status?: string;
  severity?: string;
  sourceType?: string;
  sourceId?: string;
  requirementId?: string;
  ownerMemberId?: string;
  /** Search text: the title, or the readable identifier (NC-0012). */
  q?: string;
  /** A field of NONCONFORMITY_SORTS, `-field` for descending; newest first without it. */
  sort?: string;
}

/** The fields a nonconformity list sorts by, and their columns. */
export const NONCONFORMITY_SORTS = [
  'ref',
  'title',
  'status',
  'detectedOn',
  'createdAt',
  'updatedAt',
] as const;
const SORT_COLUMNS: Record<string, string> = {
  ref: 'ref',
  title: 'title',
  status: 'status',
  detectedOn: 'detected_on',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

function filtered(db: Kysely<DB>, orgId: string, f: NonconformityFilter) {
  let q = db.selectFrom('nonconformities').selectAll().where('org_id', '=', orgId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.sourceType) q = q.where('source_type', '=', f.sourceType);
  if (f.sourceId) q = q.where('source_id', '=', f.sourceId);
  if (f.requirementId) q = q.where('requirement_id', '=', f.requirementId);
  if (f.ownerMemberId) q = q.where('owner_member_id', '=', f.ownerMemberId);
  if (f.q)
    q = q.where(
      matching(f.q, ['title', 'ref'], { column: 'ref', ref: refOf('nonconformities', f.q) }),
    );
  return q;
}

/** Nonconformities, newest first (ids are time-ordered), filtered. */
export function nonconformitiesPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: NonconformityFilter,
) {
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '')]!;
    return sortedPage(filtered(db, orgId, f), dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(filtered(db, orgId, f), page, {
    column: 'id',
    direction: 'desc',
    key: (r) => r.id,
  });
}

/** Every nonconformity matching the filter, newest first, at most `limit` (exports). */
export function allNonconformities(
  db: Kysely<DB>,
  orgId: string,
  f: NonconformityFilter,
  limit: number,
): Promise<NonconformityRow[]> {
  return filtered(db, orgId, f).orderBy('id', 'desc').limit(limit).execute();
}

export function findNonconformity(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<NonconformityRow | undefined> {
  return db
    .selectFrom('nonconformities')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The ids among these that are nonconformities of the organization. */
export async function existingNonconformityIds(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('nonconformities')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The corrective actions of these nonconformities, oldest first, by nonconformity. */
export async function actionsOf(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<Map<string, ActionRow[]>> {
  const out = new Map<string, ActionRow[]>();
  for (const part of slices(ids))
    for (const r of await db
      .selectFrom('nonconformity_actions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('nonconformity_id', 'in', part)
      .orderBy('id')
      .execute())
      out.set(r.nonconformity_id, [...(out.get(r.nonconformity_id) ?? []), r]);
  return out;
}

/** The steps taken on these nonconformities, oldest first, by nonconformity. */
export async function stepsOf(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<Map<string, StepRow[]>> {
  const out = new Map<string, StepRow[]>();
  for (const part of slices(ids))
    for (const r of await db
      .selectFrom('nonconformity_steps')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('nonconformity_id', 'in', part)
      .orderBy('id')
      .execute())
      out.set(r.nonconformity_id, [...(out.get(r.nonconformity_id) ?? []), r]);
  return out;
}

export function findAction(
  db: Kysely<DB>,
  orgId: string,
  nonconformityId: string,
  id: string,
): Promise<ActionRow | undefined> {
  return db
    .selectFrom('nonconformity_actions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('nonconformity_id', '=', nonconformityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The fields the improvement log sorts by, and their columns. */
export const IMPROVEMENT_SORTS = [
  'title',
  'status',
  'decision',
  'dueDate',
  'createdAt',
  'updatedAt',
] as const;
const IMPROVEMENT_SORT_COLUMNS: Record<string, string> = {
  title: 'title',
  status: 'status',
  decision: 'decision',
  dueDate: 'due_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * The improvement log, newest first or sorted by `sort` (a field of IMPROVEMENT_SORTS, `-field`
 * for descending), optionally only in one state, with one decision, or whose title or
 * description contains `q`.
 */
export function improvementsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: { status?: string; decision?: string; q?: string; sort?: string },
) {
  let q = db.selectFrom('improvements').selectAll().where('org_id', '=', orgId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.decision) q = q.where('decision', '=', f.decision);
  if (f.q) q = q.where(matching(f.q, ['title', 'description']));
  if (f.sort) {
    const column = IMPROVEMENT_SORT_COLUMNS[f.sort.replace(/^-/, '')]!;
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

export function findImprovement(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<ImprovementRow | undefined> {
  return db
    .selectFrom('improvements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The nonconformities raised from one record (an audit finding, an incident…), oldest first. */
export function nonconformitiesFromSource(
  db: Kysely<DB>,
  orgId: string,
  sourceType: string,
  sourceId: string,
): Promise<NonconformityRow[]> {
  return db
    .selectFrom('nonconformities')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_type', '=', sourceType)
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .execute();
}

/** Every nonconformity with its state, oldest first: what a management review counts (9.3.2 d). */
export function nonconformitySummaries(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('nonconformities')
    .select(['id', 'number', 'title', 'status', 'severity', 'detected_on', 'closed_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** Every corrective action with its state and due date (management review inputs). */
export function correctiveActionSummaries(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('nonconformity_actions')
    .select(['id', 'nonconformity_id', 'title', 'status', 'due_date'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** Every opportunity for improvement with its decision and state (management review inputs). */
export function improvementSummaries(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('improvements')
    .select(['id', 'title', 'decision', 'status', 'created_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** The names of the records nonconformities come from, by id, as exports show them. */
export async function sourceNames(db: Kysely<DB>, orgId: string): Promise<Map<string, string>> {
  const [findings, incidents, reviews, concerns, nc] = await Promise.all([
    db
      .selectFrom('audit_findings')
      .select(['id', 'number', 'title'])
      .where('org_id', '=', orgId)
      .execute(),
    db.selectFrom('incidents').select(['id', 'title']).where('org_id', '=', orgId).execute(),
    db
      .selectFrom('management_reviews')
      .select(['id', 'title'])
      .where('org_id', '=', orgId)
      .execute(),
    db.selectFrom('concerns').select(['id', 'summary']).where('org_id', '=', orgId).execute(),
    db.selectFrom('nonconformities').select(['id', 'number']).where('org_id', '=', orgId).execute(),
  ]);
  return new Map([
    ...findings.map((r) => [r.id, `finding ${r.number}: ${r.title}`] as const),
    ...incidents.map((r) => [r.id, r.title] as const),
    ...reviews.map((r) => [r.id, r.title] as const),
    ...concerns.map((r) => [r.id, r.summary] as const),
    ...nc.map((r) => [r.id, `NC-${r.number}`] as const),
  ]);
}
