import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { refOf } from '../../kernel/refs.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { AcceptanceRow, RiskRow } from './acceptance.js';
import type { Criteria, CriteriaRow } from './criteria.js';
import type { TreatmentRow } from './schemas.js';

/** Lists of ids are read in slices, so a long export stays under every store's parameter limit. */
const SLICE = 500;
const slices = <T>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / SLICE) }, (_, i) =>
    list.slice(i * SLICE, (i + 1) * SLICE),
  );

/** The criteria in force, if the organization stored any. */
export function activeCriteriaRow(db: Kysely<DB>, orgId: string): Promise<CriteriaRow | undefined> {
  return db
    .selectFrom('risk_criteria')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export function criteriaById(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<CriteriaRow | undefined> {
  return db
    .selectFrom('risk_criteria')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function criteriaByIds(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<CriteriaRow[]> {
  const out: CriteriaRow[] = [];
  for (const part of slices(ids))
    out.push(
      ...(await db
        .selectFrom('risk_criteria')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', 'in', part)
        .execute()),
    );
  return out;
}

/** Every version of the criteria, newest first. */
export function criteriaVersionsPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(db.selectFrom('risk_criteria').selectAll().where('org_id', '=', orgId), page, {
    column: 'id',
    direction: 'desc',
    key: (r) => r.id,
  });
}

/** The latest acceptance of each of these risks (ids are time-ordered: the highest is the latest). */
export async function latestAcceptances(
  db: Kysely<DB>,
  orgId: string,
  riskIds: string[],
): Promise<Map<string, AcceptanceRow>> {
  const latest = new Map<string, AcceptanceRow>();
  for (const part of slices(riskIds))
    for (const a of await db
      .selectFrom('risk_acceptances')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('risk_id', 'in', part)
      .orderBy('id')
      .execute())
      latest.set(a.risk_id, a);
  return latest;
}

/** A risk list's filters. */
export interface RiskFilter {
  status?: string;
  ownerMemberId?: string;
  residualLevel?: string;
  aiSystemId?: string;
  criteriaId?: string;
  /** A cell of the heat map: [likelihood, impact]. */
  inherentCell?: [number, number];
  residualCell?: [number, number];
  /** Search text: the title, or the readable identifier (R-0042). */
  q?: string;
  /** Only these risks (what waits for the caller's acceptance). */
  ids?: readonly string[];
  /** A field as RISK_SORTS names it, `-field` for descending; newest first without it. */
  sort?: RiskSort;
}

/** The fields a risk list sorts by, and their columns. */
export const RISK_SORTS = [
  'ref',
  'title',
  'status',
  'reviewDate',
  'createdAt',
  'updatedAt',
] as const;
export type RiskSort = (typeof RISK_SORTS)[number] | `-${(typeof RISK_SORTS)[number]}`;
const SORT_COLUMNS: Record<(typeof RISK_SORTS)[number], string> = {
  ref: 'ref',
  title: 'title',
  status: 'status',
  reviewDate: 'review_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** Rows whose JSON list of AI system ids holds this one. */
const concerns = (aiSystemId: string) =>
  sql<boolean>`${sql.ref('ai_system_ids')} like ${`%"${aiSystemId}"%`}`;

/** A page of the risk register, newest first unless sorted. */
export function risksPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  f: RiskFilter,
  page: PageQuery,
) {
  let q = db.selectFrom('risks').selectAll().where('org_id', '=', orgId);
  if (f.q)
    q = q.where(matching(f.q, ['title', 'ref'], { column: 'ref', ref: refOf('risks', f.q) }));
  if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<boolean>`1 = 0`);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ownerMemberId) q = q.where('owner_member_id', '=', f.ownerMemberId);
  if (f.residualLevel) q = q.where('residual_level', '=', f.residualLevel);
  if (f.aiSystemId) q = q.where(concerns(f.aiSystemId));
  if (f.criteriaId) q = q.where('criteria_id', '=', f.criteriaId);
  if (f.inherentCell)
    q = q
      .where('inherent_likelihood', '=', f.inherentCell[0])
      .where('inherent_impact', '=', f.inherentCell[1]);
  if (f.residualCell)
    q = q
      .where('residual_likelihood', '=', f.residualCell[0])
      .where('residual_impact', '=', f.residualCell[1]);
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof RISK_SORTS)[number]];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/** Every risk of the organization, oldest first (for the export). */
export function allRisks(db: Kysely<DB>, orgId: string, limit: number): Promise<RiskRow[]> {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The ids of a risk's treatments or acceptances (to delete them with it). */
export async function childIds(
  db: Kysely<DB>,
  orgId: string,
  table: 'risk_treatments' | 'risk_acceptances',
  riskId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('risk_id', '=', riskId)
    .execute();
  return rows.map((r) => r.id);
}

/** A page of a risk's treatment actions, oldest first. */
export function treatmentsPage(db: Kysely<DB>, orgId: string, riskId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('risk_treatments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('risk_id', '=', riskId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/**
 * How many risks sit in each (likelihood, impact) cell, per criteria version they were scored on;
 * unscored risks have null cells.
 */
export function heatmapCounts(
  db: Kysely<DB>,
  orgId: string,
  kind: 'inherent' | 'residual',
  aiSystemId: string | undefined,
) {
  const l = kind === 'inherent' ? 'inherent_likelihood' : 'residual_likelihood';
  const i = kind === 'inherent' ? 'inherent_impact' : 'residual_impact';
  let q = db.selectFrom('risks').where('org_id', '=', orgId);
  if (aiSystemId) q = q.where(concerns(aiSystemId));
  return q
    .select((eb) => [eb.ref(l).as('l'), eb.ref(i).as('i'), 'criteria_id', eb.fn.countAll().as('n')])
    .groupBy([l, i, 'criteria_id'])
    .execute();
}

/** A SQL rank of a level column under the given criteria (unknown levels rank lowest). */
const rankOf = (c: Criteria, col: 'residual_level' | 'inherent_level') =>
  sql<number>`case ${sql.ref(col)} ${sql.join(
    c.levels.map((l, i) => sql`when ${l.key} then ${i}`),
    sql` `,
  )} else -1 end`;

/** The open risks ranked highest under the criteria in force, at most `limit`. */
export function topRisks(
  db: Kysely<DB>,
  orgId: string,
  c: Criteria,
  limit: number,
): Promise<RiskRow[]> {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '<>', 'closed')
    .orderBy(rankOf(c, 'residual_level'), 'desc')
    .orderBy(rankOf(c, 'inherent_level'), 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Open risks whose review date is before `day`, the longest overdue first. */
export function reviewsDue(
  db: Kysely<DB>,
  orgId: string,
  day: string,
  limit: number,
): Promise<RiskRow[]> {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '<>', 'closed')
    .where('review_date', '<', day)
    .orderBy('review_date')
    .limit(limit)
    .execute();
}

export function acceptedRisks(db: Kysely<DB>, orgId: string, limit: number): Promise<RiskRow[]> {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'accepted')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Planned or started treatment actions due before `day`, the longest overdue first. */
export function overdueTreatments(
  db: Kysely<DB>,
  orgId: string,
  day: string,
  limit: number,
): Promise<TreatmentRow[]> {
  return db
    .selectFrom('risk_treatments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'in', ['planned', 'in_progress'])
    .where('due_date', '<', day)
    .orderBy('due_date')
    .limit(limit)
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
