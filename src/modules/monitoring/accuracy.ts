import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { labelOf, POINT_STATUS } from '../../labels.js';
import { documentHead } from '../orgs/index.js';
import { tableFile, type TableColumn, type TableFormat } from '../../interop/tabular.js';
import { notFound } from '../../kernel/errors.js';
import { worse } from './evaluate.js';
import { metricsOfSystem, modelsOfSystem, pointsOf, systemName } from './queries.js';
import { DIRECTIONS, POINT_STATUSES, type Direction } from './schemas.js';

/**
 * The accuracy log (EU AI Act Art. 15(3)): per model version of an AI system, its declared
 * accuracy metrics with their declared levels, and every measurement against them.
 */
const measurement = z.object({
  at: z.string(),
  value: z.number(),
  status: z.enum(POINT_STATUSES),
  meetsDeclared: z.boolean().describe('Whether the value is at or better than the declared level.'),
  note: z.string().nullable(),
});

export const accuracyLogView = z
  .object({
    aiSystemId: z.string(),
    aiSystemName: z.string(),
    models: z.array(
      z.object({
        aiModelId: z.string().nullable().describe('null: measurements naming no model version.'),
        name: z.string().nullable(),
        modelVersion: z.string().nullable(),
        metrics: z.array(
          z.object({
            metricId: z.string(),
            name: z.string(),
            unit: z.string().nullable(),
            direction: z.enum(DIRECTIONS),
            declaredLevel: z.number(),
            measurements: z.array(measurement),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'AccuracyLog' });
export type AccuracyLog = z.infer<typeof accuracyLogView>;

export async function accuracyLog(
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
): Promise<AccuracyLog> {
  const system = await systemName(db, orgId, aiSystemId);
  if (!system) throw notFound('AI system');
  const metrics = (await metricsOfSystem(db, orgId, aiSystemId)).filter((m) => m.accuracy === 1);
  const models = await modelsOfSystem(db, orgId, aiSystemId);
  const points = await pointsOf(
    db,
    orgId,
    metrics.map((m) => m.id),
  );
  const groups = [
    ...models.map((m) => ({ aiModelId: m.id, name: m.name, modelVersion: m.model_version })),
    { aiModelId: null, name: null, modelVersion: null },
  ];
  const out = groups.map((g) => ({
    ...g,
    metrics: metrics
      .filter(
        (m) => g.aiModelId === null || m.ai_model_id === null || m.ai_model_id === g.aiModelId,
      )
      .map((m) => {
        const declared = Number(m.declared_level);
        const direction = m.direction as Direction;
        return {
          metricId: m.id,
          name: m.name,
          unit: m.unit,
          direction,
          declaredLevel: declared,
          measurements: points
            .filter((p) => p.metric_id === m.id && p.ai_model_id === g.aiModelId)
            .map((p) => ({
              at: p.at,
              value: Number(p.value),
              status: p.status as (typeof POINT_STATUSES)[number],
              meetsDeclared: !worse(direction, Number(p.value), declared),
              note: p.note,
            })),
        };
      }),
  }));
  // The group without a model version only when some measurement names none.
  const models_ = out.filter(
    (g) => g.aiModelId !== null || g.metrics.some((m) => m.measurements.length),
  );
  return { aiSystemId, aiSystemName: system.name, models: models_ };
}

const COLUMNS: TableColumn[] = [
  { key: 'model', header: 'Model version', width: 10 },
  { key: 'metric', header: 'Metric', width: 12 },
  { key: 'declared', header: 'Declared level', width: 6 },
  { key: 'at', header: 'Measured at (UTC)', width: 9 },
  { key: 'value', header: 'Value', width: 6 },
  { key: 'meets', header: 'Meets declared level', width: 6 },
  { key: 'status', header: 'Status', width: 5 },
  { key: 'note', header: 'Note', width: 12 },
];

/** The accuracy log as a file: one row per measurement. */
export async function accuracyLogFile(
  db: Kysely<DB>,
  access: OrgAccess,
  aiSystemId: string,
  format: TableFormat,
  now: Date,
) {
  const log = await accuracyLog(db, access.orgId, aiSystemId);
  const rows = log.models.flatMap((g) =>
    g.metrics.flatMap((m) =>
      m.measurements.map((x) => ({
        model: g.aiModelId ? `${g.name} ${g.modelVersion}` : '(no model version named)',
        metric: m.unit ? `${m.name} (${m.unit})` : m.name,
        declared: m.declaredLevel,
        at: x.at,
        value: x.value,
        meets: x.meetsDeclared ? 'Yes' : 'No',
        status: labelOf(POINT_STATUS, x.status),
        note: x.note ?? '',
      })),
    ),
  );
  return tableFile(
    format,
    'accuracy-log',
    // The title names the worksheet, where a system's name could hold characters Excel refuses.
    'Accuracy log',
    `${log.aiSystemName}: declared accuracy metrics (EU AI Act Art. 15) and every measurement, per model version`,
    COLUMNS,
    rows,
    await documentHead(db, access, now),
  );
}
