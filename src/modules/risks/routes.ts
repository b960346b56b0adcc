import { today } from '../../kernel/records.js';
import type { Row } from '../../db/schema.js';
import { sql } from 'kysely';
import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES, tableFile, type TableColumn } from '../../interop/tabular.js';
import {
  aboveAcceptance,
  activeCriteriaRow,
  criteriaFromRow,
  DEFAULT_CRITERIA,
  updateCriteria,
  criteriaInput,
  type Criteria,
} from './criteria.js';
import { assessmentsDue, assessmentView } from '../impact/index.js';
import {
  acceptRisk,
  addTreatment,
  createRisk,
  deleteRisk,
  RISK_STATUSES,
  TREATMENT_STATES,
  updateRisk,
  updateTreatment,
} from './commands.js';

type AnyRow = Record<string, any>;

const criteriaView = z
  .object({
    id: z.string().nullable().describe('Null until the organization stores its first criteria.'),
    number: z.number().int(),
    likelihood: z.array(z.object({ label: z.string(), description: z.string() })),
    impact: z.array(z.object({ label: z.string(), description: z.string() })),
    levels: z.array(z.object({ key: z.string(), label: z.string() })),
    matrix: z.array(z.array(z.string())),
    acceptanceLevel: z.string(),
    changeNote: z.string().nullable().optional(),
  })
  .meta({ id: 'RiskCriteria' });

const criteriaVersionView = criteriaView
  .extend({
    id: z.string(),
    status: z
      .enum(['active', 'superseded'])
      .describe('Only one version is in force (active) at a time.'),
    authorMemberId: z
      .string()
      .nullable()
      .describe('Who put it in force; null for the defaults stored on first use.'),
    createdAt: z.string(),
  })
  .meta({ id: 'RiskCriteriaVersion' });
const criteriaVersionOut = (r: Row<'risk_criteria'>) => ({
  ...criteriaFromRow(r),
  id: r.id as string,
  status: r.status,
  authorMemberId: r.author_member_id,
  createdAt: r.created_at,
});

const acceptanceState = z.object({
  state: z
    .enum(['not_assessed', 'not_needed', 'needed', 'valid', 'expired'])
    .describe('Whether the residual risk needs, has, or has let lapse an acceptance.'),
  expiresOn: z.string().nullable(),
  acceptedByMemberId: z.string().nullable(),
  justification: z.string().nullable(),
});

const riskView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    aiSystemIds: z.array(z.string()),
    lifecycleStage: z.string().nullable(),
    riskSources: z.array(z.string()),
    objectives: z.array(z.string()),
    ownerMemberId: z.string().nullable(),
    criteriaId: z.string().nullable(),
    inherentLikelihood: z.number().int().nullable(),
    inherentImpact: z.number().int().nullable(),
    inherentLevel: z.string().nullable(),
    treatment: z.string().nullable(),
    controlIds: z.array(z.string()),
    residualLikelihood: z.number().int().nullable(),
    residualImpact: z.number().int().nullable(),
    residualLevel: z.string().nullable(),
    reviewDate: z.string().nullable(),
    reviewOverdue: z.boolean(),
    status: z.string(),
    acceptance: acceptanceState,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Risk' });

const treatmentView = z
  .object({
    id: z.string(),
    riskId: z.string(),
    title: z.string(),
    ownerMemberId: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(TREATMENT_STATES),
    completedOn: z.string().nullable(),
    overdue: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'RiskTreatment' });

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Builds risk views for a page: the criteria and latest acceptances are read once for the page. */
async function riskViews(db: any, orgId: string, rows: AnyRow[], today: string) {
  const critIds = [...new Set(rows.map((r) => r.criteria_id).filter(Boolean))];
  const crits = new Map<string, Criteria>();
  if (critIds.length)
    for (const c of await db
      .selectFrom('risk_criteria')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'in', critIds)
      .execute())
      crits.set(c.id, criteriaFromRow(c));
  const latest = new Map<string, AnyRow>();
  if (rows.length) {
    const accs = await db
      .selectFrom('risk_acceptances')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(
        'risk_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('id')
      .execute();
    for (const a of accs) latest.set(a.risk_id, a);
  }
  return rows.map((r) => {
    const c = crits.get(r.criteria_id);
    const a = latest.get(r.id);
    let state: z.infer<typeof acceptanceState>['state'] = 'not_assessed';
    if (r.residual_level && c) {
      if (!aboveAcceptance(c, r.residual_level)) state = 'not_needed';
      else if (a && a.residual_level === r.residual_level && a.criteria_id === r.criteria_id)
        state = a.expires_on < today ? 'expired' : 'valid';
      else state = 'needed';
    }
    const valid = state === 'valid' || state === 'expired';
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      aiSystemIds: JSON.parse(r.ai_system_ids ?? '[]'),
      lifecycleStage: r.lifecycle_stage,
      riskSources: JSON.parse(r.risk_sources ?? '[]'),
      objectives: JSON.parse(r.objectives ?? '[]'),
      ownerMemberId: r.owner_member_id,
      criteriaId: r.criteria_id,
      inherentLikelihood: num(r.inherent_likelihood),
      inherentImpact: num(r.inherent_impact),
      inherentLevel: r.inherent_level,
      treatment: r.treatment,
      controlIds: JSON.parse(r.control_ids ?? '[]'),
      residualLikelihood: num(r.residual_likelihood),
      residualImpact: num(r.residual_impact),
      residualLevel: r.residual_level,
      reviewDate: r.review_date,
      reviewOverdue: !!r.review_date && r.review_date < today && r.status !== 'closed',
      status: r.status,
      acceptance: {
        state,
        expiresOn: valid ? a!.expires_on : null,
        acceptedByMemberId: valid ? a!.accepted_by_member_id : null,
        justification: valid ? a!.justification : null,
      },
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

const treatmentOut = (t: AnyRow, today: string) => ({
  id: t.id,
  riskId: t.risk_id,
  title: t.title,
  ownerMemberId: t.owner_member_id,
  dueDate: t.due_date,
  status: t.status,
  completedOn: t.completed_on,
  overdue:
    !!t.due_date && t.due_date < today && (t.status === 'planned' || t.status === 'in_progress'),
  version: t.version,
});

const base = '/api/v1/orgs/:org/risks';
const riskParams = orgParam.extend({ riskId: uuid });

async function oneRisk(db: any, orgId: string, id: string, t: string) {
  const r = await db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('risk');
  return (await riskViews(db, orgId, [r], t))[0]!;
}

/** A SQL rank of a level column under the given criteria (unknown levels rank lowest). */
const rankSql = (c: Criteria, col: string) =>
  sql<number>`case ${sql.ref(col)} ${sql.join(
    c.levels.map((l, i) => sql`when ${l.key} then ${i}`),
    sql` `,
  )} else -1 end`;

const EXPORT_COLUMNS: TableColumn[] = [
  { key: 'title', header: 'Risk', width: 18 },
  { key: 'aiSystems', header: 'AI systems', width: 10 },
  { key: 'riskSources', header: 'Annex C sources', width: 7 },
  { key: 'owner', header: 'Owner', width: 10 },
  { key: 'inherent', header: 'Inherent (L×I, level)', width: 9 },
  { key: 'treatment', header: 'Treatment', width: 6 },
  { key: 'controlIds', header: 'Controls', width: 8 },
  { key: 'residual', header: 'Residual (L×I, level)', width: 9 },
  { key: 'acceptance', header: 'Acceptance', width: 9 },
  { key: 'status', header: 'Status', width: 7 },
  { key: 'reviewDate', header: 'Review', width: 7 },
];

export const riskRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'risks.export',
    summary: 'The risk register as CSV, XLSX or PDF',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The register.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const t = today(services.now());
      const rows = await db
        .selectFrom('risks')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(100_000)
        .execute();
      const views = await riskViews(db, access.orgId, rows, t);
      const systems = new Map<string, string>(
        (
          await db
            .selectFrom('ai_systems')
            .select(['id', 'name'])
            .where('org_id', '=', access.orgId)
            .execute()
        ).map((s: AnyRow) => [s.id, s.name]),
      );
      const members = new Map<string, string>(
        (
          await db
            .selectFrom('memberships')
            .select(['id', 'email'])
            .where('org_id', '=', access.orgId)
            .execute()
        ).map((m: AnyRow) => [m.id, m.email]),
      );
      const records = views.map((v) => ({
        ...v,
        aiSystems: v.aiSystemIds.map((x: string) => systems.get(x) ?? x),
        owner: v.ownerMemberId ? (members.get(v.ownerMemberId) ?? v.ownerMemberId) : '',
        inherent: v.inherentLevel
          ? `${v.inherentLikelihood}×${v.inherentImpact} ${v.inherentLevel}`
          : '',
        residual: v.residualLevel
          ? `${v.residualLikelihood}×${v.residualImpact} ${v.residualLevel}`
          : '',
        acceptance: v.acceptance.expiresOn
          ? `${v.acceptance.state} until ${v.acceptance.expiresOn}`
          : v.acceptance.state.replace('_', ' '),
      }));
      const file = await tableFile(
        query.format,
        `${access.slug}-risk-register`,
        'Risk register',
        `${access.slug} - ${records.length} risks (ISO/IEC 42001 6.1.2, 6.1.3)`,
        EXPORT_COLUMNS,
        records,
        services.now(),
      );
      return { file };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria',
    operationId: 'risk_criteria.get',
    summary: 'The active risk criteria (defaults until the organization sets its own)',
    tag: 'risks',
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam,
    response: { status: 200, schema: criteriaView, description: 'The criteria.' },
    async handler({ services, access }) {
      const row = await activeCriteriaRow(services.database.db, access.orgId);
      return { body: row ? criteriaFromRow(row) : { id: null, number: 0, ...DEFAULT_CRITERIA } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria-versions',
    operationId: 'risk_criteria.versions',
    summary:
      'Every version of the risk criteria, newest first: the one in force and those it replaced',
    tag: 'risks',
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(criteriaVersionView),
      description: 'A page of versions.',
    },
    async handler({ services, access, query }) {
      let q = (services.database.db as any)
        .selectFrom('risk_criteria')
        .selectAll()
        .where('org_id', '=', access.orgId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '<', after);
      const p = toPage(
        await q
          .orderBy('id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row<'risk_criteria'>) => r.id,
      );
      return { body: { ...p, items: p.items.map(criteriaVersionOut) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria-versions/:criteriaId',
    operationId: 'risk_criteria.version',
    summary: 'One version of the risk criteria, such as the one a risk was scored on',
    tag: 'risks',
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam.extend({ criteriaId: uuid }),
    response: { status: 200, schema: criteriaVersionView, description: 'The version.' },
    errors: [404],
    async handler({ services, access, params }) {
      const row = await (services.database.db as any)
        .selectFrom('risk_criteria')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.criteriaId)
        .executeTakeFirst();
      if (!row) throw notFound('risk criteria version');
      return { body: criteriaVersionOut(row) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/risk-criteria',
    operationId: 'risk_criteria.update',
    summary: 'Set new risk criteria (a new version; earlier assessments keep theirs)',
    tag: 'risks',
    auth: 'org',
    action: 'risk_criteria.update',
    params: orgParam,
    body: criteriaInput,
    example: {
      ...DEFAULT_CRITERIA,
      acceptanceLevel: 'low',
      changeNote: 'Stricter after the board review',
    },
    response: { status: 201, schema: criteriaView, description: 'The new criteria.' },
    async handler({ ctx, access, rawBody }) {
      return { body: await execute(ctx, updateCriteria, rawBody, { access }) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'risks.list',
    summary: 'The risk register, newest first',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(RISK_STATUSES).optional().describe('Only risks in this state.'),
      aiSystemId: uuid.optional().describe('Only risks of this AI system.'),
      ownerMemberId: uuid.optional().describe('Only risks of this owner.'),
      residualLevel: z.string().max(30).optional().describe('Only risks at this residual level.'),
    }),
    response: { status: 200, schema: page(riskView), description: 'A page of risks.' },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      let q = db.selectFrom('risks').selectAll().where('org_id', '=', access.orgId);
      if (query.status) q = q.where('status', '=', query.status);
      if (query.ownerMemberId) q = q.where('owner_member_id', '=', query.ownerMemberId);
      if (query.residualLevel) q = q.where('residual_level', '=', query.residualLevel);
      if (query.aiSystemId) q = q.where('ai_system_ids', 'like', `%"${query.aiSystemId}"%`);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '<', after);
      const p = toPage(
        await q
          .orderBy('id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: AnyRow) => r.id,
      );
      return {
        body: { ...p, items: await riskViews(db, access.orgId, p.items, today(services.now())) },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'risks.create',
    summary: 'Identify a risk; levels are computed from the active criteria',
    tag: 'risks',
    auth: 'org',
    action: 'risks.create',
    params: orgParam,
    body: createRisk.input,
    example: {
      title: 'Triage model under-ranks elderly patients',
      riskSources: ['C.3.4'],
      objectives: ['C.2.5'],
      inherentLikelihood: 3,
      inherentImpact: 4,
      treatment: 'modify',
      controlIds: ['A.7.4'],
    },
    response: { status: 201, schema: riskView, description: 'Created.' },
    errors: [422],
    async handler({ ctx, services, access, rawBody }) {
      const r = await execute(ctx, createRisk, rawBody, { access });
      return {
        body: await oneRisk(services.database.db, access.orgId, r.id, today(services.now())),
        etag: r.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:riskId`,
    operationId: 'risks.get',
    summary: 'One risk',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: riskParams,
    response: { status: 200, schema: riskView, description: 'The risk.' },
    async handler({ services, access, params }) {
      const v = await oneRisk(
        services.database.db,
        access.orgId,
        params.riskId,
        today(services.now()),
      );
      return { body: v, etag: v.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:riskId`,
    operationId: 'risks.update',
    summary: 'Change or re-assess a risk (a re-assessment uses the active criteria)',
    tag: 'risks',
    auth: 'org',
    action: 'risks.update',
    params: riskParams,
    body: updateRisk.input,
    example: { residualLikelihood: 2, residualImpact: 3 },
    ifMatch: true,
    response: { status: 200, schema: riskView, description: 'Updated.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const r = await execute(ctx, updateRisk, rawBody, {
        access,
        ids: { riskId: params.riskId },
        ifMatch,
      });
      return {
        body: await oneRisk(services.database.db, access.orgId, r.id, today(services.now())),
        etag: r.version,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${base}/:riskId`,
    operationId: 'risks.delete',
    summary: 'Delete a risk with its treatments and acceptances (the ledger keeps them)',
    tag: 'risks',
    auth: 'org',
    action: 'risks.delete',
    params: riskParams,
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Deleted.' },
    async handler({ ctx, access, params, ifMatch }) {
      await execute(ctx, deleteRisk, undefined, {
        access,
        ids: { riskId: params.riskId },
        ifMatch,
      });
      return {};
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:riskId/treatments`,
    operationId: 'risks.treatments',
    summary: 'Treatment actions of a risk',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: riskParams,
    query: pageQuery,
    response: { status: 200, schema: page(treatmentView), description: 'A page of actions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      await oneRisk(db, access.orgId, params.riskId, today(services.now()));
      let q = db
        .selectFrom('risk_treatments')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('risk_id', '=', params.riskId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      const p = toPage(
        await q
          .orderBy('id')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: AnyRow) => r.id,
      );
      const t = today(services.now());
      return { body: { ...p, items: p.items.map((x: AnyRow) => treatmentOut(x, t)) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:riskId/treatments`,
    operationId: 'risks.treat',
    summary: 'Add a treatment action',
    tag: 'risks',
    auth: 'org',
    action: 'risks.treat',
    params: riskParams,
    body: addTreatment.input,
    example: { title: 'Re-balance the training data by age band', dueDate: '2027-03-31' },
    response: { status: 201, schema: treatmentView, description: 'Added.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody }) {
      const t = await execute(ctx, addTreatment, rawBody, {
        access,
        ids: { riskId: params.riskId },
      });
      return { body: treatmentOut(t, today(services.now())), etag: t.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:riskId/treatments/:treatmentId`,
    operationId: 'risks.treatment_update',
    summary: 'Change a treatment action (status, owner, due date)',
    tag: 'risks',
    auth: 'org',
    action: 'risks.treat',
    params: riskParams.extend({ treatmentId: uuid }),
    body: updateTreatment.input,
    example: { status: 'done' },
    ifMatch: true,
    response: { status: 200, schema: treatmentView, description: 'Updated.' },
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const t = await execute(ctx, updateTreatment, rawBody, {
        access,
        ids: { riskId: params.riskId, treatmentId: params.treatmentId },
        ifMatch,
      });
      return { body: treatmentOut(t, today(services.now())), etag: t.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:riskId/acceptance`,
    operationId: 'risks.accept',
    summary: 'Accept the residual risk (a manager or owner other than the risk owner)',
    tag: 'risks',
    auth: 'org',
    action: 'risks.accept',
    params: riskParams,
    body: acceptRisk.input,
    example: {
      justification: 'Benefit outweighs the remaining risk with weekly monitoring.',
      expiresOn: '2027-06-30',
    },
    ifMatch: true,
    response: {
      status: 201,
      schema: riskView,
      description: 'Accepted; the risk as it now stands.',
    },
    errors: [409, 422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      await execute(ctx, acceptRisk, rawBody, { access, ids: { riskId: params.riskId }, ifMatch });
      const v = await oneRisk(
        services.database.db,
        access.orgId,
        params.riskId,
        today(services.now()),
      );
      return { body: v, etag: v.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-heatmap',
    operationId: 'risks.heatmap',
    summary: 'Counts of risks per likelihood × impact cell on the active criteria',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    query: z.object({
      kind: z
        .enum(['inherent', 'residual'])
        .default('residual')
        .describe('Before or after treatment.'),
      aiSystemId: uuid.optional().describe('Only risks of this AI system.'),
    }),
    response: {
      status: 200,
      schema: z.object({
        kind: z.string(),
        criteria: criteriaView,
        cells: z
          .array(z.array(z.number().int()))
          .describe('cells[l-1][i-1]: risks with likelihood l and impact i.'),
        otherCriteria: z
          .number()
          .int()
          .describe('Risks last assessed on earlier criteria: re-assess them to place them here.'),
        unassessed: z.number().int(),
      }),
      description: 'The heat map.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const row = await activeCriteriaRow(db, access.orgId);
      const c: Criteria = row ? criteriaFromRow(row) : { id: null, number: 0, ...DEFAULT_CRITERIA };
      const l = `${query.kind}_likelihood`;
      const i = `${query.kind}_impact`;
      let q = db.selectFrom('risks').where('org_id', '=', access.orgId);
      if (query.aiSystemId) q = q.where('ai_system_ids', 'like', `%"${query.aiSystemId}"%`);
      const groups = await q
        .select([
          sql.ref(l).as('l'),
          sql.ref(i).as('i'),
          'criteria_id',
          (eb: any) => eb.fn.countAll().as('n'),
        ])
        .groupBy([l, i, 'criteria_id'])
        .execute();
      const cells = c.likelihood.map(() => c.impact.map(() => 0));
      let other = 0;
      let unassessed = 0;
      for (const g of groups) {
        const n = Number(g.n);
        if (g.l === null || g.l === undefined) unassessed += n;
        else if (g.criteria_id !== c.id) other += n;
        else if (cells[Number(g.l) - 1]?.[Number(g.i) - 1] !== undefined)
          cells[Number(g.l) - 1]![Number(g.i) - 1]! += n;
      }
      return { body: { kind: query.kind, criteria: c, cells, otherCriteria: other, unassessed } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-overview',
    operationId: 'risks.overview',
    summary:
      'Top risks and what is overdue: treatments, reviews, acceptances, impact re-assessments',
    tag: 'risks',
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({
        top: z.array(riskView),
        reviewsDue: z.array(riskView),
        acceptancesDue: z.array(riskView),
        overdueTreatments: z.array(treatmentView),
        reassessmentsDue: z
          .array(assessmentView)
          .describe('Approved impact assessments due again, with the reasons.'),
      }),
      description: 'Up to 10 of each.',
    },
    async handler({ services, access }) {
      const db = services.database.db as any;
      const t = today(services.now());
      const row = await activeCriteriaRow(db, access.orgId);
      const c: Criteria = row ? criteriaFromRow(row) : { id: null, number: 0, ...DEFAULT_CRITERIA };
      const top = await db
        .selectFrom('risks')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '<>', 'closed')
        .orderBy(rankSql(c, 'residual_level'), 'desc')
        .orderBy(rankSql(c, 'inherent_level'), 'desc')
        .orderBy('id', 'desc')
        .limit(10)
        .execute();
      const reviews = await db
        .selectFrom('risks')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '<>', 'closed')
        .where('review_date', '<', t)
        .orderBy('review_date')
        .limit(10)
        .execute();
      const accepted = await db
        .selectFrom('risks')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '=', 'accepted')
        .orderBy('id')
        .limit(500)
        .execute();
      const acceptedViews = (await riskViews(db, access.orgId, accepted, t))
        .filter((v) => v.acceptance.state === 'expired' || v.acceptance.state === 'needed')
        .slice(0, 10);
      const treatments = await db
        .selectFrom('risk_treatments')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', 'in', ['planned', 'in_progress'])
        .where('due_date', '<', t)
        .orderBy('due_date')
        .limit(10)
        .execute();
      return {
        body: {
          top: await riskViews(db, access.orgId, top, t),
          reviewsDue: await riskViews(db, access.orgId, reviews, t),
          acceptancesDue: acceptedViews,
          overdueTreatments: treatments.map((x: AnyRow) => treatmentOut(x, t)),
          reassessmentsDue: await assessmentsDue(services.database.db, access, t, 10),
        },
      };
    },
  }),
];
