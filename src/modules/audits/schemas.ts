import { z } from 'zod';
import { CATALOG, REQUIREMENTS, type ClauseNode, type Requirement } from '../../catalog/index.js';
import type { Row } from '../../db/schema.js';
import { changesOf } from '../../kernel/changes.js';
import { uuidSchema } from '../../kernel/ids.js';
import { defineWorkflow } from '../../kernel/workflow.js';

/**
 * Internal audit (ISO/IEC 42001 9.2). The audit programme is a versioned record: a draft becomes
 * the programme in force when a manager or owner other than its author approves it, and the
 * version before it is superseded. An audit moves planned → in progress → reported → closed.
 */
export const PROGRAMME_WORKFLOW = defineWorkflow({
  what: 'audit programme version',
  editable: ['draft'],
  editAction: 'audits.draft_programme',
  steps: { approve: { action: 'audits.approve_programme', from: ['draft'], fourEyes: true } },
});
export const PROGRAMME_STATES = ['draft', 'approved', 'superseded'] as const;

export const AUDIT_STATES = ['planned', 'in_progress', 'reported', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATES)[number];
export const CONCLUSIONS = ['not_assessed', 'conforms', 'nonconformity', 'observation'] as const;
export const GRADES = ['major', 'minor', 'observation', 'opportunity'] as const;
export type Grade = (typeof GRADES)[number];

export type ProgrammeRow = Row<'audit_programmes'>;
export type AuditRow = Row<'audits'>;
export type ChecklistRow = Row<'audit_checklist_items'>;
export type FindingRow = Row<'audit_findings'>;

const clauseIds = (nodes: readonly ClauseNode[]): string[] =>
  nodes.flatMap((n) => [n.id, ...clauseIds(n.children ?? [])]);

/** The requirements (clause leaves and controls) a scope id stands for: itself or those under it. */
export const expand = (id: string): Requirement[] =>
  REQUIREMENTS.filter((r) => r.id === id || r.id.startsWith(`${id}.`));

/**
 * What an audit's scope may name: a clause at any level (9, 9.2, 9.2.1), an Annex A domain or
 * group (A.6, A.6.2) or control (A.6.2.4); each stands for the clause leaves and controls under it.
 */
export const SCOPE_IDS = [
  ...new Set([
    ...clauseIds(CATALOG.clauses),
    ...CATALOG.annexA.controls.flatMap((c) => [c.domain, c.subgroup ?? c.domain, c.id]),
  ]),
].filter((id) => expand(id).length > 0);

/** The clause leaves and controls a scope covers, once each, in catalog order. */
export function scopeRequirements(scope: readonly string[]): Requirement[] {
  const ids = new Set(scope.flatMap((s) => expand(s).map((r) => r.id)));
  return REQUIREMENTS.filter((r) => ids.has(r.id));
}

const required = {
  error: (iss: { input: unknown }) => (iss.input === undefined ? 'Required.' : undefined),
};
const text = (max: number) => z.string().trim().min(1, 'This is required.').max(max);
const date = z.iso.date();

export const programmeId = uuidSchema;
export const auditId = uuidSchema;
export const checklistItemId = uuidSchema;

export const programmeFields = {
  periodStart: date.describe('First day the programme covers (YYYY-MM-DD).'),
  periodEnd: date.describe('Last day the programme covers (YYYY-MM-DD).'),
  frequency: text(2000).describe('How often audits take place, and what sets their rhythm.'),
  methods: text(5000).describe('How audits are done: interviews, sampling, observation, tests.'),
  responsibilities: text(5000).describe('Who plans, conducts and reports audits, and who decides.'),
  importance: text(10_000).describe(
    'How the importance of the processes concerned was taken into account.',
  ),
  previousResults: text(10_000).describe(
    'How the results of previous audits were taken into account.',
  ),
  changeNote: z.string().max(2000).nullable().optional().describe('What changes and why.'),
};
export const draftProgrammeInput = z.object(programmeFields).strict();
export const editProgrammeInput = changesOf(programmeFields).extend({ programmeId }).strict();

const scopeId = z.enum(SCOPE_IDS as [string, ...string[]], {
  error: (iss) =>
    iss.input === undefined ? 'Required.' : 'Not a clause or Annex A id of ISO/IEC 42001.',
});
const memberId = uuidSchema;

export const auditFields = {
  title: text(300).describe('What the audit is called.'),
  criteria: text(10_000).describe(
    'The audit criteria: the requirements the evidence is compared with (the standard, policies, procedures).',
  ),
  scope: z
    .array(scopeId)
    .min(1, 'Name at least one clause or control.')
    .max(200)
    .describe(
      'The clauses (9.2, or 9 for all of it) and Annex A controls (A.6.2.4, or A.6 for a domain) in scope.',
    ),
  plannedStart: date.describe('The first planned day of the audit (YYYY-MM-DD).'),
  plannedEnd: date.describe('The last planned day of the audit (YYYY-MM-DD).'),
  leadAuditorMemberId: memberId.describe('The lead auditor, a member of the organization.'),
  auditorMemberIds: z
    .array(memberId)
    .max(20)
    .default([])
    .describe('The other auditors, members of the organization.'),
  programmeId: programmeId
    .nullable()
    .optional()
    .describe(
      'The programme version it is planned under; by default the approved programme whose period covers its start.',
    ),
};
export const planAuditInput = z.object(auditFields).strict();
export const updateAuditInput = changesOf(auditFields).extend({ auditId }).strict();
export const auditStepInput = z.object({ auditId }).strict();

export const checklistInput = z
  .object({
    auditId,
    checklistItemId,
    conclusion: z
      .enum(CONCLUSIONS, required)
      .describe(
        'What the sample showed: conforms, a nonconformity, an observation, or not assessed.',
      ),
    evidenceIds: z.array(uuidSchema).max(100).default([]).describe('The evidence records sampled.'),
    recordsSampled: z
      .string()
      .trim()
      .max(5000)
      .nullable()
      .optional()
      .describe('Other records sampled, named in words (e.g. risk register entries R-3 to R-9).'),
    notes: z.string().trim().max(20_000).nullable().optional().describe('What the auditor saw.'),
  })
  .strict();

export const findingInput = z
  .object({
    auditId,
    grade: z
      .enum(GRADES, required)
      .describe(
        'Major or minor nonconformity (each raises a nonconformity), observation, or opportunity for improvement.',
      ),
    requirementId: z
      .enum(REQUIREMENTS.map((r) => r.id) as [string, ...string[]], {
        error: (iss) =>
          iss.input === undefined
            ? 'Required.'
            : 'Not a clause or Annex A control of ISO/IEC 42001.',
      })
      .describe('The requirement the finding is about: a clause leaf or Annex A control in scope.'),
    title: text(300).describe('The finding in one line.'),
    description: z
      .string()
      .trim()
      .max(20_000)
      .nullable()
      .optional()
      .describe('What was found, and against what.'),
    records: z
      .string()
      .trim()
      .max(5000)
      .nullable()
      .optional()
      .describe('The records the finding rests on, named in words.'),
    evidenceIds: z.array(uuidSchema).max(100).default([]).describe('The evidence it rests on.'),
    ownerMemberId: uuidSchema
      .nullable()
      .optional()
      .describe('Who answers for the nonconformity or improvement raised from it.'),
    logImprovement: z
      .boolean()
      .default(false)
      .describe('For an opportunity for improvement: log it in the improvement log too.'),
  })
  .strict();

export const reportInput = z
  .object({
    auditId,
    conclusion: text(20_000).describe(
      'The audit conclusion: whether the AIMS conforms and is effectively implemented and maintained, within the scope.',
    ),
  })
  .strict();

export const communicateInput = z
  .object({
    auditId,
    communicatedTo: text(500).describe('Who in management received the report (names or roles).'),
    communicatedOn: date.describe('When it was communicated (YYYY-MM-DD).'),
  })
  .strict();
