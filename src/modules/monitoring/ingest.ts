import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import { newId, sha256Hex } from '../../kernel/ids.js';
import { canonicalize } from '../../kernel/jcs.js';
import { insertRecord, loadRecord, today, updateRecord } from '../../kernel/records.js';
import { openIncident } from '../incidents/index.js';
import { raiseWithin } from '../nonconformities/index.js';
import { classify, type Thresholds } from './evaluate.js';
import { batchByKey, breachesOfBatch, modelsIn, openBreach } from './queries.js';
import {
  ingestInput,
  numText,
  type BatchRow,
  type BreachRow,
  type Direction,
  type MetricRow,
  type PointStatus,
} from './schemas.js';

/**
 * Ingestion of a batch of measurements: one transaction stores the batch record (one ledger
 * event with its key, count and the SHA-256 of its canonical content), its points (a plain
 * table, see docs/ARCHITECTURE.md "Monitoring"), and the breach episodes it starts or ends with
 * the incident or nonconformity the metric's rule asks for.
 */

/** A point as it is hashed and stored: the time in UTC to the millisecond. */
interface Point {
  at: string;
  value: number;
  aiModelId: string | null;
  note: string | null;
}

/** How far ahead of the server's clock a measurement may be dated (clocks drift). */
const FUTURE_SLACK_MS = 5 * 60_000;
const MAX_ERRORS = 20;
const CHUNK = 500;

/** The SHA-256 of a batch's canonical content (RFC 8785 JSON of the metric id and the points). */
export const batchHash = (metricId: string, points: Point[]) =>
  sha256Hex(canonicalize({ metricId, points }));

/** What an ingestion answers: the batch and the breach episodes it started. */
export interface Ingested {
  batch: BatchRow;
  breaches: BreachRow[];
}

async function checkPoints(tx: OrgTx, metric: MetricRow, points: Point[]) {
  const errors: FieldError[] = [];
  const limit = Date.parse(tx.now) + FUTURE_SLACK_MS;
  points.forEach((p, i) => {
    const t = Date.parse(p.at);
    if (t < 0 || t > limit)
      errors.push({
        pointer: `/body/points/${i}/at`,
        message: t < 0 ? 'Before 1970.' : 'In the future: a measurement is of a time past.',
      });
  });
  if (errors.length)
    throw new AppError('INCONSISTENT_INPUT', errors[0]!.message, errors.slice(0, MAX_ERRORS));
  const ids = [...new Set(points.flatMap((p) => (p.aiModelId ? [p.aiModelId] : [])))];
  const models = new Map((await modelsIn(tx.db, tx.org.orgId, ids)).map((m) => [m.id, m]));
  const unknown: FieldError[] = [];
  points.forEach((p, i) => {
    if (!p.aiModelId) return;
    const pointer = `/body/points/${i}/aiModelId`;
    const m = models.get(p.aiModelId);
    if (!m) unknown.push({ pointer, message: 'No such AI model.' });
    else if (m.ai_system_id !== metric.ai_system_id)
      errors.push({ pointer, message: "Not a model version of the metric's AI system." });
    else if (metric.ai_model_id && p.aiModelId !== metric.ai_model_id)
      errors.push({ pointer, message: 'The metric is defined for another model version.' });
  });
  if (unknown.length)
    throw new AppError('UNKNOWN_REFERENCE', unknown[0]!.message, unknown.slice(0, MAX_ERRORS));
  if (errors.length)
    throw new AppError('INCONSISTENT_INPUT', errors[0]!.message, errors.slice(0, MAX_ERRORS));
}

/** The sort key of a point: its time in epoch milliseconds (15 digits) and its id. */
const sortKey = (at: string, id: string) => `${String(Date.parse(at)).padStart(15, '0')}-${id}`;

/** Opens a breach episode and does what the metric's rule says, in this transaction. */
async function startBreach(
  tx: OrgTx,
  metric: MetricRow,
  batch: BatchRow,
  p: Point & { status: PointStatus },
) {
  const orgId = tx.org.orgId;
  const episode = await insertRecord(tx, orgId, 'metric_breaches', {
    metric_id: metric.id,
    batch_id: batch.id,
    started_at: p.at,
    started_value: numText(p.value),
    ended_at: null,
    action: metric.breach_action,
    incident_id: null,
    nonconformity_id: null,
  });
  const unit = metric.unit ? ` ${metric.unit}` : '';
  const what = `${metric.name} measured ${p.value}${unit} at ${p.at}, beyond its breach threshold of ${metric.breach_threshold}${unit}.`;
  if (metric.breach_action === 'incident') {
    const incident = await openIncident(tx, {
      title: `Metric breach: ${metric.name}`.slice(0, 300),
      description: what,
      source: 'monitoring',
      sourceRef: `metric_breaches/${episode.id}`,
      occurredAt: p.at < tx.now ? p.at : tx.now,
      severity: 'high',
      systems: [{ aiSystemId: metric.ai_system_id, aiModelId: p.aiModelId }],
    });
    return updateRecord(tx, orgId, 'metric_breaches', episode, { incident_id: incident.id });
  }
  if (metric.breach_action === 'nonconformity') {
    const nc = await raiseWithin(tx, {
      title: `Metric breach: ${metric.name}`.slice(0, 300),
      description: what,
      requirementId: metric.control_id ?? '9.1',
      sourceType: 'monitoring',
      sourceId: episode.id,
      severity: 'minor',
      detectedOn: today(new Date(tx.now)),
    });
    return updateRecord(tx, orgId, 'metric_breaches', episode, { nonconformity_id: nc.id });
  }
  return episode;
}

/**
 * Stores a batch of measurements of one metric, classifies each point against the thresholds
 * in force and acts on breaches. Idempotent by the batch key: the same key with the same content
 * writes nothing and answers the stored result; the same key with other content is refused.
 */
export const ingestPoints = orgCommand({
  action: 'monitoring.ingest',
  input: ingestInput,
  pathIds: ['metricId'],
  async run(tx, input): Promise<Ingested> {
    const orgId = tx.org.orgId;
    const metric = await loadRecord(tx.db, 'metric_definitions', orgId, input.metricId, 'metric');
    const points: Point[] = input.points.map((p) => ({
      at: new Date(p.at).toISOString(),
      value: p.value,
      aiModelId: p.aiModelId ?? null,
      note: p.note ?? null,
    }));
    const hash = batchHash(metric.id, points);
    const prior = await batchByKey(tx.db, orgId, input.batchKey);
    if (prior) {
      if (prior.metric_id === metric.id && prior.content_sha256 === hash)
        return { batch: prior, breaches: await breachesOfBatch(tx.db, orgId, prior.id) };
      throw new AppError('BATCH_KEY_REUSED', 'This batch key was used for another batch.', [
        {
          pointer: '/body/batchKey',
          message: 'Used before with other points: give a new batch a new key.',
        },
      ]);
    }
    await checkPoints(tx, metric, points);

    const t: Thresholds = {
      direction: metric.direction as Direction,
      warn: metric.warn_threshold === null ? null : Number(metric.warn_threshold),
      breach: Number(metric.breach_threshold),
    };
    const rows = points.map((p) => {
      const id = newId();
      return {
        id,
        org_id: orgId,
        metric_id: metric.id,
        batch_id: '',
        sort_key: sortKey(p.at, id),
        at: p.at,
        value: numText(p.value),
        ai_model_id: p.aiModelId ?? metric.ai_model_id,
        note: p.note,
        status: classify(t, p.value),
        created_at: tx.now,
      };
    });
    const count = (s: PointStatus) => rows.filter((r) => r.status === s).length;
    const times = rows.map((r) => r.at).sort();
    const batch = await insertRecord(tx, orgId, 'metric_batches', {
      metric_id: metric.id,
      batch_key: input.batchKey,
      content_sha256: hash,
      point_count: rows.length,
      ok_count: count('ok'),
      warn_count: count('warn'),
      breach_count: count('breach'),
      first_at: times[0]!,
      last_at: times[times.length - 1]!,
      definition_version: metric.version,
      member_id: tx.org.memberId,
    });
    for (const r of rows) r.batch_id = batch.id;
    for (let i = 0; i < rows.length; i += CHUNK)
      await tx.db
        .insertInto('metric_points')
        .values(rows.slice(i, i + CHUNK))
        .execute();

    // Episodes follow the points in time order: a breach starts one unless one is open; a
    // point within the thresholds, at or after its start, ends it.
    const started: BreachRow[] = [];
    let open = await openBreach(tx.db, orgId, metric.id);
    const inOrder = rows
      .map((r, i) => ({ ...points[i]!, aiModelId: r.ai_model_id, status: r.status }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const p of inOrder) {
      if (p.status === 'breach') {
        if (open) continue;
        open = await startBreach(tx, metric, batch, p);
        started.push(open);
      } else if (open && p.at >= open.started_at) {
        const ended = await updateRecord(tx, orgId, 'metric_breaches', open, { ended_at: p.at });
        const i = started.findIndex((s) => s.id === ended.id);
        if (i >= 0) started[i] = ended;
        open = undefined;
      }
    }
    return { batch, breaches: started };
  },
});
