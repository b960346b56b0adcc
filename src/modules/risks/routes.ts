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
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord, today } from '../../kernel/records.js';
import { acceptRisk } from './acceptance-commands.js';
import type { RiskRow } from './acceptance.js';
import { criteriaFromRow, heatmapView, toHeatmap, UNSTORED_CRITERIA } from './criteria.js';
import { criteriaRoutes } from './criteria-routes.js';
import { risksFile } from './export.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { awaitingAcceptanceOf } from './acceptance-due.js';
import {
  activeCriteriaRow,
  heatmapCounts,
  RISK_SORTS,
  risksPage,
  treatmentsPage,
} from './queries.js';
import { createRisk, deleteRisk, updateRisk } from './risk-commands.js';
import {
  RISK_STATUSES,
  riskView,
  riskViewOf,
  riskViews,
  treatmentView,
  treatmentViews,
  type TreatmentRow,
} from './schemas.js';
import { addTreatment, updateTreatment } from './treatment-commands.js';
import { riskOverview, riskOverviewView } from './overview.js';

const base = '/api/v1/orgs/:org/risks';
const tag = 'risks';
const riskParams = orgParam.extend({ riskId: uuid });

/** The risk a command wrote, as this caller sees it now. */
const riskAfter = (r: RiskRow, { services, access }: Call<unknown, unknown, unknown>) =>
  riskViewOf(services.database.db, access, r, today(services.now()));
const treatmentAfter = async (
  t: TreatmentRow,
  { services, access }: Call<unknown, unknown, unknown>,
) => (await treatmentViews(services.database.db, access, [t], today(services.now())))[0]!;

/** A heat-map cell, `likelihood-impact`, both steps counted from 1. */
const heatCell = z
  .string()
  .regex(/^[1-9][0-9]?-[1-9][0-9]?$/, 'Write the cell as likelihood-impact, e.g. 3-4.')
  .transform((v) => v.split('-').map(Number) as [number, number])
  .optional();

export const riskRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'risks.export',
    summary: 'The risk register as CSV, XLSX or PDF',
    tag,
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The register.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      return { file: await risksFile(services.database.db, access, query.format, services.now()) };
    },
  }),
  ...criteriaRoutes,
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'risks.list',
    summary: 'The risk register, newest first',
    tag,
    auth: 'org',
    action: 'risks.read',
    // Ledgered records and the caller; overdue reviews and acceptance by today's date.
    cache: 'head+minute',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(RISK_STATUSES).optional().describe('Only risks in this state.'),
      aiSystemId: uuid.optional().describe('Only risks of this AI system.'),
      ownerMemberId: uuid.optional().describe('Only risks of this owner.'),
      residualLevel: z.string().max(30).optional().describe('Only risks at this residual level.'),
      inherentCell: heatCell.describe(
        'Only risks in this cell of the inherent heat map: likelihood-impact, e.g. 3-4.',
      ),
      residualCell: heatCell.describe('Only risks in this cell of the residual heat map.'),
      criteriaId: uuid.optional().describe('Only risks scored on this version of the criteria.'),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          "me: only risks whose residual risk acceptance waits for the caller (what the caller's inbox asks them to accept or renew).",
        ),
      q: searchParam,
      sort: sortParam(RISK_SORTS),
    }),
    response: { status: 200, schema: page(riskView), description: 'A page of risks.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const ids =
        query.awaiting === 'me'
          ? await awaitingAcceptanceOf(db, access, services.now())
          : undefined;
      const p = await risksPage(db, dialect, access.orgId, { ...query, ids }, query);
      return { body: { ...p, items: await riskViews(db, access, p.items, today(services.now())) } };
    },
  }),
  commandRoute({
    command: createRisk,
    method: 'POST',
    url: base,
    summary: 'Identify a risk; levels are computed from the active criteria',
    tag,
    example: {
      title: 'Triage model under-ranks elderly patients',
      aiSystemIds: [exampleId('aiSystemId')],
      riskSources: ['C.3.4'],
      objectives: ['C.2.5'],
      inherentLikelihood: 3,
      inherentImpact: 4,
      treatment: 'modify',
      controlIds: ['A.7.4'],
    },
    response: { status: 201, schema: riskView, description: 'Created.' },
    errors: [422],
    view: riskAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:riskId`,
    operationId: 'risks.get',
    summary: 'One risk',
    tag,
    auth: 'org',
    action: 'risks.read',
    params: riskParams,
    response: { status: 200, schema: riskView, description: 'The risk.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await findRecord(db, 'risks', access.orgId, params.riskId);
      if (!r) throw notFound('risk');
      return { body: await riskViewOf(db, access, r, today(services.now())), etag: r.version };
    },
  }),
  commandRoute({
    command: updateRisk,
    method: 'PATCH',
    url: `${base}/:riskId`,
    summary: 'Change or re-assess a risk (a re-assessment uses the active criteria)',
    tag,
    example: { residualLikelihood: 2, residualImpact: 3 },
    ifMatch: true,
    response: { status: 200, schema: riskView, description: 'Updated.' },
    errors: [422],
    view: riskAfter,
  }),
  commandRoute({
    command: deleteRisk,
    method: 'DELETE',
    url: `${base}/:riskId`,
    summary: 'Delete a risk with its treatments and acceptances (the ledger keeps them)',
    tag,
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Deleted.' },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:riskId/treatments`,
    operationId: 'risks.treatments',
    summary: 'Treatment actions of a risk',
    tag,
    auth: 'org',
    action: 'risks.read',
    params: riskParams,
    query: pageQuery,
    response: { status: 200, schema: page(treatmentView), description: 'A page of actions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      if (!(await findRecord(db, 'risks', access.orgId, params.riskId))) throw notFound('risk');
      const p = await treatmentsPage(db, access.orgId, params.riskId, query);
      const items = await treatmentViews(db, access, p.items, today(services.now()));
      return { body: { ...p, items } };
    },
  }),
  commandRoute({
    command: addTreatment,
    method: 'POST',
    url: `${base}/:riskId/treatments`,
    summary: 'Add a treatment action',
    tag,
    example: { title: 'Re-balance the training data by age band', dueDate: '2027-03-31' },
    response: { status: 201, schema: treatmentView, description: 'Added.' },
    errors: [422],
    view: treatmentAfter,
  }),
  commandRoute({
    command: updateTreatment,
    method: 'PATCH',
    url: `${base}/:riskId/treatments/:treatmentId`,
    operationId: 'risks.treatment_update',
    summary: 'Change a treatment action (status, owner, due date)',
    tag,
    example: { status: 'done' },
    ifMatch: true,
    response: { status: 200, schema: treatmentView, description: 'Updated.' },
    errors: [422],
    view: treatmentAfter,
  }),
  commandRoute({
    command: acceptRisk,
    method: 'POST',
    url: `${base}/:riskId/acceptance`,
    summary: 'Accept the residual risk (a manager or owner other than the risk owner)',
    tag,
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
    view: riskAfter,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-heatmap',
    operationId: 'risks.heatmap',
    summary: 'Counts of risks per likelihood × impact cell on the active criteria',
    tag,
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
    response: { status: 200, schema: heatmapView, description: 'The heat map.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const row = await activeCriteriaRow(db, access.orgId);
      const groups = await heatmapCounts(db, access.orgId, query.kind, query.aiSystemId);
      return {
        body: toHeatmap(query.kind, row ? criteriaFromRow(row) : UNSTORED_CRITERIA, groups),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-overview',
    operationId: 'risks.overview',
    summary:
      'Top risks and what is overdue: treatments, reviews, acceptances, impact re-assessments',
    tag,
    auth: 'org',
    action: 'risks.read',
    params: orgParam,
    response: {
      status: 200,
      schema: riskOverviewView,
      description: 'Up to 10 of each.',
    },
    async handler({ services, access }) {
      return {
        body: await riskOverview(services.database.db, access, today(services.now())),
      };
    },
  }),
];
