import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import {
  addMonths,
  deleteRecord,
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertEditable } from '../../kernel/workflow.js';
import { approvedAssessmentsOf, hasImpacts, systemOfModel } from './queries.js';
import {
  approvalRefusal,
  assessmentChange,
  assessmentId,
  assessmentInput,
  IMPACT_WORKFLOW,
  itemId,
  itemInput,
  type AssessmentRow,
  type ItemInput,
} from './schemas.js';

/**
 * The commands of an impact assessment: each is one action of the permission matrix, written to
 * the ledger under that name. Assessments and their impacts change only while a draft.
 */

/** A model version must be one of the organization's, and of the assessed system. */
async function checkModel(tx: OrgTx, aiSystemId: string, aiModelId: string) {
  await assertInOrg(tx, { aiModelId: ['ai_models', aiModelId] });
  if ((await systemOfModel(tx.db, tx.org.orgId, aiModelId)) !== aiSystemId)
    throw new AppError('UNKNOWN_REFERENCE', 'No such model version of this AI system.', [
      { pointer: '/body/aiModelId', message: 'Not a model version of this system.' },
    ]);
}

const checkRisks = (tx: OrgTx, riskIds: string[]) =>
  assertInOrg(tx, { riskIds: ['risks', riskIds] });

const loadAssessment = (tx: OrgTx, id: string) =>
  loadRecord(tx.db, 'impact_assessments', tx.org.orgId, id, 'impact assessment');

/** An impact of a draft assessment, at the version the caller expects. */
async function loadItem(tx: OrgTx, ids: { assessmentId: string; itemId: string }) {
  const a = await loadAssessment(tx, ids.assessmentId);
  assertEditable(IMPACT_WORKFLOW, a);
  const item = await loadRecord(tx.db, 'impact_items', tx.org.orgId, ids.itemId, 'impact');
  if (item.assessment_id !== a.id) throw notFound('impact');
  tx.expectVersion(item.version);
  return { a, item };
}

/**
 * A change to an impact is a change to its assessment: the assessment's version moves too, so an
 * approver whose If-Match names the version they read cannot approve impacts they have not seen.
 */
const touch = (tx: OrgTx, a: AssessmentRow) =>
  updateRecord(tx, tx.org.orgId, 'impact_assessments', a, {});

const itemRow = (i: ItemInput) => ({
  affected: i.affected,
  dimension: i.dimension,
  description: i.description,
  severity: i.severity,
  likelihood: i.likelihood,
  mitigation: i.mitigation ?? null,
  risk_ids: encodeJson(i.riskIds),
  control_ids: encodeJson(i.controlIds),
});

/** Starts a draft assessment of an AI system (and, if given, one of its model versions). */
export const createAssessment = orgCommand({
  action: 'impact_assessments.create',
  input: assessmentInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, { aiSystemId: ['ai_systems', input.aiSystemId] });
    if (input.aiModelId) await checkModel(tx, input.aiSystemId, input.aiModelId);
    return insertRecord(tx, orgId, 'impact_assessments', {
      ai_system_id: input.aiSystemId,
      ai_model_id: input.aiModelId ?? null,
      title: input.title,
      status: 'draft',
      summary: input.summary ?? null,
      dpia_reference: input.dpiaReference ?? null,
      review_cycle_months: input.reviewCycleMonths,
      author_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
      next_due_date: null,
    });
  },
});

/** Changes a draft; its model version must be one of the same AI system. */
export const updateAssessment = orgCommand({
  action: 'impact_assessments.update',
  input: assessmentChange.extend({ assessmentId }),
  pathIds: ['assessmentId'],
  async run(tx, input) {
    const a = await loadAssessment(tx, input.assessmentId);
    tx.expectVersion(a.version);
    assertEditable(IMPACT_WORKFLOW, a);
    if (input.aiModelId) await checkModel(tx, a.ai_system_id, input.aiModelId);
    const changes: RecordChanges<'impact_assessments'> = {};
    if (input.aiModelId !== undefined) changes.ai_model_id = input.aiModelId;
    if (input.title !== undefined) changes.title = input.title;
    if (input.summary !== undefined) changes.summary = input.summary;
    if (input.dpiaReference !== undefined) changes.dpia_reference = input.dpiaReference;
    if (input.reviewCycleMonths !== undefined)
      changes.review_cycle_months = input.reviewCycleMonths;
    return updateRecord(tx, tx.org.orgId, 'impact_assessments', a, changes);
  },
});

export const addItem = orgCommand({
  action: 'impact_assessments.add_impact',
  input: itemInput.extend({ assessmentId }),
  pathIds: ['assessmentId'],
  async run(tx, { assessmentId: aid, ...input }) {
    const a = await loadAssessment(tx, aid);
    assertEditable(IMPACT_WORKFLOW, a);
    await checkRisks(tx, input.riskIds);
    await touch(tx, a);
    return insertRecord(tx, tx.org.orgId, 'impact_items', {
      assessment_id: a.id,
      ...itemRow(input),
    });
  },
});

/** Replaces an impact of a draft. */
export const updateItem = orgCommand({
  action: 'impact_assessments.update_impact',
  input: itemInput.extend({ assessmentId, itemId }),
  pathIds: ['assessmentId', 'itemId'],
  async run(tx, { assessmentId: aid, itemId: iid, ...input }) {
    const { a, item } = await loadItem(tx, { assessmentId: aid, itemId: iid });
    await checkRisks(tx, input.riskIds);
    await touch(tx, a);
    return updateRecord(tx, tx.org.orgId, 'impact_items', item, itemRow(input));
  },
});

export const removeItem = orgCommand({
  action: 'impact_assessments.remove_impact',
  input: z.object({ assessmentId, itemId }).strict(),
  pathIds: ['assessmentId', 'itemId'],
  async run(tx, input) {
    const { a, item } = await loadItem(tx, input);
    await touch(tx, a);
    await deleteRecord(tx, tx.org.orgId, 'impact_items', item.id);
    return { id: item.id };
  },
});

/**
 * Someone other than the author approves a draft that records at least one impact: it is locked,
 * falls due at the end of its cycle, and supersedes the system's assessment approved before.
 */
export const approveAssessment = orgCommand({
  action: 'impact_assessments.approve',
  input: z.object({ assessmentId }).strict(),
  pathIds: ['assessmentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const a = await loadAssessment(tx, input.assessmentId);
    tx.expectVersion(a.version);
    const impacts = (await hasImpacts(tx.db, orgId, a.id)) ? 1 : 0;
    const refusal = approvalRefusal(a, impacts, tx.org.memberId);
    if (refusal) throw refusal;
    for (const o of await approvedAssessmentsOf(tx.db, orgId, a.ai_system_id))
      await updateRecord(tx, orgId, 'impact_assessments', o, { status: 'superseded' });
    return updateRecord(tx, orgId, 'impact_assessments', a, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
      next_due_date: addMonths(tx.now, Number(a.review_cycle_months)),
    });
  },
});
