import { z } from 'zod';
import { decodeJson, encodeJson } from '../../db/json.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
  type RecordValues,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertEditable } from '../../kernel/workflow.js';
import { approvedDpiasOf, systemOfAssessment } from './queries.js';
import {
  adviceInput,
  approvalRefusal,
  consultationInput,
  consultRefusal,
  dpiaChange,
  dpiaId,
  dpiaInput,
  DPIA_WORKFLOW,
  type DpiaRow,
} from './schemas.js';
import { screen } from './screening.js';

/**
 * The commands of a DPIA (GDPR Art. 35, 36): each is one action of the permission matrix, written
 * to the ledger under that name. The screening outcome is recomputed whenever its answers change.
 */

const loadDpia = (tx: OrgTx, id: string) => loadRecord(tx.db, 'dpias', tx.org.orgId, id, 'DPIA');

/** An impact assessment must be one of the organization's, and of the same AI system. */
async function checkAssessment(tx: OrgTx, aiSystemId: string, assessmentId: string) {
  await assertInOrg(tx, { impactAssessmentId: ['impact_assessments', assessmentId] });
  if ((await systemOfAssessment(tx.db, tx.org.orgId, assessmentId)) !== aiSystemId)
    throw new AppError('UNKNOWN_REFERENCE', 'No such impact assessment of this AI system.', [
      { pointer: '/body/impactAssessmentId', message: 'Not an impact assessment of this system.' },
    ]);
}

type Content = Omit<z.infer<typeof dpiaChange>, 'personalData' | 'screening'>;
const content = (i: Content): RecordChanges<'dpias'> => {
  const c: RecordChanges<'dpias'> = {};
  if (i.title !== undefined) c.title = i.title;
  if (i.impactAssessmentId !== undefined) c.impact_assessment_id = i.impactAssessmentId;
  if (i.screeningNote !== undefined) c.screening_note = i.screeningNote || null;
  if (i.processing !== undefined) c.processing = i.processing || null;
  if (i.purposes !== undefined) c.purposes = i.purposes || null;
  if (i.necessity !== undefined) c.necessity = i.necessity || null;
  if (i.risks !== undefined) c.risks = i.risks || null;
  if (i.measures !== undefined) c.measures = i.measures || null;
  if (i.residualHighRisk !== undefined)
    c.residual_high_risk = i.residualHighRisk === null ? null : i.residualHighRisk ? 1 : 0;
  return c;
};

const screened = (personalData: boolean, answers: Record<string, boolean | undefined>) => {
  const clean = Object.fromEntries(
    Object.entries(answers).filter((e): e is [string, boolean] => e[1] !== undefined),
  );
  const { outcome, reasons } = screen(personalData, clean);
  return {
    personal_data: personalData ? 1 : 0,
    screening: encodeJson(clean),
    screening_outcome: outcome,
    screening_reasons: encodeJson(reasons),
  };
};

/** Screens an AI system's processing and starts its DPIA (a draft). */
export const createDpia = orgCommand({
  action: 'dpia.create',
  input: dpiaInput,
  async run(tx, input) {
    await assertInOrg(tx, { aiSystemId: ['ai_systems', input.aiSystemId] });
    if (input.impactAssessmentId)
      await checkAssessment(tx, input.aiSystemId, input.impactAssessmentId);
    const values: RecordValues<'dpias'> = {
      ai_system_id: input.aiSystemId,
      impact_assessment_id: null,
      status: 'draft',
      screening_note: null,
      processing: null,
      purposes: null,
      necessity: null,
      risks: null,
      measures: null,
      dpo_name: null,
      dpo_advice: null,
      dpo_advised_on: null,
      dpo_advice_followed: null,
      residual_high_risk: null,
      consultation_authority: null,
      consultation_submitted_on: null,
      consultation_outcome: null,
      consultation_outcome_on: null,
      consultation_note: null,
      author_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
      title: input.title,
      ...screened(input.personalData, input.screening),
    };
    return insertRecord(tx, tx.org.orgId, 'dpias', Object.assign(values, content(input)));
  },
});

/** Changes a draft; new screening answers screen it again. */
export const updateDpia = orgCommand({
  action: 'dpia.update',
  input: dpiaChange.extend({ dpiaId }),
  pathIds: ['dpiaId'],
  async run(tx, { dpiaId: id, personalData, screening, ...rest }) {
    const d = await loadDpia(tx, id);
    tx.expectVersion(d.version);
    assertEditable(DPIA_WORKFLOW, d);
    if (rest.impactAssessmentId) await checkAssessment(tx, d.ai_system_id, rest.impactAssessmentId);
    const changes = content(rest);
    if (personalData !== undefined || screening !== undefined)
      Object.assign(
        changes,
        screened(personalData ?? d.personal_data === 1, screening ?? decodeJson(d.screening)),
      );
    return updateRecord(tx, tx.org.orgId, 'dpias', d, changes);
  },
});

/** Records the data protection officer's advice on a draft (Art. 35(2)). */
export const recordAdvice = orgCommand({
  action: 'dpia.record_advice',
  input: adviceInput,
  pathIds: ['dpiaId'],
  async run(tx, input) {
    const d = await loadDpia(tx, input.dpiaId);
    tx.expectVersion(d.version);
    assertEditable(DPIA_WORKFLOW, d);
    return updateRecord(tx, tx.org.orgId, 'dpias', d, {
      dpo_name: input.dpoName,
      dpo_advice: input.advice,
      dpo_advised_on: input.advisedOn,
      dpo_advice_followed: input.followed ? 1 : 0,
    });
  },
});

/**
 * Someone other than the author approves a draft: a screening that needs no DPIA as it stands, a
 * required one only with the content of Art. 35(7), the DPO's advice and the residual-risk answer.
 * It is locked and supersedes the system's DPIA approved before.
 */
export const approveDpia = orgCommand({
  action: 'dpia.approve',
  input: z.object({ dpiaId }).strict(),
  pathIds: ['dpiaId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const d = await loadDpia(tx, input.dpiaId);
    tx.expectVersion(d.version);
    const refusal = approvalRefusal(d, tx.org.memberId);
    if (refusal) throw refusal;
    for (const o of await approvedDpiasOf(tx.db, orgId, d.ai_system_id))
      await updateRecord(tx, orgId, 'dpias', o, { status: 'superseded' });
    return updateRecord(tx, orgId, 'dpias', d, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
  },
});

/** Records (or updates) the prior consultation of the supervisory authority (Art. 36). */
export const recordConsultation = orgCommand({
  action: 'dpia.consult',
  input: consultationInput,
  pathIds: ['dpiaId'],
  async run(tx, input) {
    const d: DpiaRow = await loadDpia(tx, input.dpiaId);
    tx.expectVersion(d.version);
    const refusal = consultRefusal(d);
    if (refusal) throw refusal;
    return updateRecord(tx, tx.org.orgId, 'dpias', d, {
      consultation_authority: input.authority,
      consultation_submitted_on: input.submittedOn,
      consultation_outcome: input.outcome,
      consultation_outcome_on: input.outcomeOn ?? null,
      consultation_note: input.note ?? null,
    });
  },
});
