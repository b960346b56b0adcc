// Audit findings by themselves, across the audits: the list (searched, filtered, sorted) and one
// finding (F-0003 or its id) with the audit it was found in and the names of what it refers to.
import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import { defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { notFound } from '../../kernel/errors.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { NameWants, namesSchema, namesWanted, resolveNames } from '../../kernel/names.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findAudit, findFinding } from './queries.js';
import { FINDING_OUTCOMES, FINDING_SORTS, findingsPage } from './queries-findings.js';
import { AUDIT_STATES, GRADES, SCOPE_IDS, type AuditStatus, type FindingRow } from './schemas.js';
import { findingView, toFindingView } from './views.js';

const auditOfFinding = z
  .object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    status: z.enum(AUDIT_STATES),
  })
  .describe('The audit the finding was recorded in.');

export const findingDetailView = findingView
  .extend({ audit: auditOfFinding, names: namesSchema })
  .meta({ id: 'AuditFindingDetail' });

/** What a finding refers to, for its names. */
const findingWants = (f: FindingRow, w = new NameWants()) =>
  w
    .add('catalog', f.requirement_id)
    .add('evidence', decodeJson(f.evidence_ids))
    .add('nonconformities', f.nonconformity_id)
    .add('improvements', f.improvement_id)
    .add('memberships', f.author_member_id);

const listQuery = pageQuery.extend({
  auditId: uuid.optional().describe('Only the findings of this audit.'),
  grade: z.enum(GRADES).optional().describe('Only findings of this grade.'),
  requirementId: z
    .enum(SCOPE_IDS as [string, ...string[]], {
      error: () => 'Not a clause or Annex A id of ISO/IEC 42001.',
    })
    .optional()
    .describe(
      'Only findings about this clause or control, or a requirement under it (A.6 takes A.6.2.4).',
    ),
  auditStatus: z.enum(AUDIT_STATES).optional().describe('Only findings of audits in this state.'),
  raised: z
    .enum(FINDING_OUTCOMES)
    .optional()
    .describe(
      'Only findings that raised a nonconformity, that logged an opportunity for improvement, or that led to neither.',
    ),
  q: searchParam.describe(
    'Case-insensitive search in the title and the description, or the readable identifier (F-0003; f-3 finds it too).',
  ),
  sort: sortParam(FINDING_SORTS),
});

export const findingRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/audit-findings',
    operationId: 'audits.list_findings',
    summary: 'Audit findings of every audit, newest first, with their audit and what they name',
    tag: 'audits',
    auth: 'org',
    action: 'audits.read',
    params: orgParam,
    query: listQuery,
    response: {
      status: 200,
      schema: page(findingDetailView),
      description: 'A page of findings.',
    },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const got = await findingsPage(db, dialect, access.orgId, query, query);
      const wants = new Map(got.items.map((f) => [f.id, findingWants(f)]));
      const all = new NameWants();
      for (const w of wants.values())
        for (const [source, set] of w.wanted) all.add(source, [...set]);
      const names = await resolveNames(db, access, all);
      const items = got.items.map(({ audit_number, audit_title, audit_status, ...f }) => ({
        ...toFindingView(f),
        audit: {
          id: f.audit_id,
          number: audit_number,
          title: audit_title,
          status: audit_status as AuditStatus,
        },
        names: namesWanted(names, wants.get(f.id)!),
      }));
      return { body: { items, nextCursor: got.nextCursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/audit-findings/:findingId',
    operationId: 'audits.get_finding',
    summary: 'One audit finding, by its id or its readable id (F-0003), with its audit',
    tag: 'audits',
    auth: 'org',
    action: 'audits.read',
    params: orgParam.extend({ findingId: uuid }),
    response: { status: 200, schema: findingDetailView, description: 'The finding.' },
    errors: [404],
    async handler({ services, access, params }) {
      const db = services.database.db;
      const f = await findFinding(db, access.orgId, params.findingId);
      const a = f && (await findAudit(db, access.orgId, f.audit_id));
      if (!f || !a) throw notFound('audit finding');
      const w = findingWants(f);
      const body = {
        ...toFindingView(f),
        audit: { id: a.id, number: a.number, title: a.title, status: a.status as AuditStatus },
        names: namesWanted(await resolveNames(db, access, w), w),
      };
      return { body, etag: f.version };
    },
  }),
];
