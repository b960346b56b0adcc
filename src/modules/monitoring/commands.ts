import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { thresholdProblems } from './evaluate.js';
import { modelsIn } from './queries.js';
import {
  defineInput,
  editInput,
  numOf,
  numText,
  type Direction,
  type MetricRow,
} from './schemas.js';

/**
 * Metric definitions: each create and edit is an event of its record, so the ledger holds every
 * version (thresholds, direction, declared level, breach rule) and the record's history shows
 * them; each point records the definition version it was classified against.
 */

/** Refuses a model version of another AI system, and thresholds that contradict each other. */
async function checkDefinition(tx: OrgTx, m: MetricRow) {
  if (m.ai_model_id) {
    const [model] = await modelsIn(tx.db, tx.org.orgId, [m.ai_model_id]);
    if (model && model.ai_system_id !== m.ai_system_id)
      throw new AppError('INCONSISTENT_INPUT', 'The model version is not of this AI system.', [
        {
          pointer: '/body/aiModelId',
          message: "Choose a model version of the metric's AI system.",
        },
      ]);
  }
  const problems = thresholdProblems(
    {
      direction: m.direction as Direction,
      warn: numOf(m.warn_threshold),
      breach: Number(m.breach_threshold),
    },
    m.accuracy === 1,
    numOf(m.declared_level),
  );
  if (problems.length) throw new AppError('INCONSISTENT_INPUT', problems[0]!.message, problems);
}

const optNum = (n: number | null | undefined) =>
  n === null || n === undefined ? null : numText(n);

/** Defines a metric of an AI system with its thresholds and what a breach does. */
export const defineMetric = orgCommand({
  action: 'monitoring.define',
  input: defineInput,
  async run(tx, input) {
    await assertInOrg(tx, {
      aiSystemId: ['ai_systems', input.aiSystemId],
      aiModelId: ['ai_models', input.aiModelId],
      objectiveId: ['objectives', input.objectiveId, 'objective'],
    });
    const values = {
      ai_system_id: input.aiSystemId,
      ai_model_id: input.aiModelId ?? null,
      name: input.name,
      description: input.description ?? null,
      unit: input.unit ?? null,
      direction: input.direction,
      warn_threshold: optNum(input.warnThreshold),
      breach_threshold: numText(input.breachThreshold),
      objective_id: input.objectiveId ?? null,
      control_id: input.controlId ?? null,
      accuracy: input.accuracy ? 1 : 0,
      declared_level: optNum(input.declaredLevel),
      breach_action: input.breachAction,
    };
    await checkDefinition(tx, {
      ...values,
      id: '',
      org_id: '',
      version: 0,
      created_at: '',
      updated_at: '',
    });
    return insertRecord(tx, tx.org.orgId, 'metric_definitions', values);
  },
});

/**
 * Changes a metric: a new version of its record. Points already stored keep the status they
 * were classified with; new points are classified against the new thresholds.
 */
export const editMetric = orgCommand({
  action: 'monitoring.define',
  input: editInput,
  pathIds: ['metricId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const m = await loadRecord(tx.db, 'metric_definitions', orgId, input.metricId, 'metric');
    tx.expectVersion(m.version);
    await assertInOrg(tx, {
      aiModelId: ['ai_models', input.aiModelId],
      objectiveId: ['objectives', input.objectiveId, 'objective'],
    });
    const c: RecordChanges<'metric_definitions'> = {};
    if (input.aiModelId !== undefined) c.ai_model_id = input.aiModelId;
    if (input.name !== undefined) c.name = input.name;
    if (input.description !== undefined) c.description = input.description;
    if (input.unit !== undefined) c.unit = input.unit;
    if (input.direction !== undefined) c.direction = input.direction;
    if (input.warnThreshold !== undefined) c.warn_threshold = optNum(input.warnThreshold);
    if (input.breachThreshold !== undefined) c.breach_threshold = numText(input.breachThreshold);
    if (input.objectiveId !== undefined) c.objective_id = input.objectiveId;
    if (input.controlId !== undefined) c.control_id = input.controlId;
    if (input.accuracy !== undefined) c.accuracy = input.accuracy ? 1 : 0;
    if (input.declaredLevel !== undefined) c.declared_level = optNum(input.declaredLevel);
    if (input.breachAction !== undefined) c.breach_action = input.breachAction;
    await checkDefinition(tx, { ...m, ...c });
    return updateRecord(tx, orgId, 'metric_definitions', m, c);
  },
});
