import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Body,
  type Schema,
  type SameValues,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { AUDIT_STATUS, FINDING_GRADE } from '../../../../src/labels.js';
import { listQuery } from '../../lib/list-query';

export const AUDIT_STATES = ['planned', 'in_progress', 'reported', 'closed'] as const;
export const CONCLUSIONS = ['not_assessed', 'conforms', 'nonconformity', 'observation'] as const;
export const GRADES = ['major', 'minor', 'observation', 'opportunity'] as const;
export type Programme = Schema<'AuditProgramme'>;
export type Audit = Schema<'Audit'>;
export type AuditDetail = Schema<'AuditDetail'>;
export type ChecklistItem = Schema<'AuditChecklistItem'>;
export type Finding = Schema<'AuditFinding'>;
export type FindingDetail = Schema<'AuditFindingDetail'>;
export type AuditStatus = Audit['status'];
export type Conclusion = ChecklistItem['conclusion'];
export type Grade = Finding['grade'];
export type ProgrammeInput = Body<'audits.draft_programme'>;
/**
 * What the forms send: the requirement and scope ids the user typed are strings (the body types
 * of the API are narrower: the catalog's ids); the server checks them (422).
 */
export type PlanInput = Omit<Body<'audits.plan'>, 'scope'> & { scope: string[] };
export type FindingInput = Omit<Body<'audits.add_finding'>, 'requirementId'> & {
  requirementId: string;
};
// The lists above are the API's enums exactly (tsc fails when the server changes them).
const _states: SameValues<(typeof AUDIT_STATES)[number], AuditStatus> = true;
const _conclusions: SameValues<(typeof CONCLUSIONS)[number], Conclusion> = true;
const _grades: SameValues<(typeof GRADES)[number], Grade> = true;

export interface AuditFilter {
  q?: string | null;
  sort?: string | null;
  status?: string | null;
  cursor?: string | null;
}
type AuditQuery = NonNullable<operations['audits.list']['parameters']['query']>;
const query = (f: AuditFilter) => listQuery<AuditQuery>(f);

/** The list of findings across the audits: the toolbar's parameters, as the server takes them. */
export interface FindingFilter {
  q?: string | null;
  sort?: string | null;
  auditId?: string | null;
  grade?: string | null;
  requirementId?: string | null;
  auditStatus?: string | null;
  raised?: string | null;
  cursor?: string | null;
}
type FindingQuery = NonNullable<operations['audits.list_findings']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, auditId: string) => ({ path: { org, auditId } });

export const auditApi = {
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${orgPath(org)}/audits/export`, { format })),
  programme: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/audit-programme', { params: path(org) })),
  draftProgramme: (org: string, body: ProgrammeInput) =>
    call(client.POST('/api/v1/orgs/{org}/audit-programme/versions', { params: path(org), body })),
  approveProgramme: (org: string, p: Programme) =>
    call(
      client.POST('/api/v1/orgs/{org}/audit-programme/versions/{programmeId}/approve', {
        params: { path: { org, programmeId: p.id } },
        headers: ifMatch(p.version),
      }),
    ),
  list: (org: string, f: AuditFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/audits', {
        params: { ...path(org), query: { limit: 100, ...query(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/audits/{auditId}', { params: one(org, id) })),
  /** Findings of every audit, with their audit and the names of what they refer to. */
  findings: (org: string, f: FindingFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/audit-findings', {
        params: { ...path(org), query: { limit: 100, ...listQuery<FindingQuery>(f) } },
      }),
    ),
  /** One finding, by its readable id (F-0003) or its id, with the audit it was found in. */
  finding: (org: string, findingId: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/audit-findings/{findingId}', {
        params: { path: { org, findingId } },
      }),
    ),
  plan: (org: string, body: PlanInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/audits', {
        params: path(org),
        body: body as Body<'audits.plan'>,
      }),
    ),
  step: (org: string, a: Audit, step: 'start' | 'close') =>
    step === 'start'
      ? call(
          client.POST('/api/v1/orgs/{org}/audits/{auditId}/start', {
            params: one(org, a.id),
            headers: ifMatch(a.version),
          }),
        )
      : call(
          client.POST('/api/v1/orgs/{org}/audits/{auditId}/close', {
            params: one(org, a.id),
            headers: ifMatch(a.version),
          }),
        ),
  report: (org: string, a: Audit, conclusion: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/audits/{auditId}/report', {
        params: one(org, a.id),
        headers: ifMatch(a.version),
        body: { conclusion },
      }),
    ),
  communicate: (org: string, a: Audit, communicatedTo: string, communicatedOn: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/audits/{auditId}/communication', {
        params: one(org, a.id),
        headers: ifMatch(a.version),
        body: { communicatedTo, communicatedOn },
      }),
    ),
  record: (
    org: string,
    a: Audit,
    item: ChecklistItem,
    body: Body<'audits.record_checklist_item'>,
  ) =>
    call(
      client.PUT('/api/v1/orgs/{org}/audits/{auditId}/checklist/{checklistItemId}', {
        params: { path: { org, auditId: a.id, checklistItemId: item.id } },
        headers: ifMatch(item.version),
        body,
      }),
    ),
  addFinding: (org: string, a: Audit, body: FindingInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/audits/{auditId}/findings', {
        params: one(org, a.id),
        body: body as Body<'audits.add_finding'>,
      }),
    ),
  reportHref: (org: string, id: string) =>
    readHref(`${orgPath(org)}/audits/${encodeURIComponent(id)}/report.pdf`),
};

export const STATUS_WORD = AUDIT_STATUS as Record<AuditStatus, string>;
export const GRADE_WORD = FINDING_GRADE as Record<Grade, string>;
export const CONCLUSION_WORD: Record<Conclusion, string> = {
  not_assessed: 'Not assessed',
  conforms: 'Conforms',
  nonconformity: 'Nonconformity',
  observation: 'Observation',
};
