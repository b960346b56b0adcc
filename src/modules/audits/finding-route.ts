// One audit finding by itself (F-0003 or its id), with the audit it was found in and the names of
// what it refers to: the page a nonconformity, an improvement or a search links to.
import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import { defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { notFound } from '../../kernel/errors.js';
import { NameWants, namesSchema, namesWanted, resolveNames } from '../../kernel/names.js';
import { findAudit, findFinding } from './queries.js';
import { AUDIT_STATES, type AuditStatus } from './schemas.js';
import { findingView, toFindingView } from './views.js';

export const findingDetailView = findingView
  .extend({
    audit: z
      .object({
        id: z.string(),
        number: z.number().int(),
        title: z.string(),
        status: z.enum(AUDIT_STATES),
      })
      .describe('The audit the finding was recorded in.'),
    names: namesSchema,
  })
  .meta({ id: 'AuditFindingDetail' });

export const findingRoutes: RouteSpec[] = [
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
      const w = new NameWants()
        .add('catalog', f.requirement_id)
        .add('evidence', decodeJson(f.evidence_ids))
        .add('nonconformities', f.nonconformity_id)
        .add('improvements', f.improvement_id)
        .add('memberships', f.author_member_id);
      const body = {
        ...toFindingView(f),
        audit: { id: a.id, number: a.number, title: a.title, status: a.status as AuditStatus },
        names: namesWanted(await resolveNames(db, access, w), w),
      };
      return { body, etag: f.version };
    },
  }),
];
