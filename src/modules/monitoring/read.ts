import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
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

/** A metric as the API shows it, with its summary. */
export async function metricWithSummaryOf(db: Kysely<DB>, r: MetricRow, access: OrgAccess) {
  return { ...toMetricView(r, access), summary: await summaryOf(db, access.orgId, r.id) };
}
