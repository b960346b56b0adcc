import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import { abilities, abilitiesSchema } from '../../kernel/workflow.js';
import {
  AUDIT_STATES,
  CONCLUSIONS,
  GRADES,
  PROGRAMME_STATES,
  PROGRAMME_WORKFLOW,
  type AuditRow,
  type AuditStatus,
  type ChecklistRow,
  type FindingRow,
  type ProgrammeRow,
} from './schemas.js';

const ability = (what: string) => z.boolean().describe(`Whether the caller may ${what} now.`);

export const plannedAuditView = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(AUDIT_STATES),
  plannedStart: z.string(),
  plannedEnd: z.string(),
});

export const programmeView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.enum(PROGRAMME_STATES),
    periodStart: z.string(),
    periodEnd: z.string(),
    frequency: z.string(),
    methods: z.string(),
    responsibilities: z.string(),
    importance: z.string(),
    previousResults: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    plannedAudits: z
      .array(plannedAuditView)
      .describe('The audits whose planned start falls within the period.'),
    abilities: abilitiesSchema(PROGRAMME_WORKFLOW),
    version: z.number().int(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'AuditProgramme' });
export type ProgrammeView = z.infer<typeof programmeView>;

export const toProgrammeView = (
  r: ProgrammeRow,
  audits: AuditRow[],
  access: OrgAccess,
  names: Names = {},
): ProgrammeView => ({
  id: r.id,
  number: r.number,
  status: r.status as ProgrammeView['status'],
  periodStart: r.period_start,
  periodEnd: r.period_end,
  frequency: r.frequency,
  methods: r.methods,
  responsibilities: r.responsibilities,
  importance: r.importance,
  previousResults: r.previous_results,
  changeNote: r.change_note,
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  approvedAt: r.approved_at,
  plannedAudits: audits.map((a) => ({
    id: a.id,
    number: a.number,
    title: a.title,
    status: a.status as AuditStatus,
    plannedStart: a.planned_start,
    plannedEnd: a.planned_end,
  })),
  abilities: abilities(PROGRAMME_WORKFLOW, r, access),
  version: r.version,
  createdAt: r.created_at,
  names,
});

export const checklistItemView = z
  .object({
    id: z.string(),
    requirementId: z.string(),
    kind: z.enum(['clause', 'control']),
    title: z.string(),
    conclusion: z.enum(CONCLUSIONS),
    evidenceIds: z.array(z.string()),
    recordsSampled: z.string().nullable(),
    notes: z.string().nullable(),
    assessedByMemberId: z.string().nullable(),
    assessedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'AuditChecklistItem' });

export const findingView = z
  .object({
    id: z.string(),
    ref: z
      .string()
      .nullable()
      .describe(
        'F-0003, numbered across the audits: the readable identifier in the organization, given on creation and never reused; null only for a record made before identifiers existed, until the next of its kind is created.',
      ),
    number: z.number().int(),
    grade: z.enum(GRADES),
    requirementId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    records: z.string().nullable(),
    evidenceIds: z.array(z.string()),
    nonconformityId: z.string().nullable().describe('The nonconformity raised from it.'),
    improvementId: z.string().nullable().describe('The opportunity logged from it.'),
    authorMemberId: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'AuditFinding' });

export const toChecklistItemView = (r: ChecklistRow): z.infer<typeof checklistItemView> => ({
  id: r.id,
  requirementId: r.requirement_id,
  kind: r.kind as 'clause' | 'control',
  title: r.title,
  conclusion: r.conclusion as z.infer<typeof checklistItemView>['conclusion'],
  evidenceIds: decodeJson(r.evidence_ids),
  recordsSampled: r.records_sampled,
  notes: r.notes,
  assessedByMemberId: r.assessed_by_member_id,
  assessedAt: r.assessed_at,
  version: r.version,
});

export const toFindingView = (r: FindingRow): z.infer<typeof findingView> => ({
  id: r.id,
  ref: r.ref,
  number: r.number,
  grade: r.grade as z.infer<typeof findingView>['grade'],
  requirementId: r.requirement_id,
  title: r.title,
  description: r.description,
  records: r.records,
  evidenceIds: decodeJson(r.evidence_ids),
  nonconformityId: r.nonconformity_id,
  improvementId: r.improvement_id,
  authorMemberId: r.author_member_id,
  createdAt: r.created_at,
  version: r.version,
});

/** Whether a member is on the audit's team (its lead auditor or one of its auditors). */
export const onTeam = (a: AuditRow, memberId: string | null) =>
  memberId !== null &&
  (a.lead_auditor_member_id === memberId || decodeJson(a.auditor_member_ids).includes(memberId));

/**
 * What the caller may do with the audit now. The same predicates as the commands: planning while
 * planned; starting, recording and reporting by its team (reporting by its lead); the report's
 * communication once it is issued; closing once it was communicated.
 */
export function auditAbilities(a: AuditRow, access: OrgAccess) {
  const team = onTeam(a, access.memberId);
  return {
    edit: can(access, 'audits.plan') && a.status === 'planned',
    start: can(access, 'audits.start') && a.status === 'planned' && team,
    record: can(access, 'audits.record') && a.status === 'in_progress' && team,
    report:
      can(access, 'audits.report') &&
      a.status === 'in_progress' &&
      a.lead_auditor_member_id === access.memberId,
    communicate: can(access, 'audits.communicate') && a.status === 'reported',
    close: can(access, 'audits.close') && a.status === 'reported' && a.communicated_on !== null,
  };
}

const auditFieldsView = {
  id: z.string(),
  number: z.number().int(),
  programmeId: z.string().nullable(),
  title: z.string(),
  criteria: z.string(),
  scope: z.array(z.string()),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  leadAuditorMemberId: z.string(),
  auditorMemberIds: z.array(z.string()),
  status: z.enum(AUDIT_STATES),
  startedOn: z.string().nullable(),
  conclusion: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportedByMemberId: z.string().nullable(),
  communicatedTo: z.string().nullable(),
  communicatedOn: z.string().nullable(),
  communicatedByMemberId: z.string().nullable(),
  closedAt: z.string().nullable(),
  authorMemberId: z.string().nullable(),
  abilities: z
    .object({
      edit: ability('change its plan (title, criteria, scope, dates, team)'),
      start: ability('start it (its team)'),
      record: ability('record checklist items and findings (its team)'),
      report: ability('issue its report (its lead auditor)'),
      communicate: ability('record that the report went to management'),
      close: ability('close it'),
    })
    .describe('What the caller may do with it now, as the server decides (role and rules).'),
  names: namesSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
export const auditView = z.object(auditFieldsView).meta({ id: 'Audit' });
export type AuditView = z.infer<typeof auditView>;
export const auditDetailView = z
  .object({
    ...auditFieldsView,
    checklist: z
      .array(checklistItemView)
      .describe('One item per clause leaf or control in scope, from its start.'),
    findings: z.array(findingView),
  })
  .meta({ id: 'AuditDetail' });
export type AuditDetailView = z.infer<typeof auditDetailView>;

export const toAuditView = (a: AuditRow, access: OrgAccess, names: Names = {}): AuditView => ({
  id: a.id,
  number: a.number,
  programmeId: a.programme_id,
  title: a.title,
  criteria: a.criteria,
  scope: decodeJson(a.scope),
  plannedStart: a.planned_start,
  plannedEnd: a.planned_end,
  leadAuditorMemberId: a.lead_auditor_member_id,
  auditorMemberIds: decodeJson(a.auditor_member_ids),
  status: a.status as AuditStatus,
  startedOn: a.started_on,
  conclusion: a.conclusion,
  reportedAt: a.reported_at,
  reportedByMemberId: a.reported_by_member_id,
  communicatedTo: a.communicated_to,
  communicatedOn: a.communicated_on,
  communicatedByMemberId: a.communicated_by_member_id,
  closedAt: a.closed_at,
  authorMemberId: a.author_member_id,
  abilities: auditAbilities(a, access),
  names,
  version: a.version,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
});

export const toAuditDetailView = (
  a: AuditRow,
  checklist: ChecklistRow[],
  findings: FindingRow[],
  access: OrgAccess,
  names: Names = {},
): AuditDetailView => ({
  ...toAuditView(a, access, names),
  checklist: checklist.map(toChecklistItemView),
  findings: findings.map(toFindingView),
});
