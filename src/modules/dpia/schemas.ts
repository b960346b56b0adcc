import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import { changesOf } from '../../kernel/changes.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import { defineWorkflow, editRefusal, stepRefusal } from '../../kernel/workflow.js';
import { SCREENING_QUESTIONS, type ScreeningOutcome } from './screening.js';

/**
 * A DPIA is a draft while its author screens and writes it and the data protection officer
 * advises; someone other than the author approves it, which locks it and supersedes the system's
 * DPIA approved before. The prior consultation (Art. 36) is recorded on it before or after approval.
 */
export const DPIA_WORKFLOW = defineWorkflow({
  what: 'DPIA',
  editable: ['draft'],
  editAction: 'dpia.update',
  steps: { approve: { action: 'dpia.approve', from: ['draft'], fourEyes: true } },
});

export const DPIA_STATUSES = ['draft', 'approved', 'superseded'] as const;
/**
 * What the supervisory authority did with a prior consultation: still pending; the period of
 * Art. 36(2) passed without written advice; written advice given (Art. 36(2)); or the processing
 * limited or banned (Art. 58(2)(f)).
 */
export const CONSULTATION_OUTCOMES = [
  'pending',
  'no_advice',
  'written_advice',
  'prohibited',
] as const;

export type DpiaRow = Row<'dpias'>;
export const dpiaId = uuidSchema;

const longText = (what: string) =>
  z.string().trim().max(20_000).nullable().optional().describe(what);
const screening = z
  .object(
    Object.fromEntries(
      SCREENING_QUESTIONS.map((q) => [q.key, z.boolean().optional().describe(q.question)]),
    ) as Record<string, z.ZodOptional<z.ZodBoolean>>,
  )
  .strict()
  .default({})
  .describe(
    'Answers to the screening questions (GET …/dpias/questions) by key; a key left out is no.',
  );

const fields = {
  title: z.string().trim().min(1).max(300).describe('What the DPIA is called.'),
  impactAssessmentId: uuidSchema
    .nullable()
    .optional()
    .describe('The AI system impact assessment it sits beside (one of the same system).'),
  personalData: z.boolean().describe('Whether the system processes personal data at all.'),
  screening,
  screeningNote: longText('Anything the screener wants the approver to know.'),
  processing: longText(
    'Art. 35(7)(a): a systematic description of the processing (data, people, flows, recipients, retention).',
  ),
  purposes: longText(
    'Art. 35(7)(a): its purposes, with the legitimate interest pursued where that is the basis.',
  ),
  necessity: longText(
    'Art. 35(7)(b): why the processing is necessary and proportionate to its purposes.',
  ),
  risks: longText("Art. 35(7)(c): the risks to people's rights and freedoms."),
  measures: longText(
    'Art. 35(7)(d): the measures, safeguards and security mechanisms that address them.',
  ),
  residualHighRisk: z
    .boolean()
    .nullable()
    .optional()
    .describe(
      'Whether high risk remains after the measures: then the supervisory authority must be consulted before the processing (Art. 36).',
    ),
};

export const dpiaInput = z
  .object({ aiSystemId: uuidSchema.describe('The AI system whose processing it assesses.') })
  .extend(fields)
  .strict();
export const dpiaChange = changesOf(fields);

export const adviceInput = z
  .object({
    dpiaId,
    dpoName: z.string().trim().min(1).max(300).describe('Who advised: the DPO (Art. 35(2)).'),
    advice: z.string().trim().min(1).max(20_000).describe('The advice given.'),
    advisedOn: z.iso.date().describe('When it was given (YYYY-MM-DD).'),
    followed: z
      .boolean()
      .describe('Whether the DPIA follows it (if not, say why in the screening note).'),
  })
  .strict();

export const consultationInput = z
  .object({
    dpiaId,
    authority: z.string().trim().min(1).max(300).describe('The supervisory authority consulted.'),
    submittedOn: z.iso.date().describe('When the consultation was submitted (YYYY-MM-DD).'),
    outcome: z.enum(CONSULTATION_OUTCOMES).describe('Where the consultation stands.'),
    outcomeOn: z.iso.date().nullable().optional().describe('When the outcome came (YYYY-MM-DD).'),
    note: z.string().trim().max(20_000).nullable().optional().describe('What the authority said.'),
  })
  .strict();

const MISSING: [(typeof APPROVAL_CONTENT)[number], string][] = [
  ['processing', 'the description of the processing (Art. 35(7)(a))'],
  ['purposes', 'its purposes (Art. 35(7)(a))'],
  ['necessity', 'necessity and proportionality (Art. 35(7)(b))'],
  ['risks', 'the risks to rights and freedoms (Art. 35(7)(c))'],
  ['measures', 'the measures (Art. 35(7)(d))'],
  ['dpo_advice', "the data protection officer's advice (Art. 35(2))"],
];

/** The parts a required DPIA has written before approval (MISSING says what each is). */
export const APPROVAL_CONTENT = [
  'processing',
  'purposes',
  'necessity',
  'risks',
  'measures',
  'dpo_advice',
] as const;

/** What a required DPIA still lacks before approval (empty when a screening says none is needed). */
export function missingContent(d: DpiaRow): string[] {
  if (d.screening_outcome !== 'required') return [];
  const out = MISSING.filter(([k]) => !d[k]).map(([, what]) => what);
  if (d.residual_high_risk === null) out.push('whether high residual risk remains');
  return out;
}

/** Why `memberId` may not approve the DPIA now, or null when they may (their role aside). */
export function approvalRefusal(d: DpiaRow, memberId: string | null): AppError | null {
  const missing = d.status === 'draft' ? missingContent(d) : [];
  if (missing.length > 0)
    return new AppError('INVALID_STATE', `Record ${missing.join(', ')} before approving.`);
  return stepRefusal(DPIA_WORKFLOW, 'approve', d, memberId);
}

/** Why the prior consultation may not be recorded now, or null. */
export function consultRefusal(d: DpiaRow): AppError | null {
  if (d.status === 'superseded')
    return new AppError('INVALID_STATE', 'This DPIA is superseded; record it on the current one.');
  if (d.residual_high_risk !== 1)
    return new AppError(
      'INVALID_STATE',
      'Prior consultation (Art. 36) is recorded when high residual risk remains.',
    );
  return null;
}

const ability = (text: string) => z.boolean().describe(text);
export const dpiaView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    impactAssessmentId: z.string().nullable(),
    title: z.string(),
    status: z.enum(DPIA_STATUSES),
    personalData: z.boolean(),
    screening: z.record(z.string(), z.boolean()),
    screeningOutcome: z.enum(['required', 'not_required']),
    screeningReasons: z.array(z.string()),
    screeningNote: z.string().nullable(),
    processing: z.string().nullable(),
    purposes: z.string().nullable(),
    necessity: z.string().nullable(),
    risks: z.string().nullable(),
    measures: z.string().nullable(),
    dpoAdvice: z
      .object({
        dpoName: z.string(),
        advice: z.string(),
        advisedOn: z.string(),
        followed: z.boolean(),
      })
      .nullable(),
    residualHighRisk: z.boolean().nullable(),
    consultation: z
      .object({
        authority: z.string(),
        submittedOn: z.string(),
        outcome: z.enum(CONSULTATION_OUTCOMES),
        outcomeOn: z.string().nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    consultationRequired: z
      .boolean()
      .describe('High residual risk remains: Art. 36 asks for prior consultation.'),
    consultationOpen: z
      .boolean()
      .describe('Consultation is required and not yet recorded or still pending.'),
    missing: z.array(z.string()).describe('What a required DPIA still lacks before approval.'),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    abilities: z
      .object({
        edit: ability('Whether the caller may change it now (only a draft changes).'),
        recordAdvice: ability("Whether the caller may record the DPO's advice now (a draft)."),
        approve: ability(
          'Whether the caller may approve it now: a complete draft, by a manager or owner other than its author.',
        ),
        consult: ability('Whether the caller may record the prior consultation now.'),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Dpia' });
export type DpiaView = z.infer<typeof dpiaView>;

export function toDpiaView(d: DpiaRow, access: OrgAccess, names: Names = {}): DpiaView {
  const editable = editRefusal(DPIA_WORKFLOW, d) === null;
  const systems = [d.ai_system_id];
  const required = d.residual_high_risk === 1;
  return {
    id: d.id,
    aiSystemId: d.ai_system_id,
    impactAssessmentId: d.impact_assessment_id,
    title: d.title,
    status: d.status as DpiaView['status'],
    personalData: d.personal_data === 1,
    screening: decodeJson(d.screening),
    screeningOutcome: d.screening_outcome as ScreeningOutcome,
    screeningReasons: decodeJson(d.screening_reasons),
    screeningNote: d.screening_note,
    processing: d.processing,
    purposes: d.purposes,
    necessity: d.necessity,
    risks: d.risks,
    measures: d.measures,
    dpoAdvice:
      d.dpo_advice && d.dpo_name && d.dpo_advised_on
        ? {
            dpoName: d.dpo_name,
            advice: d.dpo_advice,
            advisedOn: d.dpo_advised_on,
            followed: d.dpo_advice_followed === 1,
          }
        : null,
    residualHighRisk: d.residual_high_risk === null ? null : d.residual_high_risk === 1,
    consultation:
      d.consultation_authority && d.consultation_submitted_on && d.consultation_outcome
        ? {
            authority: d.consultation_authority,
            submittedOn: d.consultation_submitted_on,
            outcome: d.consultation_outcome as (typeof CONSULTATION_OUTCOMES)[number],
            outcomeOn: d.consultation_outcome_on,
            note: d.consultation_note,
          }
        : null,
    consultationRequired: required,
    consultationOpen:
      required && d.status !== 'superseded' && [null, 'pending'].includes(d.consultation_outcome),
    missing: missingContent(d),
    authorMemberId: d.author_member_id,
    approverMemberId: d.approver_member_id,
    approvedAt: d.approved_at,
    abilities: {
      edit: editable && can(access, 'dpia.update', systems),
      recordAdvice: editable && can(access, 'dpia.record_advice', systems),
      approve: can(access, 'dpia.approve') && approvalRefusal(d, access.memberId) === null,
      consult: consultRefusal(d) === null && can(access, 'dpia.consult', systems),
    },
    names,
    version: d.version,
    createdAt: d.created_at,
  };
}
