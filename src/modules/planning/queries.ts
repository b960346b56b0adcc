import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { ChangeRow, DecisionRow, MeasurementRow, ObjectiveRow } from './schemas.js';

/** The fields an objective list sorts by, and their columns. */
export const OBJECTIVE_SORTS = ['title', 'metric', 'frequency', 'createdAt', 'updatedAt'] as const;
type SortField = (typeof OBJECTIVE_SORTS)[number];
const SORT_COLUMNS: Record<SortField, string> = {
  title: 'title',
  metric: 'metric',
  frequency: 'frequency',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * A page of objectives in id order (ids are time-ordered) unless sorted; `q` keeps those whose
 * title or metric holds the text (case-insensitively), `frequency` those measured that often.
 */
export function objectivesPage(
  db: Kysely<DB>,
  orgId: string,
  page: PageQuery,
  filter: {
    q?: string | undefined;
    frequency?: string | undefined;
    sort?: string | undefined;
  } = {},
  dialect?: Dialect,
) {
  let q = db.selectFrom('objectives').selectAll().where('org_id', '=', orgId);
  if (filter.q) q = q.where(matching(filter.q, ['title', 'metric']));
  if (filter.frequency) q = q.where('frequency', '=', filter.frequency);
  if (filter.sort) {
    if (!dialect) throw new Error('Sorting objectives needs the database dialect.');
    const column = SORT_COLUMNS[filter.sort.replace(/^-/, '') as SortField];
    return sortedPage(q, dialect, { arg: filter.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', key: (r) => r.id });
}

export function findObjective(
  db: Kysely<DB>,
  orgId: string,
  objectiveId: string,
): Promise<ObjectiveRow | undefined> {
  return db
    .selectFrom('objectives')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', objectiveId)
    .executeTakeFirst();
}

/** The latest measurement of each of these objectives (by date, then as recorded). */
export async function latestMeasurements(
  db: Kysely<DB>,
  orgId: string,
  objectiveIds: string[],
): Promise<Map<string, MeasurementRow>> {
  const latest = new Map<string, MeasurementRow>();
  if (objectiveIds.length === 0) return latest;
  const rows = await db
    .selectFrom('objective_measurements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('objective_id', 'in', objectiveIds)
    .orderBy('measured_on')
    .orderBy('id')
    .execute();
  for (const m of rows) latest.set(m.objective_id, m);
  return latest;
}

/** The measurements of an objective in the order they were recorded. */
export function measurementsPage(
  db: Kysely<DB>,
  orgId: string,
  objectiveId: string,
  page: PageQuery,
) {
  return keysetPage(
    db
      .selectFrom('objective_measurements')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('objective_id', '=', objectiveId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/** The fields a planned change list sorts by, and their columns. */
export const CHANGE_SORTS = ['title', 'status', 'plannedOn', 'createdAt', 'updatedAt'] as const;
type ChangeSortField = (typeof CHANGE_SORTS)[number];
const CHANGE_SORT_COLUMNS: Record<ChangeSortField, string> = {
  title: 'title',
  status: 'status',
  plannedOn: 'planned_on',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface ChangeFilter {
  q?: string | undefined;
  status?: string | undefined;
  sort?: string | undefined;
  /** Only proposed changes that this member may decide (they did not propose them). */
  decidableBy?: string | undefined;
}

/**
 * A page of planned changes, newest first (ids are time-ordered) unless sorted; `q` keeps those
 * whose title or purpose holds the text (case-insensitively).
 */
export function changesPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  filter: ChangeFilter = {},
) {
  let q = db.selectFrom('aims_changes').selectAll().where('org_id', '=', orgId);
  if (filter.q) q = q.where(matching(filter.q, ['title', 'purpose']));
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.decidableBy !== undefined) {
    const me = filter.decidableBy;
    q = q
      .where('status', '=', 'proposed')
      .where((eb) =>
        eb.or([eb('requested_by_member_id', 'is', null), eb('requested_by_member_id', '!=', me)]),
      );
  }
  if (filter.sort) {
    const column = CHANGE_SORT_COLUMNS[filter.sort.replace(/^-/, '') as ChangeSortField];
    return sortedPage(q, dialect, { arg: filter.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

export function findChange(
  db: Kysely<DB>,
  orgId: string,
  changeId: string,
): Promise<ChangeRow | undefined> {
  return db
    .selectFrom('aims_changes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', changeId)
    .executeTakeFirst();
}

/** The decisions on each of these changes, oldest first. */
export async function changeDecisions(
  db: Kysely<DB>,
  orgId: string,
  changeIds: string[],
): Promise<Map<string, DecisionRow[]>> {
  const steps = new Map<string, DecisionRow[]>();
  if (changeIds.length === 0) return steps;
  const rows = await db
    .selectFrom('aims_change_decisions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('change_id', 'in', changeIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const d of rows) steps.set(d.change_id, [...(steps.get(d.change_id) ?? []), d]);
  return steps;
}
