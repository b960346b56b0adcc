import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, pickNames, resolveNames } from '../../kernel/names.js';
import { openBreach, seriesSummary } from './queries.js';
import type { MetricRow } from './schemas.js';
import { toBreachView, toMetricView, type PointView, type SummaryView } from './views.js';

/** A metric's series at a glance: the latest value and status, counts, the open breach. */
export async function summaryOf(
  db: Kysely<DB>,
  orgId: string,
  metricId: string,
): Promise<SummaryView> {
  const s = await seriesSummary(db, orgId, metricId);
  const open = await openBreach(db, orgId, metricId);
  return {
    lastValue: s.last ? Number(s.last.value) : null,
    lastAt: s.last?.at ?? null,
    status: s.last ? (s.last.status as PointView['status']) : 'no_data',
    points: s.ok + s.warn + s.breach,
    warn: s.warn,
    breach: s.breach,
    openBreach: open ? toBreachView(open) : null,
  };
}

/** What a metric refers to that has a name: its AI system, model version, objective, control. */
export const metricWants = (rows: readonly MetricRow[]) =>
  new NameWants()
    .add(
      'ai_systems',
      rows.map((r) => r.ai_system_id),
    )
    .add(
      'ai_models',
      rows.map((r) => r.ai_model_id),
    )
    .add(
      'objectives',
      rows.map((r) => r.objective_id),
    )
    .add(
      'catalog',
      rows.map((r) => r.control_id),
    );

/**
 * A metric as the API shows it, with its summary and the names of what it refers to (`all`: the
 * names read for its whole page, else read for this one).
 */
export async function metricWithSummaryOf(
  db: Kysely<DB>,
  r: MetricRow,
  access: OrgAccess,
  all?: ReadonlyMap<string, string>,
) {
  const names = all ?? (await resolveNames(db, access, metricWants([r])));
  return {
    ...toMetricView(r, access),
    names: pickNames(names, r.ai_system_id, r.ai_model_id, r.objective_id, r.control_id),
    summary: await summaryOf(db, access.orgId, r.id),
  };
}
