import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS, LIFECYCLE } from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import type { DB, Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { defineWorkflow, editRefusal, stepRefusal } from '../../kernel/workflow.js';
import { assessmentNames } from './names.js';
import { changesSinceApproval, dueAssessmentRows, impactCounts } from './queries.js';

/**
 * An impact assessment is a draft while its author and others record impacts; someone other
 * than the author approves it, which locks it and supersedes the assessment of the same system
 * approved before.
 */
export const IMPACT_WORKFLOW = defineWorkflow({
  what: 'impact assessment',
  editable: ['draft'],
  editAction: 'impact_assessments.update',
  steps: { approve: { action: 'impact_assessments.approve', from: ['draft'], fourEyes: true } },
});

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
export const ASSESSMENT_STATUSES = ['draft', 'approved', 'superseded'] as const;

export type AssessmentRow = Row<'impact_assessments'>;
export type ImpactRow = Row<'impact_items'>;

const id = uuidSchema;
export const assessmentId = id;
export const itemId = id;
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
export type ItemInput = z.infer<typeof itemInput>;

/**
 * Why `memberId` may not approve the assessment now, or null when they may (their role aside):
 * it needs at least one impact, to be a draft, and an approver other than its author.
 */
export function approvalRefusal(
  a: AssessmentRow,
  impacts: number,
  memberId: string | null,
): AppError | null {
  if (a.status === 'draft' && impacts === 0)
    return new AppError('INVALID_STATE', 'Record at least one impact before approving.');
  return stepRefusal(IMPACT_WORKFLOW, 'approve', a, memberId);
}

const ability = (text: string) => z.boolean().describe(text);
export const assessmentAbilities = z
  .object({
    edit: ability('Whether the caller may change the assessment now (only a draft changes).'),
    approve: ability(
      'Whether the caller may approve it now: a draft with at least one impact, approved by a manager or owner other than its author.',
    ),
    addImpact: ability('Whether the caller may record an impact in it now (only in a draft).'),
    updateImpact: ability('Whether the caller may change its impacts now (only in a draft).'),
    removeImpact: ability('Whether the caller may remove its impacts now (only in a draft).'),
  })
  .describe('What the caller may do with it now, as the server decides (role and rules).');

export const assessmentView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    aiModelId: z.string().nullable(),
    title: z.string(),
    status: z.enum(ASSESSMENT_STATUSES),
    summary: z.string().nullable(),
    dpiaReference: z.string().nullable(),
    reviewCycleMonths: z.number().int(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    nextDueDate: z.string().nullable(),
    reassessmentDue: z.boolean(),
    dueReasons: z.array(z.string()),
    abilities: assessmentAbilities,
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ImpactAssessment' });
export type AssessmentView = z.infer<typeof assessmentView>;

export const itemView = z
  .object({
    id: z.string(),
    assessmentId: z.string(),
    affected: z.string(),
    dimension: z.string(),
    description: z.string(),
    severity: z.number().int(),
    likelihood: z.number().int(),
    mitigation: z.string().nullable(),
    riskIds: z.array(z.string()),
    controlIds: z.array(z.string()),
    version: z.number().int(),
    names: namesSchema,
  })
  .meta({ id: 'Impact' });

const STAGE_TITLES = new Map<string, string>(LIFECYCLE.map((s) => [s.id, s.title]));

/** What happened to an assessment's system after its approval (see changesSinceApproval). */
export interface SystemChanges {
  moves: { to_stage: string; created_at: string }[];
  models: { name: string; model_version: string; created_at: string }[];
}

/**
 * Why an approved assessment is due again, from what happened to its system since approval: in
 * words an auditor reads, with dates as YYYY-MM-DD. assessmentIsDue (queries.ts) is the same rule
 * in SQL.
 */
export function dueReasons(a: AssessmentRow, changes: SystemChanges, today: string): string[] {
  if (a.status !== 'approved') return [];
  const reasons: string[] = [];
  if (a.next_due_date && a.next_due_date < today)
    reasons.push(`The review cycle ended on ${a.next_due_date}.`);
  for (const m of changes.moves)
    reasons.push(
      `The system moved to ${STAGE_TITLES.get(m.to_stage) ?? m.to_stage} on ${m.created_at.slice(0, 10)}.`,
    );
  for (const m of changes.models)
    reasons.push(`New model version ${m.name} ${m.model_version} on ${m.created_at.slice(0, 10)}.`);
  return reasons;
}

/** An assessment as the API shows it to this caller, given the reasons it is due and its impact count. */
export function toAssessmentView(
  a: AssessmentRow,
  facts: { reasons: string[]; impacts: number },
  access: OrgAccess,
  names: Names = {},
): AssessmentView {
  const editable = editRefusal(IMPACT_WORKFLOW, a) === null;
  return {
    id: a.id,
    aiSystemId: a.ai_system_id,
    aiModelId: a.ai_model_id,
    title: a.title,
    status: a.status as AssessmentView['status'],
    summary: a.summary,
    dpiaReference: a.dpia_reference,
    reviewCycleMonths: Number(a.review_cycle_months),
    authorMemberId: a.author_member_id,
    approverMemberId: a.approver_member_id,
    approvedAt: a.approved_at,
    nextDueDate: a.next_due_date,
    reassessmentDue: facts.reasons.length > 0,
    dueReasons: facts.reasons,
    abilities: {
      edit: editable && can(access, 'impact_assessments.update', [a.ai_system_id]),
      approve:
        can(access, 'impact_assessments.approve') &&
        approvalRefusal(a, facts.impacts, access.memberId) === null,
      addImpact: editable && can(access, 'impact_assessments.add_impact', [a.ai_system_id]),
      updateImpact: editable && can(access, 'impact_assessments.update_impact', [a.ai_system_id]),
      removeImpact: editable && can(access, 'impact_assessments.remove_impact', [a.ai_system_id]),
    },
    names,
    version: a.version,
    createdAt: a.created_at,
  };
}

/** Assessments as views, with what they need read in as few queries as the page allows. */
export async function assessmentViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: AssessmentRow[],
  today: string,
): Promise<AssessmentView[]> {
  const drafts = rows.filter((a) => a.status === 'draft').map((a) => a.id);
  const counts = await impactCounts(db, access.orgId, drafts);
  const namesOf = await assessmentNames(db, access, rows);
  const views: AssessmentView[] = [];
  for (const a of rows) {
    const reasons =
      a.status === 'approved'
        ? dueReasons(a, await changesSinceApproval(db, access.orgId, a), today)
        : [];
    views.push(
      toAssessmentView(a, { reasons, impacts: counts.get(a.id) ?? 0 }, access, namesOf(a)),
    );
  }
  return views;
}

export const assessmentViewOf = async (
  db: Kysely<DB>,
  access: OrgAccess,
  a: AssessmentRow,
  today: string,
) => (await assessmentViews(db, access, [a], today))[0]!;

/**
 * Approved assessments that are due again (cycle ended, stage change or new model version since
 * approval), the longest-standing first; at most `limit`. Superseded and draft ones never are.
 */
export async function assessmentsDue(
  db: Kysely<DB>,
  access: OrgAccess,
  day: string,
  limit: number,
): Promise<AssessmentView[]> {
  return assessmentViews(db, access, await dueAssessmentRows(db, access.orgId, day, limit), day);
}

export const toItemView = (r: ImpactRow, names: Names = {}): z.infer<typeof itemView> => ({
  id: r.id,
  assessmentId: r.assessment_id,
  affected: r.affected,
  dimension: r.dimension,
  description: r.description ?? '',
  severity: Number(r.severity),
  likelihood: Number(r.likelihood),
  mitigation: r.mitigation,
  riskIds: decodeJson(r.risk_ids),
  controlIds: decodeJson(r.control_ids),
  version: r.version,
  names,
});
