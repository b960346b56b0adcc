import { z } from 'zod';
import {
  decodeCursor,
  defineRoute,
  exampleId,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { execute } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import { FILE_TYPES, tableFile, type TableColumn } from '../../interop/tabular.js';
import { today } from '../../kernel/records.js';
import {
  addItem,
  approveAssessment,
  assessmentChange,
  assessmentInput,
  createAssessment,
  itemInput,
  removeItem,
  updateAssessment,
  updateItem,
} from './commands.js';
import { assessmentIsDue, assessmentView, itemOut, itemView, view } from './views.js';

type Row = Record<string, any>;

const base = '/api/v1/orgs/:org/impact-assessments';
const aParams = orgParam.extend({ assessmentId: uuid });
const iParams = aParams.extend({ itemId: uuid });

async function one(db: any, orgId: string, aid: string) {
  const a = await db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', aid)
    .executeTakeFirst();
  if (!a) throw notFound('impact assessment');
  return a;
}

export const impactRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'impact_assessments.export',
    summary: 'Impact assessments and their impacts as CSV, XLSX or PDF (one row per impact)',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The assessments.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const t = today(services.now());
      const assessments = await db
        .selectFrom('impact_assessments')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(10_000)
        .execute();
      const systems = new Map<string, string>(
        (
          await db
            .selectFrom('ai_systems')
            .select(['id', 'name'])
            .where('org_id', '=', access.orgId)
            .execute()
        ).map((s: Row) => [s.id, s.name]),
      );
      const items = await db
        .selectFrom('impact_items')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .execute();
      const byAssessment = new Map<string, Row[]>();
      for (const i of items)
        byAssessment.set(i.assessment_id, [...(byAssessment.get(i.assessment_id) ?? []), i]);
      const records: Record<string, unknown>[] = [];
      for (const a of assessments) {
        const v = await view(db, access.orgId, a, t);
        const head = {
          assessment: v.title,
          aiSystem: systems.get(v.aiSystemId) ?? v.aiSystemId,
          status: v.status,
          approvedAt: v.approvedAt?.slice(0, 10) ?? '',
          due: v.reassessmentDue ? `due: ${v.dueReasons.join(' ')}` : (v.nextDueDate ?? ''),
          dpia: v.dpiaReference ?? '',
        };
        const list = byAssessment.get(a.id) ?? [];
        if (!list.length) records.push(head);
        for (const i of list)
          records.push({
            ...head,
            affected: i.affected,
            dimension: i.dimension.replace('_', ' '),
            impact: i.description,
            severity: i.severity,
            likelihood: i.likelihood,
            mitigation: i.mitigation ?? '',
            controls: JSON.parse(i.control_ids).join('; '),
          });
      }
      const cols: TableColumn[] = [
        { key: 'aiSystem', header: 'AI system', width: 9 },
        { key: 'assessment', header: 'Assessment', width: 10 },
        { key: 'status', header: 'Status', width: 6 },
        { key: 'affected', header: 'Affected', width: 6 },
        { key: 'dimension', header: 'Dimension', width: 7 },
        { key: 'impact', header: 'Impact', width: 18 },
        { key: 'severity', header: 'Sev.', width: 3 },
        { key: 'likelihood', header: 'Lik.', width: 3 },
        { key: 'mitigation', header: 'Mitigation', width: 16 },
        { key: 'controls', header: 'Controls', width: 6 },
        { key: 'dpia', header: 'DPIA', width: 6 },
        { key: 'approvedAt', header: 'Approved', width: 6 },
        { key: 'due', header: 'Next due', width: 10 },
      ];
      return {
        file: await tableFile(
          query.format,
          `${access.slug}-impact-assessments`,
          'AI system impact assessments',
          `${access.slug} - ${assessments.length} assessments (ISO/IEC 42001 6.1.4, A.5)`,
          cols,
          records,
          services.now(),
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'impact_assessments.list',
    summary: 'Impact assessments, newest first, with whether each is due again and why',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.read',
    params: orgParam,
    query: pageQuery.extend({
      aiSystemId: uuid.optional().describe('Only this AI system.'),
      status: z.enum(['draft', 'approved', 'superseded']).optional(),
      due: z
        .enum(['true', 'false'])
        .optional()
        .describe(
          'Only assessments due again (true: approved, and the cycle ended or the system changed stage or model version since), or only the others (false).',
        ),
    }),
    response: { status: 200, schema: page(assessmentView), description: 'A page of assessments.' },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const t = today(services.now());
      let q = db
        .selectFrom('impact_assessments as a')
        .selectAll('a')
        .where('a.org_id', '=', access.orgId);
      if (query.aiSystemId) q = q.where('a.ai_system_id', '=', query.aiSystemId);
      if (query.status) q = q.where('a.status', '=', query.status);
      if (query.due === 'true') q = q.where((eb: any) => assessmentIsDue(eb, access.orgId, t));
      if (query.due === 'false')
        q = q.where((eb: any) => eb.not(assessmentIsDue(eb, access.orgId, t)));
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('a.id', '<', after);
      const p = toPage(
        await q
          .orderBy('a.id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return {
        body: {
          ...p,
          items: await Promise.all(p.items.map((a: Row) => view(db, access.orgId, a, t))),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'impact_assessments.create',
    summary: 'Start an impact assessment of an AI system (a draft)',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.create',
    params: orgParam,
    body: assessmentInput,
    example: {
      aiSystemId: exampleId('aiSystemId'),
      title: 'Triage assistant impact assessment',
      dpiaReference: 'DPIA-2026-04',
      reviewCycleMonths: 12,
    },
    response: { status: 201, schema: assessmentView, description: 'Created.' },
    errors: [422],
    async handler({ ctx, services, access, rawBody }) {
      const a = await execute(ctx, createAssessment, rawBody, { access });
      return {
        body: await view(services.database.db, access.orgId, a, today(services.now())),
        etag: a.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:assessmentId`,
    operationId: 'impact_assessments.get',
    summary: 'One impact assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.read',
    params: aParams,
    response: { status: 200, schema: assessmentView, description: 'The assessment.' },
    async handler({ services, access, params }) {
      const a = await one(services.database.db, access.orgId, params.assessmentId);
      return {
        body: await view(services.database.db, access.orgId, a, today(services.now())),
        etag: a.version,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:assessmentId`,
    operationId: 'impact_assessments.update',
    summary: 'Change a draft assessment (its model version must be one of the same AI system)',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.update',
    params: aParams,
    body: assessmentChange,
    example: { summary: 'Interviews with clinicians and a bias test on 2025 data.' },
    ifMatch: true,
    response: { status: 200, schema: assessmentView, description: 'Updated.' },
    errors: [409, 422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const a = await execute(ctx, updateAssessment, rawBody, {
        access,
        ids: { assessmentId: params.assessmentId },
        ifMatch,
      });
      return {
        body: await view(services.database.db, access.orgId, a, today(services.now())),
        etag: a.version,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:assessmentId/approve`,
    operationId: 'impact_assessments.approve',
    summary: 'Approve an assessment (not by its author); an earlier approved one is superseded',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.approve',
    params: aParams,
    ifMatch: true,
    response: { status: 200, schema: assessmentView, description: 'Approved.' },
    errors: [409, 422],
    async handler({ ctx, services, access, params, ifMatch }) {
      const a = await execute(ctx, approveAssessment, undefined, {
        access,
        ids: { assessmentId: params.assessmentId },
        ifMatch,
      });
      return {
        body: await view(services.database.db, access.orgId, a, today(services.now())),
        etag: a.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:assessmentId/impacts`,
    operationId: 'impact_assessments.impacts',
    summary: 'The impacts recorded in an assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.read',
    params: aParams,
    query: pageQuery,
    response: { status: 200, schema: page(itemView), description: 'A page of impacts.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      await one(db, access.orgId, params.assessmentId);
      let q = db
        .selectFrom('impact_items')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('assessment_id', '=', params.assessmentId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      const p = toPage(
        await q
          .orderBy('id')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return { body: { ...p, items: p.items.map(itemOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:assessmentId/impacts`,
    operationId: 'impact_assessments.add_impact',
    summary: 'Record an impact in a draft assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.add_impact',
    params: aParams,
    body: itemInput,
    example: {
      affected: 'groups',
      dimension: 'fairness',
      description: 'Older patients may be ranked less urgent.',
      severity: 4,
      likelihood: 3,
      mitigation: 'Age-stratified validation before each release.',
      controlIds: ['A.7.4'],
    },
    response: { status: 201, schema: itemView, description: 'Recorded.' },
    errors: [409, 422],
    async handler({ ctx, access, params, rawBody }) {
      const i = await execute(ctx, addItem, rawBody, {
        access,
        ids: { assessmentId: params.assessmentId },
      });
      return { body: itemOut(i), etag: i.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: `${base}/:assessmentId/impacts/:itemId`,
    operationId: 'impact_assessments.update_impact',
    summary: 'Replace an impact of a draft assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.update_impact',
    params: iParams,
    body: itemInput,
    example: {
      affected: 'individuals',
      dimension: 'privacy',
      description: 'Case notes reach the model vendor.',
      severity: 3,
      likelihood: 2,
    },
    ifMatch: true,
    response: { status: 200, schema: itemView, description: 'Updated.' },
    errors: [409, 422],
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const i = await execute(ctx, updateItem, rawBody, {
        access,
        ids: { assessmentId: params.assessmentId, itemId: params.itemId },
        ifMatch,
      });
      return { body: itemOut(i), etag: i.version };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${base}/:assessmentId/impacts/:itemId`,
    operationId: 'impact_assessments.remove_impact',
    summary: 'Remove an impact from a draft assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.remove_impact',
    params: iParams,
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: [409],
    async handler({ ctx, access, params, ifMatch }) {
      await execute(ctx, removeItem, undefined, {
        access,
        ids: { assessmentId: params.assessmentId, itemId: params.itemId },
        ifMatch,
      });
      return {};
    },
  }),
];
