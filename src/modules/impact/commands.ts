import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { encodeJson } from '../../db/json.js';
import { ANNEX_A_CONTROL_IDS } from '../../catalog/index.js';
import { checkVersion, defineCommand, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import {
  addMonths,
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';

/**
 * The commands of an impact assessment: each is one action of the permission matrix, written to
 * the ledger under that name. Assessments and their impacts change only while a draft.
 */
export const AFFECTED = ['individuals', 'groups', 'society'] as const;
export const DIMENSIONS = [
  'fairness',
  'privacy',
  'safety',
  'human_rights',
  'autonomy',
  'transparency',
  'environment',
  'employment',
  'other',
] as const;

const id = uuidSchema;
const level = z.number().int().min(1).max(5);
const title = z.string().trim().min(1).max(300);
const summary = z
  .string()
  .max(20_000)
  .nullable()
  .optional()
  .describe('Context, method and conclusion.');
const dpiaReference = z
  .string()
  .max(500)
  .nullable()
  .optional()
  .describe('The GDPR DPIA this links to (reference or URL).');
const modelId = id.nullable().optional();

export const assessmentInput = z
  .object({
    aiSystemId: id.describe('The AI system assessed.'),
    aiModelId: modelId.describe('The model version assessed, if one.'),
    title,
    summary,
    dpiaReference,
    reviewCycleMonths: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(12)
      .describe('When the assessment must be redone at the latest.'),
  })
  .strict();

export const assessmentChange = z
  .object({
    aiModelId: modelId.describe(
      'The model version assessed (one of the same AI system), or null for the system as a whole.',
    ),
    title: title.optional(),
    summary,
    dpiaReference,
    reviewCycleMonths: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe('When the assessment must be redone at the latest.'),
  })
  .strict();

export const itemInput = z
  .object({
    affected: z.enum(AFFECTED).describe('Who is affected.'),
    dimension: z.enum(DIMENSIONS).describe('Along which dimension.'),
    description: z.string().trim().min(1).max(20_000).describe('The impact.'),
    severity: level.describe('1 (negligible) to 5 (severe).'),
    likelihood: level.describe('1 (rare) to 5 (almost certain).'),
    mitigation: z.string().max(20_000).nullable().optional().describe('How it is mitigated.'),
    riskIds: z.array(id).max(100).default([]).describe('Risks in the register that carry it.'),
    controlIds: z
      .array(
        z.enum(ANNEX_A_CONTROL_IDS as [string, ...string[]], {
          message: 'Not an Annex A control identifier.',
        }),
      )
      .max(38)
      .default([])
      .describe('Annex A controls that mitigate it.'),
  })
  .strict();

const noBody = z.object({}).strict().optional();

async function exists(tx: Tx, table: string, orgId: string, rid: string) {
  return !!(await (tx.db as any)
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', rid)
    .executeTakeFirst());
}

/** A model version must be one of the assessed system's. */
async function checkModel(tx: Tx, orgId: string, aiSystemId: string, aiModelId: string) {
  const m = await (tx.db as any)
    .selectFrom('ai_models')
    .select('ai_system_id')
    .where('org_id', '=', orgId)
    .where('id', '=', aiModelId)
    .executeTakeFirst();
  if (!m || m.ai_system_id !== aiSystemId) {
    throw new AppError('UNKNOWN_REFERENCE', 'No such model version of this AI system.', [
      { pointer: '/body/aiModelId', message: 'Not a model version of this system.' },
    ]);
  }
}

async function checkRisks(tx: Tx, orgId: string, riskIds: string[] | undefined) {
  for (const [i, rid] of (riskIds ?? []).entries()) {
    if (!(await exists(tx, 'risks', orgId, rid)))
      throw new AppError('UNKNOWN_REFERENCE', 'No such risk.', [
        { pointer: `/body/riskIds/${i}`, message: 'No such risk.' },
      ]);
  }
}

async function loadDraft(tx: Tx, orgId: string, assessmentId: string) {
  const a = await loadRow(tx, 'impact_assessments', orgId, assessmentId, 'impact assessment');
  if (a.status !== 'draft')
    throw new AppError(
      'VERSION_LOCKED',
      'An approved assessment is locked: start a new one to re-assess.',
    );
  return a;
}

/** An impact of a draft assessment, at the version the caller expects. */
async function loadItem(
  tx: Tx,
  orgId: string,
  scope: { ids?: Record<string, string>; ifMatch?: number },
) {
  const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
  const item = await loadRow(tx, 'impact_items', orgId, scope.ids!.itemId!, 'impact');
  if (item.assessment_id !== a.id) throw notFound('impact');
  checkVersion(item.version, scope.ifMatch);
  return { a, item };
}

/**
 * A change to an impact is a change to its assessment: the assessment's version moves too, so an
 * approver whose If-Match names the version they read cannot approve impacts they have not seen.
 */
const touch = (tx: Tx, orgId: string, a: Row<'impact_assessments'>) =>
  updateRecord(tx, orgId, 'impact_assessments', a, {});

const itemRow = (i: z.infer<typeof itemInput>) => ({
  affected: i.affected,
  dimension: i.dimension,
  description: i.description,
  severity: i.severity,
  likelihood: i.likelihood,
  mitigation: i.mitigation ?? null,
  risk_ids: encodeJson(i.riskIds),
  control_ids: encodeJson(i.controlIds),
});

export const createAssessment = defineCommand({
  action: 'impact_assessments.create',
  input: assessmentInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    if (!(await exists(tx, 'ai_systems', orgId, input.aiSystemId)))
      throw new AppError('UNKNOWN_REFERENCE', 'No such AI system.', [
        { pointer: '/body/aiSystemId', message: 'No such AI system.' },
      ]);
    if (input.aiModelId) await checkModel(tx, orgId, input.aiSystemId, input.aiModelId);
    return insertRecord(tx, orgId, 'impact_assessments', {
      ai_system_id: input.aiSystemId,
      ai_model_id: input.aiModelId ?? null,
      title: input.title,
      status: 'draft',
      summary: input.summary ?? null,
      dpia_reference: input.dpiaReference ?? null,
      review_cycle_months: input.reviewCycleMonths,
      author_member_id: await memberIdOf(tx, scope.access!),
      approver_member_id: null,
      approved_at: null,
      next_due_date: null,
    });
  },
});

export const updateAssessment = defineCommand({
  action: 'impact_assessments.update',
  input: assessmentChange,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    checkVersion(a.version, scope.ifMatch);
    if (input.aiModelId) await checkModel(tx, orgId, a.ai_system_id, input.aiModelId);
    const changes: Record<string, unknown> = {};
    if (input.aiModelId !== undefined) changes.ai_model_id = input.aiModelId;
    if (input.title !== undefined) changes.title = input.title;
    if (input.summary !== undefined) changes.summary = input.summary;
    if (input.dpiaReference !== undefined) changes.dpia_reference = input.dpiaReference;
    if (input.reviewCycleMonths !== undefined)
      changes.review_cycle_months = input.reviewCycleMonths;
    return updateRecord(tx, orgId, 'impact_assessments', a, changes);
  },
});

export const addItem = defineCommand({
  action: 'impact_assessments.add_impact',
  input: itemInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    await checkRisks(tx, orgId, input.riskIds);
    await touch(tx, orgId, a);
    return insertRecord(tx, orgId, 'impact_items', { assessment_id: a.id, ...itemRow(input) });
  },
});

export const updateItem = defineCommand({
  action: 'impact_assessments.update_impact',
  input: itemInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const { a, item } = await loadItem(tx, orgId, scope);
    await checkRisks(tx, orgId, input.riskIds);
    await touch(tx, orgId, a);
    return updateRecord(tx, orgId, 'impact_items', item, itemRow(input));
  },
});

export const removeItem = defineCommand({
  action: 'impact_assessments.remove_impact',
  input: noBody,
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const { a, item } = await loadItem(tx, orgId, scope);
    await touch(tx, orgId, a);
    await (tx.db as any)
      .deleteFrom('impact_items')
      .where('org_id', '=', orgId)
      .where('id', '=', item.id)
      .execute();
    tx.record(orgId, 'impact_items', item.id, null);
    return { id: item.id };
  },
});

export const approveAssessment = defineCommand({
  action: 'impact_assessments.approve',
  input: noBody,
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    checkVersion(a.version, scope.ifMatch);
    const items = await (tx.db as any)
      .selectFrom('impact_items')
      .select('id')
      .where('org_id', '=', orgId)
      .where('assessment_id', '=', a.id)
      .limit(1)
      .execute();
    if (!items.length)
      throw new AppError('INVALID_STATE', 'Record at least one impact before approving.');
    const me = await memberIdOf(tx, scope.access!);
    assertNotAuthor(a.author_member_id, me, 'impact assessment');
    const older = await (tx.db as any)
      .selectFrom('impact_assessments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('ai_system_id', '=', a.ai_system_id)
      .where('status', '=', 'approved')
      .execute();
    for (const o of older)
      await updateRecord(tx, orgId, 'impact_assessments', o, { status: 'superseded' });
    return updateRecord(tx, orgId, 'impact_assessments', a, {
      status: 'approved',
      approver_member_id: me,
      approved_at: tx.now,
      next_due_date: addMonths(tx.now, Number(a.review_cycle_months)),
    });
  },
});
