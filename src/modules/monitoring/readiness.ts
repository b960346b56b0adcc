import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monitoringFacts } from './queries.js';

/** The life cycle stages in which an AI system is in use and must be monitored. */
const IN_OPERATION = [
  'deployment',
  'operation_and_monitoring',
  'continuous_validation',
  're_evaluation',
] as const;
/** A metric whose latest point is older than this is not measured recently. */
const RECENT_DAYS = 31;

export interface MonitoringFinding {
  status: 'met' | 'partial' | 'missing';
  detail: string;
  refs: { type: string; id: string }[];
}

/**
 * What clause 9.1 rests on in the monitoring records: every AI system in operation has a
 * metric, every such metric was measured in the last 31 days, and no breach in progress was left
 * without an incident or a nonconformity.
 */
export async function monitoringReadiness(
  db: Kysely<DB>,
  orgId: string,
  now: string,
): Promise<MonitoringFinding> {
  const f = await monitoringFacts(db, orgId, IN_OPERATION);
  if (!f.systems.length)
    return {
      status: f.metrics.length ? 'partial' : 'missing',
      detail: 'No AI system is in deployment or operation, so none is monitored yet.',
      refs: [],
    };
  const operating = new Set(f.systems.map((s) => s.id));
  const metrics = f.metrics.filter((m) => operating.has(m.ai_system_id));
  if (!metrics.length)
    return {
      status: 'missing',
      detail: `None of the ${f.systems.length} AI systems in operation has a metric defined.`,
      refs: f.systems.map((s) => ({ type: 'ai_systems', id: s.id })),
    };
  const measured = new Set(metrics.map((m) => m.ai_system_id));
  const unmonitored = f.systems.filter((s) => !measured.has(s.id));
  const since = new Date(Date.parse(now) - RECENT_DAYS * 86_400_000).toISOString();
  const last = new Map(f.latest.map((l) => [l.metric_id, String(l.last_at)]));
  const stale = metrics.filter((m) => !last.has(m.id) || last.get(m.id)! < since);
  const ids = new Set(metrics.map((m) => m.id));
  const unacted = f.open.filter((b) => ids.has(b.metric_id) && b.action === 'none');
  const gaps: string[] = [];
  if (unmonitored.length)
    gaps.push(`${unmonitored.length} AI system(s) in operation without a metric`);
  if (stale.length)
    gaps.push(`${stale.length} metric(s) not measured in the last ${RECENT_DAYS} days`);
  if (unacted.length)
    gaps.push(`${unacted.length} breach(es) in progress with no incident or nonconformity`);
  if (!gaps.length)
    return {
      status: 'met',
      detail: `All ${f.systems.length} AI systems in operation are monitored by ${metrics.length} metric(s), each measured in the last ${RECENT_DAYS} days; every breach in progress was acted on.`,
      refs: metrics.map((m) => ({ type: 'metric_definitions', id: m.id })),
    };
  return {
    status: 'partial',
    detail: `${gaps.join('; ')}.`,
    refs: [
      ...unmonitored.map((s) => ({ type: 'ai_systems', id: s.id })),
      ...stale.map((m) => ({ type: 'metric_definitions', id: m.id })),
      ...unacted.map((b) => ({ type: 'metric_breaches', id: b.id })),
    ],
  };
}
