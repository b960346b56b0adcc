import { uuidSchema } from '../../kernel/ids.js';
import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS } from '../../catalog/index.js';
import { checkVersion, defineCommand, execute, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { decodeCursor, defineRoute, exampleId, orgParam, page, pageQuery, toPage, uuid, type RouteSpec } from '../../api/route.js';
import { FILE_TYPES, tableFile, type TableColumn } from '../../interop/tabular.js';
import { addMonths, assertNotAuthor, insertRecord, loadRow, memberIdOf, updateRecord, today } from '../shared.js';

/**
 * AI system impact assessments (6.1.4, 8.4, A.5.2–A.5.5): per AI system (and model version), who is
 * affected and how, along the usual dimensions, with severity, likelihood and mitigations linked
 * to risks and controls; approved by someone other than the author. A re-assessment is due when
 * the system changes stage or gets a new model version after approval, and when the cycle ends.
 */
export const AFFECTED = ['individuals', 'groups', 'society'] as const;
export const DIMENSIONS = ['fairness', 'privacy', 'safety', 'human_rights', 'autonomy', 'transparency', 'environment', 'employment', 'other'] as const;

const id = uuidSchema;
const level = z.number().int().min(1).max(5);

const assessmentInput = z
  .object({
    aiSystemId: id.describe('The AI system assessed.'),
    aiModelId: id.nullable().optional().describe('The model version assessed, if one.'),
    title: z.string().trim().min(1).max(300),
    summary: z.string().max(20_000).nullable().optional().describe('Context, method and conclusion.'),
    dpiaReference: z.string().max(500).nullable().optional().describe('The GDPR DPIA this links to (reference or URL).'),
    reviewCycleMonths: z.number().int().min(1).max(60).default(12).describe('When the assessment must be redone at the latest.'),
  })
  .strict();
const itemInput = z
  .object({
    affected: z.enum(AFFECTED).describe('Who is affected.'),
    dimension: z.enum(DIMENSIONS).describe('Along which dimension.'),
    description: z.string().trim().min(1).max(20_000).describe('The impact.'),
    severity: level.describe('1 (negligible) to 5 (severe).'),
    likelihood: level.describe('1 (rare) to 5 (almost certain).'),
    mitigation: z.string().max(20_000).nullable().optional().describe('How it is mitigated.'),
    riskIds: z.array(id).max(100).default([]).describe('Risks in the register that carry it.'),
    controlIds: z
      .array(z.enum(ANNEX_A_CONTROL_IDS as [string, ...string[]], { message: 'Not an Annex A control identifier.' }))
      .max(38)
      .default([])
      .describe('Annex A controls that mitigate it.'),
  })
  .strict();

async function exists(tx: Tx, table: string, orgId: string, rid: string) {
  return !!(await (tx.db as any).selectFrom(table).select('id').where('org_id', '=', orgId).where('id', '=', rid).executeTakeFirst());
}

async function loadDraft(tx: Tx, orgId: string, assessmentId: string) {
  const a = await loadRow(tx, 'impact_assessments', orgId, assessmentId, 'impact assessment');
  if (a.status !== 'draft') throw new AppError(409, 'VERSION_LOCKED', 'An approved assessment is locked: start a new one to re-assess.');
  return a;
}

export const createAssessment = defineCommand({
  action: 'impact_assessments.write',
  input: assessmentInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    if (!(await exists(tx, 'ai_systems', orgId, input.aiSystemId))) throw new AppError(422, 'UNKNOWN_REFERENCE', 'No such AI system.', [{ pointer: '/body/aiSystemId', message: 'No such AI system.' }]);
    if (input.aiModelId) {
      const m = await (tx.db as any).selectFrom('ai_models').select('ai_system_id').where('org_id', '=', orgId).where('id', '=', input.aiModelId).executeTakeFirst();
      if (!m || m.ai_system_id !== input.aiSystemId) throw new AppError(422, 'UNKNOWN_REFERENCE', 'No such model version of this AI system.', [{ pointer: '/body/aiModelId', message: 'Not a model version of this system.' }]);
    }
    return insertRecord(tx, orgId, 'impact_assessments', {
      ai_system_id: input.aiSystemId,
      ai_model_id: input.aiModelId ?? null,
      title: input.title,
      status: 'draft',
      summary: input.summary ?? null,
      dpia_reference: input.dpiaReference ?? null,
      review_cycle_months: input.reviewCycleMonths,
      author_member_id: await memberIdOf(tx, scope.access!),
      approver_member_id: null,
      approved_at: null,
      next_due_date: null,
    });
  },
});

export const updateAssessment = defineCommand({
  action: 'impact_assessments.write',
  input: z.object({ title: z.string().trim().min(1).max(300).optional(), summary: z.string().max(20_000).nullable().optional(), dpiaReference: z.string().max(500).nullable().optional(), reviewCycleMonths: z.number().int().min(1).max(60).optional() }).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    checkVersion(a.version, scope.ifMatch);
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.summary !== undefined) changes.summary = input.summary;
    if (input.dpiaReference !== undefined) changes.dpia_reference = input.dpiaReference;
    if (input.reviewCycleMonths !== undefined) changes.review_cycle_months = input.reviewCycleMonths;
    return updateRecord(tx, orgId, 'impact_assessments', a, changes);
  },
});

async function checkRisks(tx: Tx, orgId: string, riskIds: string[] | undefined) {
  for (const [i, rid] of (riskIds ?? []).entries()) {
    if (!(await exists(tx, 'risks', orgId, rid))) throw new AppError(422, 'UNKNOWN_REFERENCE', 'No such risk.', [{ pointer: `/body/riskIds/${i}`, message: 'No such risk.' }]);
  }
}

const itemRow = (i: z.infer<typeof itemInput>) => ({
  affected: i.affected,
  dimension: i.dimension,
  description: i.description,
  severity: i.severity,
  likelihood: i.likelihood,
  mitigation: i.mitigation ?? null,
  risk_ids: JSON.stringify(i.riskIds),
  control_ids: JSON.stringify(i.controlIds),
});

export const addItem = defineCommand({
  action: 'impact_assessments.write',
  input: itemInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    await checkRisks(tx, orgId, input.riskIds);
    return insertRecord(tx, orgId, 'impact_items', { assessment_id: a.id, ...itemRow(input) });
  },
});

export const updateItem = defineCommand({
  action: 'impact_assessments.write',
  input: itemInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    const item = await loadRow(tx, 'impact_items', orgId, scope.ids!.itemId!, 'impact');
    if (item.assessment_id !== a.id) throw notFound('impact');
    checkVersion(item.version, scope.ifMatch);
    await checkRisks(tx, orgId, input.riskIds);
    return updateRecord(tx, orgId, 'impact_items', item, itemRow(input));
  },
});

export const removeItem = defineCommand({
  action: 'impact_assessments.write',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    const item = await loadRow(tx, 'impact_items', orgId, scope.ids!.itemId!, 'impact');
    if (item.assessment_id !== a.id) throw notFound('impact');
    await (tx.db as any).deleteFrom('impact_items').where('id', '=', item.id).execute();
    tx.record(orgId, 'impact_items', item.id, null);
    return { id: item.id };
  },
});

export const approveAssessment = defineCommand({
  action: 'impact_assessments.approve',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const a = await loadDraft(tx, orgId, scope.ids!.assessmentId!);
    checkVersion(a.version, scope.ifMatch);
    const items = await (tx.db as any).selectFrom('impact_items').select('id').where('org_id', '=', orgId).where('assessment_id', '=', a.id).limit(1).execute();
    if (!items.length) throw new AppError(422, 'INVALID_STATE', 'Record at least one impact before approving.');
    const me = await memberIdOf(tx, scope.access!);
    assertNotAuthor(a.author_member_id, me, 'impact assessment');
    const older = await (tx.db as any).selectFrom('impact_assessments').selectAll().where('org_id', '=', orgId).where('ai_system_id', '=', a.ai_system_id).where('status', '=', 'approved').execute();
    for (const o of older) await updateRecord(tx, orgId, 'impact_assessments', o, { status: 'superseded' });
    return updateRecord(tx, orgId, 'impact_assessments', a, { status: 'approved', approver_member_id: me, approved_at: tx.now, next_due_date: addMonths(tx.now, Number(a.review_cycle_months)) });
  },
});

type Row = Record<string, any>;

/** Why an approved assessment is due again, from what happened to its system since approval. */
async function dueReasons(db: any, orgId: string, a: Row, today: string): Promise<string[]> {
  if (a.status !== 'approved') return [];
  const reasons: string[] = [];
  if (a.next_due_date && a.next_due_date < today) reasons.push(`The review cycle ended on ${a.next_due_date}.`);
  const moved = await db.selectFrom('ai_system_transitions').select(['to_stage', 'created_at']).where('org_id', '=', orgId).where('ai_system_id', '=', a.ai_system_id).where('created_at', '>', a.approved_at).orderBy('created_at').execute();
  for (const m of moved) reasons.push(`The system moved to ${m.to_stage} on ${m.created_at.slice(0, 10)}.`);
  const models = await db.selectFrom('ai_models').select(['name', 'model_version', 'created_at']).where('org_id', '=', orgId).where('ai_system_id', '=', a.ai_system_id).where('created_at', '>', a.approved_at).orderBy('created_at').execute();
  for (const m of models) reasons.push(`New model version ${m.name} ${m.model_version} on ${m.created_at.slice(0, 10)}.`);
  return reasons;
}

export const assessmentView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    aiModelId: z.string().nullable(),
    title: z.string(),
    status: z.enum(['draft', 'approved', 'superseded']),
    summary: z.string().nullable(),
    dpiaReference: z.string().nullable(),
    reviewCycleMonths: z.number().int(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    nextDueDate: z.string().nullable(),
    reassessmentDue: z.boolean(),
    dueReasons: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ImpactAssessment' });
const itemView = z
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
  })
  .meta({ id: 'Impact' });

async function view(db: any, orgId: string, a: Row, today: string) {
  const reasons = await dueReasons(db, orgId, a, today);
  return {
    id: a.id,
    aiSystemId: a.ai_system_id,
    aiModelId: a.ai_model_id,
    title: a.title,
    status: a.status,
    summary: a.summary,
    dpiaReference: a.dpia_reference,
    reviewCycleMonths: Number(a.review_cycle_months),
    authorMemberId: a.author_member_id,
    approverMemberId: a.approver_member_id,
    approvedAt: a.approved_at,
    nextDueDate: a.next_due_date,
    reassessmentDue: reasons.length > 0,
    dueReasons: reasons,
    version: a.version,
    createdAt: a.created_at,
  };
}
/**
 * Approved assessments that are due again (cycle ended, stage change or new model version since
 * approval), the longest-standing first; at most `limit`. Superseded and draft ones never are.
 */
export async function assessmentsDue(db: any, orgId: string, day: string, limit: number) {
  const rows = await db
    .selectFrom('impact_assessments as a')
    .selectAll('a')
    .where('a.org_id', '=', orgId)
    .where('a.status', '=', 'approved')
    .where((eb: any) =>
      eb.or([
        eb('a.next_due_date', '<', day),
        eb.exists(eb.selectFrom('ai_system_transitions as t').select('t.id').where('t.org_id', '=', orgId).whereRef('t.ai_system_id', '=', 'a.ai_system_id').whereRef('t.created_at', '>', 'a.approved_at')),
        eb.exists(eb.selectFrom('ai_models as m').select('m.id').where('m.org_id', '=', orgId).whereRef('m.ai_system_id', '=', 'a.ai_system_id').whereRef('m.created_at', '>', 'a.approved_at')),
      ]),
    )
    .orderBy('a.approved_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((a: Row) => view(db, orgId, a, day)));
}

const itemOut = (r: Row) => ({
  id: r.id,
  assessmentId: r.assessment_id,
  affected: r.affected,
  dimension: r.dimension,
  description: r.description,
  severity: Number(r.severity),
  likelihood: Number(r.likelihood),
  mitigation: r.mitigation,
  riskIds: JSON.parse(r.risk_ids),
  controlIds: JSON.parse(r.control_ids),
  version: r.version,
});

const base = '/api/v1/orgs/:org/impact-assessments';
const aParams = orgParam.extend({ assessmentId: uuid });
const iParams = aParams.extend({ itemId: uuid });

async function one(db: any, orgId: string, aid: string) {
  const a = await db.selectFrom('impact_assessments').selectAll().where('org_id', '=', orgId).where('id', '=', aid).executeTakeFirst();
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
    query: z.object({ format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.') }),
    response: { status: 200, schema: null, description: 'The assessments.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const t = today(services.now());
      const assessments = await db.selectFrom('impact_assessments').selectAll().where('org_id', '=', access.orgId).orderBy('id').limit(10_000).execute();
      const systems = new Map<string, string>((await db.selectFrom('ai_systems').select(['id', 'name']).where('org_id', '=', access.orgId).execute()).map((s: Row) => [s.id, s.name]));
      const items = await db.selectFrom('impact_items').selectAll().where('org_id', '=', access.orgId).orderBy('id').execute();
      const byAssessment = new Map<string, Row[]>();
      for (const i of items) byAssessment.set(i.assessment_id, [...(byAssessment.get(i.assessment_id) ?? []), i]);
      const records: Record<string, unknown>[] = [];
      for (const a of assessments) {
        const v = await view(db, access.orgId, a, t);
        const head = { assessment: v.title, aiSystem: systems.get(v.aiSystemId) ?? v.aiSystemId, status: v.status, approvedAt: v.approvedAt?.slice(0, 10) ?? '', due: v.reassessmentDue ? `due: ${v.dueReasons.join(' ')}` : (v.nextDueDate ?? ''), dpia: v.dpiaReference ?? '' };
        const list = byAssessment.get(a.id) ?? [];
        if (!list.length) records.push(head);
        for (const i of list) records.push({ ...head, affected: i.affected, dimension: i.dimension.replace('_', ' '), impact: i.description, severity: i.severity, likelihood: i.likelihood, mitigation: i.mitigation ?? '', controls: JSON.parse(i.control_ids).join('; ') });
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
      return { file: await tableFile(query.format, `${access.slug}-impact-assessments`, 'AI system impact assessments', `${access.slug} - ${assessments.length} assessments (ISO/IEC 42001 6.1.4, A.5)`, cols, records, services.now()) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'impact_assessments.list',
    summary: 'Impact assessments, newest first, with whether each is due again',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.read',
    params: orgParam,
    query: pageQuery.extend({ aiSystemId: uuid.optional().describe('Only this AI system.'), status: z.enum(['draft', 'approved', 'superseded']).optional() }),
    response: { status: 200, schema: page(assessmentView), description: 'A page of assessments.' },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      let q = db.selectFrom('impact_assessments').selectAll().where('org_id', '=', access.orgId);
      if (query.aiSystemId) q = q.where('ai_system_id', '=', query.aiSystemId);
      if (query.status) q = q.where('status', '=', query.status);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '<', after);
      const p = toPage(await q.orderBy('id', 'desc').limit(query.limit + 1).execute(), query.limit, (r: Row) => r.id);
      const t = today(services.now());
      return { body: { ...p, items: await Promise.all(p.items.map((a: Row) => view(db, access.orgId, a, t))) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'impact_assessments.create',
    summary: 'Start an impact assessment of an AI system (a draft)',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.write',
    params: orgParam,
    body: assessmentInput,
    example: { aiSystemId: exampleId('aiSystemId'), title: 'Triage assistant impact assessment', dpiaReference: 'DPIA-2026-04', reviewCycleMonths: 12 },
    response: { status: 201, schema: assessmentView, description: 'Created.' },
    errors: [422],
    async handler({ ctx, services, access, rawBody }) {
      const a = await execute(ctx, createAssessment, rawBody, { access });
      return { body: await view(services.database.db, access.orgId, a, today(services.now())), etag: a.version };
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
      return { body: await view(services.database.db, access.orgId, a, today(services.now())), etag: a.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:assessmentId`,
    operationId: 'impact_assessments.update',
    summary: 'Change a draft assessment',
    tag: 'impact-assessments',
    auth: 'org',
    action: 'impact_assessments.write',
    params: aParams,
    body: updateAssessment.input,
    example: { summary: 'Interviews with clinicians and a bias test on 2025 data.' },
    ifMatch: true,
    response: { status: 200, schema: assessmentView, description: 'Updated.' },
    errors: [409],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const a = await execute(ctx, updateAssessment, rawBody, { access, ids: { assessmentId: params.assessmentId }, ifMatch });
      return { body: await view(services.database.db, access.orgId, a, today(services.now())), etag: a.version };
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
      const a = await execute(ctx, approveAssessment, undefined, { access, ids: { assessmentId: params.assessmentId }, ifMatch });
      return { body: await view(services.database.db, access.orgId, a, today(services.now())), etag: a.version };
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
      let q = db.selectFrom('impact_items').selectAll().where('org_id', '=', access.orgId).where('assessment_id', '=', params.assessmentId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      const p = toPage(await q.orderBy('id').limit(query.limit + 1).execute(), query.limit, (r: Row) => r.id);
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
    action: 'impact_assessments.write',
    params: aParams,
    body: itemInput,
    example: { affected: 'groups', dimension: 'fairness', description: 'Older patients may be ranked less urgent.', severity: 4, likelihood: 3, mitigation: 'Age-stratified validation before each release.', controlIds: ['A.7.4'] },
    response: { status: 201, schema: itemView, description: 'Recorded.' },
    errors: [409, 422],
    async handler({ ctx, access, params, rawBody }) {
      const i = await execute(ctx, addItem, rawBody, { access, ids: { assessmentId: params.assessmentId } });
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
    action: 'impact_assessments.write',
    params: iParams,
    body: itemInput,
    example: { affected: 'individuals', dimension: 'privacy', description: 'Case notes reach the model vendor.', severity: 3, likelihood: 2 },
    ifMatch: true,
    response: { status: 200, schema: itemView, description: 'Updated.' },
    errors: [409, 422],
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const i = await execute(ctx, updateItem, rawBody, { access, ids: { assessmentId: params.assessmentId, itemId: params.itemId }, ifMatch });
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
    action: 'impact_assessments.write',
    params: iParams,
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: [409],
    async handler({ ctx, access, params }) {
      await execute(ctx, removeItem, undefined, { access, ids: { assessmentId: params.assessmentId, itemId: params.itemId } });
      return {};
    },
  }),
];
