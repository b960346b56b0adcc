import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { notFound } from '../../kernel/errors.js';
import { auditsFile } from './export.js';
import { page, pageQuery } from '../../kernel/paging.js';
import {
  closeAudit,
  communicateReport,
  planAudit,
  reportAudit,
  startAudit,
  updateAudit,
} from './commands.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { AUDIT_SORTS, checklistOf, findAudit, findingsOf, auditsPage } from './queries.js';
import { addFinding, recordChecklistItem } from './record-commands.js';
import { auditReportPdf } from './report.js';
import { AUDIT_STATES, type AuditRow } from './schemas.js';
import {
  auditDetailView,
  auditView,
  checklistItemView,
  findingView,
  toChecklistItemView,
  toFindingView,
} from './views.js';
import { auditDetailViewOf, auditViews } from './names.js';
import { findingRoutes } from './finding-route.js';

type AnyCall = Call<Record<string, string>, unknown, unknown>;
const tag = 'audits';
const base = '/api/v1/orgs/:org/audits';
const one = `${base}/:auditId`;
const params = orgParam.extend({ auditId: uuid });

/** The audit a command changed, as this caller sees it now, with its checklist and findings. */
async function detail(a: AuditRow, { services, access }: Pick<AnyCall, 'services' | 'access'>) {
  const db = services.database.db;
  const fresh = (await findAudit(db, access.orgId, a.id)) ?? a;
  return auditDetailViewOf(
    db,
    access,
    fresh,
    await checklistOf(db, access.orgId, a.id),
    await findingsOf(db, access.orgId, a.id),
  );
}
const view = { status: 200, schema: auditDetailView, description: 'The audit.' };

export const auditRoutes: RouteSpec[] = [
  ...findingRoutes,
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'audits.export',
    summary:
      'Every internal audit as CSV, XLSX or PDF: scope, lead auditor, dates, findings by grade, conclusion',
    tag,
    auth: 'org',
    action: 'audits.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The audit register.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      return {
        file: await auditsFile(services.database.db, access, query.format, services.now()),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'audits.list',
    summary: 'Internal audits, newest first',
    tag,
    auth: 'org',
    action: 'audits.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(AUDIT_STATES).optional().describe('Only audits in this state.'),
      q: searchParam.describe('Case-insensitive search in the title and the criteria.'),
      sort: sortParam(AUDIT_SORTS),
    }),
    response: { status: 200, schema: page(auditView), description: 'A page of audits.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const got = await auditsPage(db, dialect, access.orgId, query, query);
      return { body: { ...got, items: await auditViews(db, access, got.items) } };
    },
  }),
  commandRoute({
    command: planAudit,
    method: 'POST',
    url: base,
    summary: 'Plan an internal audit: criteria, scope, dates and an independent team',
    tag,
    example: {
      title: 'Internal audit of the AI system life cycle',
      criteria: 'ISO/IEC 42001:2023 clauses 8 and 9.2, the AI policy and the release procedure.',
      scope: ['9.2', 'A.6.2.4'],
      plannedStart: '2026-05-04',
      plannedEnd: '2026-05-06',
      leadAuditorMemberId: exampleId('memberId'),
      auditorMemberIds: [],
    },
    response: { status: 201, schema: auditDetailView, description: 'The planned audit.' },
    errors: [422],
    view: (a, call) => detail(a, call),
  }),
  defineRoute({
    method: 'GET',
    url: one,
    operationId: 'audits.get',
    summary: 'An internal audit with its checklist and findings',
    tag,
    auth: 'org',
    action: 'audits.read',
    params,
    response: view,
    errors: [404],
    async handler(call) {
      const a = await findAudit(call.services.database.db, call.access.orgId, call.params.auditId);
      if (!a) throw notFound('audit');
      return { body: await detail(a, call), etag: a.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${one}/report.pdf`,
    operationId: 'audits.report_pdf',
    summary:
      'The audit report as PDF: scope, criteria, team, dates, checklist, findings, conclusion',
    tag,
    auth: 'org',
    action: 'audits.read',
    params,
    response: {
      status: 200,
      schema: null,
      description: 'The report.',
      files: ['application/pdf'],
    },
    errors: [404],
    async handler({ services, access, params: p }) {
      const db = services.database.db;
      const a = await findAudit(db, access.orgId, p.auditId);
      if (!a) throw notFound('audit');
      return { file: await auditReportPdf(db, access, a, services.now()) };
    },
  }),
  commandRoute({
    command: updateAudit,
    method: 'PATCH',
    url: one,
    operationId: 'audits.update',
    summary: 'Change the plan of an audit that has not started',
    tag,
    example: { plannedEnd: '2026-05-07' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: (a, call) => detail(a, call),
  }),
  commandRoute({
    command: startAudit,
    method: 'POST',
    url: `${one}/start`,
    summary: 'Start the audit (its team): the checklist is drawn from the scope',
    tag,
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: (a, call) => detail(a, call),
  }),
  commandRoute({
    command: recordChecklistItem,
    method: 'PUT',
    url: `${one}/checklist/:checklistItemId`,
    operationId: 'audits.record_checklist_item',
    summary: 'Record what a checklist item sampled and concluded (the audit team)',
    tag,
    example: {
      conclusion: 'conforms',
      evidenceIds: [],
      recordsSampled: 'Release records of the triage assistant, March to May.',
      notes: 'Each release had its bias test attached.',
    },
    ifMatch: true,
    response: { status: 200, schema: checklistItemView, description: 'The checklist item.' },
    errors: [409, 422],
    view: (r) => toChecklistItemView(r),
  }),
  commandRoute({
    command: addFinding,
    method: 'POST',
    url: `${one}/findings`,
    operationId: 'audits.add_finding',
    summary: 'Record a finding; a major or minor nonconformity raises a nonconformity',
    tag,
    example: {
      grade: 'minor',
      requirementId: 'A.6.2.4',
      title: 'One release went out without its bias test',
      description: 'Release 4.2 of the triage assistant has no bias test attached.',
      records: 'Release record 4.2',
      evidenceIds: [],
    },
    response: { status: 201, schema: findingView, description: 'The finding.' },
    errors: [409, 422],
    view: (r) => toFindingView(r),
  }),
  commandRoute({
    command: reportAudit,
    method: 'POST',
    url: `${one}/report`,
    summary: 'Issue the audit report with its conclusion (the lead auditor)',
    tag,
    example: {
      conclusion: 'The life cycle controls conform, with one minor nonconformity on bias tests.',
    },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: (a, call) => detail(a, call),
  }),
  commandRoute({
    command: communicateReport,
    method: 'POST',
    url: `${one}/communication`,
    summary: 'Record that the report went to management: to whom, and when',
    tag,
    example: { communicatedTo: 'The management board', communicatedOn: '2026-05-08' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: (a, call) => detail(a, call),
  }),
  commandRoute({
    command: closeAudit,
    method: 'POST',
    url: `${one}/close`,
    summary: 'Close an audit whose report went to management',
    tag,
    ifMatch: true,
    response: view,
    errors: [409],
    view: (a, call) => detail(a, call),
  }),
];
