import { orgPath, request, seg, withQuery, type Page, readHref, type Schema } from '../../api';

export const AUDIT_STATES = ['planned', 'in_progress', 'reported', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATES)[number];
export const CONCLUSIONS = ['not_assessed', 'conforms', 'nonconformity', 'observation'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];
export const GRADES = ['major', 'minor', 'observation', 'opportunity'] as const;
export type Grade = (typeof GRADES)[number];

export interface Programme {
  id: string;
  number: number;
  status: 'draft' | 'approved' | 'superseded';
  periodStart: string;
  periodEnd: string;
  frequency: string;
  methods: string;
  responsibilities: string;
  importance: string;
  previousResults: string;
  changeNote: string | null;
  authorMemberId: string | null;
  approverMemberId: string | null;
  approvedAt: string | null;
  plannedAudits: {
    id: string;
    number: number;
    title: string;
    status: AuditStatus;
    plannedStart: string;
    plannedEnd: string;
  }[];
  abilities: { edit: boolean; approve: boolean };
  version: number;
}

export interface ProgrammeInput {
  periodStart: string;
  periodEnd: string;
  frequency: string;
  methods: string;
  responsibilities: string;
  importance: string;
  previousResults: string;
}

export interface ChecklistItem {
  id: string;
  requirementId: string;
  kind: 'clause' | 'control';
  title: string;
  conclusion: Conclusion;
  evidenceIds: string[];
  recordsSampled: string | null;
  notes: string | null;
  assessedByMemberId: string | null;
  assessedAt: string | null;
  version: number;
}

export interface Finding {
  id: string;
  /** The readable identifier across the organization's audits, F-0003. */
  ref: string | null;
  number: number;
  grade: Grade;
  requirementId: string;
  title: string;
  description: string | null;
  records: string | null;
  evidenceIds: string[];
  nonconformityId: string | null;
  improvementId: string | null;
  authorMemberId: string | null;
  createdAt: string;
}

export type Audit = Schema<'Audit'>;
export type AuditDetail = Schema<'AuditDetail'>;

export interface PlanInput {
  title: string;
  criteria: string;
  scope: string[];
  plannedStart: string;
  plannedEnd: string;
  leadAuditorMemberId: string;
  auditorMemberIds: string[];
}

export interface FindingInput {
  grade: Grade;
  requirementId: string;
  title: string;
  description?: string;
  records?: string;
  logImprovement?: boolean;
}

const programme = (org: string) => `${orgPath(org)}/audit-programme`;
const audits = (org: string) => `${orgPath(org)}/audits`;
const audit = (org: string, id: string) => `${audits(org)}/${seg(id)}`;

export const auditApi = {
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(`${audits(org)}/export?format=${format}`),
  programme: (org: string) =>
    request<{ current: Programme | null; draft: Programme | null }>('GET', programme(org)),
  draftProgramme: (org: string, body: ProgrammeInput) =>
    request<Programme>('POST', `${programme(org)}/versions`, { body }),
  approveProgramme: (org: string, p: Programme) =>
    request<Programme>('POST', `${programme(org)}/versions/${seg(p.id)}/approve`, {
      ifMatch: p.version,
    }),
  list: (org: string, cursor?: string) =>
    request<Page<Audit>>('GET', withQuery(audits(org), { cursor, limit: 100 })),
  get: (org: string, id: string) => request<AuditDetail>('GET', audit(org, id)),
  plan: (org: string, body: PlanInput) => request<AuditDetail>('POST', audits(org), { body }),
  step: (org: string, a: Audit, step: 'start' | 'close') =>
    request<AuditDetail>('POST', `${audit(org, a.id)}/${step}`, { ifMatch: a.version }),
  report: (org: string, a: Audit, conclusion: string) =>
    request<AuditDetail>('POST', `${audit(org, a.id)}/report`, {
      body: { conclusion },
      ifMatch: a.version,
    }),
  communicate: (org: string, a: Audit, communicatedTo: string, communicatedOn: string) =>
    request<AuditDetail>('POST', `${audit(org, a.id)}/communication`, {
      body: { communicatedTo, communicatedOn },
      ifMatch: a.version,
    }),
  record: (
    org: string,
    a: Audit,
    item: ChecklistItem,
    body: { conclusion: Conclusion; recordsSampled?: string; notes?: string },
  ) =>
    request<ChecklistItem>('PUT', `${audit(org, a.id)}/checklist/${seg(item.id)}`, {
      body,
      ifMatch: item.version,
    }),
  addFinding: (org: string, a: Audit, body: FindingInput) =>
    request<Finding>('POST', `${audit(org, a.id)}/findings`, { body }),
  reportHref: (org: string, id: string) => readHref(`${audit(org, id)}/report.pdf`),
};

export const STATUS_WORD: Record<AuditStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  reported: 'Reported',
  closed: 'Closed',
};
export const CONCLUSION_WORD: Record<Conclusion, string> = {
  not_assessed: 'Not assessed',
  conforms: 'Conforms',
  nonconformity: 'Nonconformity',
  observation: 'Observation',
};
export const GRADE_WORD: Record<Grade, string> = {
  major: 'Major nonconformity',
  minor: 'Minor nonconformity',
  observation: 'Observation',
  opportunity: 'Opportunity for improvement',
};
