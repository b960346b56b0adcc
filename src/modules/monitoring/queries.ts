import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { BatchRow, BreachRow, MetricRow, PointRow } from './schemas.js';

type Db = Kysely<DB>;

/** The fields a metric list sorts by, and their columns. */
export const METRIC_SORTS = ['name', 'breachAction', 'createdAt', 'updatedAt'] as const;
type MetricSort = (typeof METRIC_SORTS)[number];
const METRIC_SORT_COLUMNS: Record<MetricSort, string> = {
  name: 'name',
  breachAction: 'breach_action',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface MetricFilter {
  /** Text the name or the description holds, in any case. */
  q?: string | undefined;
  aiSystemId?: string | undefined;
  /** The status of the latest point (ok, warn, breach), or no_data: no point yet. */
  status?: string | undefined;
  breachAction?: string | undefined;
  /** 'true': only declared accuracy metrics (EU AI Act Art. 15); 'false': only the others. */
  accuracy?: 'true' | 'false' | undefined;
  sort?: string | undefined;
}

/**
 * The organization's metrics by id (the order they were defined) unless sorted, narrowed by the
 * filter. The status is the latest point's (by time, as the summary reads it).
 */
export function metricsPage(
  db: Db,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: MetricFilter = {},
) {
  let q = db.selectFrom('metric_definitions').selectAll().where('org_id', '=', orgId);
  if (f.q) q = q.where(matching(f.q, ['name', 'description']));
  if (f.aiSystemId) q = q.where('ai_system_id', '=', f.aiSystemId);
  if (f.breachAction) q = q.where('breach_action', '=', f.breachAction);
  if (f.accuracy) q = q.where('accuracy', '=', f.accuracy === 'true' ? 1 : 0);
  if (f.status) {
    const latest = sql<string | null>`(select p.status from metric_points p
      where p.org_id = metric_definitions.org_id and p.metric_id = metric_definitions.id
      order by p.sort_key desc limit 1)`;
    q =
      f.status === 'no_data'
        ? q.where(sql<boolean>`${latest} is null`)
        : q.where(sql<boolean>`${latest} = ${f.status}`);
  }
  if (f.sort) {
    const column = METRIC_SORT_COLUMNS[f.sort.replace(/^-/, '') as MetricSort];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', key: (r) => r.id });
}

export function metricsOfSystem(db: Db, orgId: string, aiSystemId: string): Promise<MetricRow[]> {
  return db
    .selectFrom('metric_definitions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', aiSystemId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function batchByKey(db: Db, orgId: string, key: string): Promise<BatchRow | undefined> {
  return db
    .selectFrom('metric_batches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('batch_key', '=', key)
    .executeTakeFirst();
}

/** The breach episodes a batch started. */
export function breachesOfBatch(db: Db, orgId: string, batchId: string): Promise<BreachRow[]> {
  return db
    .selectFrom('metric_breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('batch_id', '=', batchId)
    .orderBy('started_at')
    .execute();
}

/** The breach episode of a metric that has not ended, if any (there is at most one). */
export function openBreach(
  db: Db,
  orgId: string,
  metricId: string,
): Promise<BreachRow | undefined> {
  return db
    .selectFrom('metric_breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('metric_id', '=', metricId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

/** Every breach episode of a metric, newest first. */
export function breachesOf(db: Db, orgId: string, metricId: string): Promise<BreachRow[]> {
  return db
    .selectFrom('metric_breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('metric_id', '=', metricId)
    .orderBy('started_at', 'desc')
    .limit(200)
    .execute();
}

/** The model versions among `ids` that are records of the organization, with their AI system. */
export async function modelsIn(db: Db, orgId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('ai_models')
    .select(['id', 'ai_system_id'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/** A metric's points by time (oldest first), optionally from and before an instant. */
export function pointsPage(
  db: Db,
  orgId: string,
  metricId: string,
  page: PageQuery,
  range: { from?: string; to?: string } = {},
) {
  let q = db
    .selectFrom('metric_points')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('metric_id', '=', metricId);
  if (range.from) q = q.where('at', '>=', range.from);
  if (range.to) q = q.where('at', '<', range.to);
  return keysetPage(q, page, { column: 'sort_key', key: (r) => r.sort_key });
}

/** The latest point of a metric, and how many points it has of each status. */
export async function seriesSummary(db: Db, orgId: string, metricId: string) {
  const last = await db
    .selectFrom('metric_points')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('metric_id', '=', metricId)
    .orderBy('sort_key', 'desc')
    .limit(1)
    .executeTakeFirst();
  const counts = await db
    .selectFrom('metric_points')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('org_id', '=', orgId)
    .where('metric_id', '=', metricId)
    .groupBy('status')
    .execute();
  const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return { last, ok: n('ok'), warn: n('warn'), breach: n('breach') };
}

/** Every point of the given metrics, by time: the accuracy log. */
export async function pointsOf(db: Db, orgId: string, metricIds: string[]): Promise<PointRow[]> {
  if (!metricIds.length) return [];
  return db
    .selectFrom('metric_points')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('metric_id', 'in', metricIds)
    .orderBy('sort_key')
    .execute();
}

/** The model versions of an AI system, by name and version. */
export function modelsOfSystem(db: Db, orgId: string, aiSystemId: string) {
  return db
    .selectFrom('ai_models')
    .select(['id', 'name', 'model_version'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', aiSystemId)
    .orderBy('name')
    .orderBy('model_version')
    .execute();
}

export function systemName(db: Db, orgId: string, aiSystemId: string) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', '=', aiSystemId)
    .executeTakeFirst();
}

/** What the readiness check of 9.1 reads: systems in operation, their metrics, the breaches. */
export async function monitoringFacts(db: Db, orgId: string, stages: readonly string[]) {
  const systems = await db
    .selectFrom('ai_systems')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('lifecycle_stage', 'in', [...stages])
    .orderBy('id')
    .execute();
  const metrics = await db
    .selectFrom('metric_definitions')
    .select(['id', 'ai_system_id'])
    .where('org_id', '=', orgId)
    .execute();
  const latest = await db
    .selectFrom('metric_points')
    .select(['metric_id', (eb) => eb.fn.max('at').as('last_at')])
    .where('org_id', '=', orgId)
    .groupBy('metric_id')
    .execute();
  const open = await db
    .selectFrom('metric_breaches')
    .select(['id', 'metric_id', 'action'])
    .where('org_id', '=', orgId)
    .where('ended_at', 'is', null)
    .execute();
  return { systems, metrics, latest, open };
}

/** Every breach episode with its metric's name and unit, for a management review's inputs (9.3.2 d 2). */
export function breachSummaries(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('metric_breaches as b')
    .innerJoin('metric_definitions as m', (j) =>
      j.onRef('m.org_id', '=', 'b.org_id').onRef('m.id', '=', 'b.metric_id'),
    )
    .select([
      'b.id',
      'b.started_at',
      'b.ended_at',
      'b.started_value',
      'b.incident_id',
      'b.nonconformity_id',
      'm.name',
      'm.unit',
    ])
    .where('b.org_id', '=', orgId)
    .orderBy('b.started_at')
    .execute();
}
