import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS } from '../../catalog/index.js';
import type { Row } from '../../db/schema.js';
import { changesOf } from '../../kernel/changes.js';
import { uuidSchema } from '../../kernel/ids.js';

/**
 * Monitoring and measurement (9.1, A.6.2.6; EU AI Act Art. 15 and 72): metric definitions with
 * thresholds, batches of measurements, and breach episodes.
 */
export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const BREACH_ACTIONS = ['none', 'incident', 'nonconformity'] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];
export const POINT_STATUSES = ['ok', 'warn', 'breach'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];
/** The most points one batch may hold. */
export const MAX_BATCH = 10_000;

export type MetricRow = Row<'metric_definitions'>;
export type BatchRow = Row<'metric_batches'>;
export type PointRow = Row<'metric_points'>;
export type BreachRow = Row<'metric_breaches'>;

export const metricId = uuidSchema;
const finite = z.number().describe('A finite number.');
const text = (max: number) => z.string().max(max).nullable().optional();

export const metricFields = {
  aiSystemId: uuidSchema.describe('The AI system the metric measures.'),
  aiModelId: uuidSchema
    .nullable()
    .optional()
    .describe('A model version of that AI system, when the metric is about one version only.'),
  name: z
    .string()
    .trim()
    .min(1, 'Name the metric.')
    .max(200)
    .describe('What is measured, e.g. "Top-1 accuracy on the weekly sample".'),
  description: text(5000).describe('How it is measured: the data, the method, the frequency.'),
  unit: text(50).describe('The unit of the values (%, ms, ratio…).'),
  direction: z
    .enum(DIRECTIONS)
    .describe('higher_is_better (accuracy) or lower_is_better (latency, error rate).'),
  warnThreshold: finite
    .nullable()
    .optional()
    .describe('Beyond this value a point is a warning; on the good side of the breach threshold.'),
  breachThreshold: finite.describe(
    'Beyond this value a point is a breach (a value equal to it is not).',
  ),
  objectiveId: uuidSchema
    .nullable()
    .optional()
    .describe('The AI objective (6.2) the metric serves, if any.'),
  controlId: z
    .enum(ANNEX_A_CONTROL_IDS as [string, ...string[]], { error: 'Not an Annex A control.' })
    .nullable()
    .optional()
    .describe('The Annex A control the metric serves, if any (e.g. A.6.2.6).'),
  accuracy: z
    .boolean()
    .default(false)
    .describe('Whether this is a declared accuracy metric (EU AI Act Art. 15(3)).'),
  declaredLevel: finite
    .nullable()
    .optional()
    .describe('The declared level of accuracy (required for a declared accuracy metric).'),
  breachAction: z
    .enum(BREACH_ACTIONS)
    .default('none')
    .describe(
      'What a breach does: none, open an incident, or raise a nonconformity; once per breach episode.',
    ),
};

export const defineInput = z.object(metricFields).strict();
export type DefineInput = z.infer<typeof defineInput>;
/** A metric stays with its AI system: everything else may change. */
const { aiSystemId: _system, ...editable } = metricFields;
export const editInput = changesOf(editable).extend({ metricId }).strict();
export type EditInput = z.infer<typeof editInput>;

export const instant = z.iso.datetime({
  offset: true,
  message: 'Must be a date and time with a time zone (RFC 3339), e.g. 2026-03-02T09:00:00Z.',
});

export const pointInput = z
  .object({
    at: instant.describe('When the value was measured (RFC 3339).'),
    value: z.number().describe('The measured value (a finite number).'),
    aiModelId: uuidSchema
      .nullable()
      .optional()
      .describe("The model version measured (of the metric's AI system)."),
    note: text(1000).describe('A note on this measurement.'),
  })
  .strict();

export const ingestInput = z
  .object({
    metricId,
    batchKey: z
      .string()
      .min(1, 'Give the batch a key.')
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces.')
      .describe(
        "The client's key of this batch: sending it again with the same points changes nothing and answers the same result.",
      ),
    points: z
      .array(pointInput)
      .min(1, 'A batch holds at least one point.')
      .max(MAX_BATCH, `A batch holds at most ${MAX_BATCH} points.`)
      .describe('The measurements, up to 10,000.'),
  })
  .strict();
export type IngestInput = z.infer<typeof ingestInput>;

/** Numbers are stored as text; this is the one way a number becomes stored text. */
export const numText = (n: number) => String(n);
export const numOf = (s: string | null) => (s === null ? null : Number(s));
