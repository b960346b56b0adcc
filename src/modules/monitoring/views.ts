import { z } from 'zod';
import type { OrgAccess } from '../../kernel/context.js';
import { can } from '../../kernel/authorize.js';
import { namesSchema } from '../../kernel/names.js';
import {
  BREACH_ACTIONS,
  DIRECTIONS,
  POINT_STATUSES,
  numOf,
  type BatchRow,
  type BreachRow,
  type MetricRow,
  type PointRow,
} from './schemas.js';

export const metricView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    aiModelId: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    unit: z.string().nullable(),
    direction: z.enum(DIRECTIONS),
    warnThreshold: z.number().nullable(),
    breachThreshold: z.number(),
    objectiveId: z.string().nullable(),
    controlId: z.string().nullable(),
    accuracy: z.boolean(),
    declaredLevel: z.number().nullable(),
    breachAction: z.enum(BREACH_ACTIONS),
    abilities: z.object({ edit: z.boolean(), ingest: z.boolean() }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Metric' });
export type MetricView = z.infer<typeof metricView>;

export const toMetricView = (r: MetricRow, access: OrgAccess): MetricView => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  aiModelId: r.ai_model_id,
  name: r.name,
  description: r.description,
  unit: r.unit,
  direction: r.direction as MetricView['direction'],
  warnThreshold: numOf(r.warn_threshold),
  breachThreshold: Number(r.breach_threshold),
  objectiveId: r.objective_id,
  controlId: r.control_id,
  accuracy: r.accuracy === 1,
  declaredLevel: numOf(r.declared_level),
  breachAction: r.breach_action as MetricView['breachAction'],
  abilities: { edit: can(access, 'monitoring.define'), ingest: can(access, 'monitoring.ingest') },
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const pointView = z
  .object({
    id: z.string(),
    at: z.string(),
    value: z.number(),
    status: z.enum(POINT_STATUSES),
    aiModelId: z.string().nullable(),
    note: z.string().nullable(),
    batchId: z.string(),
  })
  .meta({ id: 'MetricPoint' });
export type PointView = z.infer<typeof pointView>;

export const toPointView = (r: PointRow): PointView => ({
  id: r.id,
  at: r.at,
  value: Number(r.value),
  status: r.status as PointView['status'],
  aiModelId: r.ai_model_id,
  note: r.note,
  batchId: r.batch_id,
});

export const breachView = z
  .object({
    id: z.string(),
    metricId: z.string(),
    batchId: z.string(),
    startedAt: z.string(),
    startedValue: z.number(),
    endedAt: z.string().nullable(),
    action: z.enum(BREACH_ACTIONS),
    incidentId: z.string().nullable(),
    nonconformityId: z.string().nullable(),
  })
  .meta({ id: 'MetricBreach' });
export type BreachView = z.infer<typeof breachView>;

export const toBreachView = (r: BreachRow): BreachView => ({
  id: r.id,
  metricId: r.metric_id,
  batchId: r.batch_id,
  startedAt: r.started_at,
  startedValue: Number(r.started_value),
  endedAt: r.ended_at,
  action: r.action as BreachView['action'],
  incidentId: r.incident_id,
  nonconformityId: r.nonconformity_id,
});

export const batchView = z
  .object({
    id: z.string(),
    metricId: z.string(),
    batchKey: z.string(),
    contentSha256: z.string(),
    pointCount: z.number().int(),
    counts: z.object({ ok: z.number().int(), warn: z.number().int(), breach: z.number().int() }),
    firstAt: z.string(),
    lastAt: z.string(),
    definitionVersion: z.number().int(),
    breaches: z.array(breachView).describe('The breach episodes this batch started.'),
    createdAt: z.string(),
  })
  .meta({ id: 'MetricBatch' });
export type BatchView = z.infer<typeof batchView>;

export const toBatchView = (r: BatchRow, breaches: BreachRow[]): BatchView => ({
  id: r.id,
  metricId: r.metric_id,
  batchKey: r.batch_key,
  contentSha256: r.content_sha256,
  pointCount: r.point_count,
  counts: { ok: r.ok_count, warn: r.warn_count, breach: r.breach_count },
  firstAt: r.first_at,
  lastAt: r.last_at,
  definitionVersion: r.definition_version,
  breaches: breaches.map(toBreachView),
  createdAt: r.created_at,
});

export const summaryView = z
  .object({
    lastValue: z.number().nullable(),
    lastAt: z.string().nullable(),
    status: z
      .enum([...POINT_STATUSES, 'no_data'])
      .describe('The status of the latest point, or no_data.'),
    points: z.number().int(),
    warn: z.number().int(),
    breach: z.number().int(),
    openBreach: breachView.nullable().describe('The breach episode in progress, if any.'),
  })
  .meta({ id: 'MetricSummary' });
export type SummaryView = z.infer<typeof summaryView>;

export const metricWithSummary = metricView
  .extend({ names: namesSchema, summary: summaryView })
  .meta({ id: 'MetricWithSummary' });
