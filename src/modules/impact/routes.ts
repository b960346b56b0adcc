import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { can } from '../../kernel/authorize.js';
import { notFound } from '../../kernel/errors.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { findRecord, today } from '../../kernel/records.js';
import {
  addItem,
  approveAssessment,
  createAssessment,
  removeItem,
  updateAssessment,
  updateItem,
} from './commands.js';
import { assessmentsFile } from './export.js';
import { itemViews } from './names.js';
import { ASSESSMENT_SORTS, assessmentsPage, impactsPage } from './queries.js';
import {
  assessmentView,
  assessmentViewOf,
  assessmentViews,
  ASSESSMENT_STATUSES,
  itemView,
  type AssessmentRow,
} from './schemas.js';
import type { Call } from '../../api/route.js';

const base = '/api/v1/orgs/:org/impact-assessments';
const aParams = orgParam.extend({ assessmentId: uuid });
const tag = 'impact-assessments';

/** The assessment a command wrote, as this caller sees it now. */
const viewAfter = (a: AssessmentRow, { services, access }: Call<unknown, unknown, unknown>) =>
  assessmentViewOf(services.database.db, access, a, today(services.now()));

export const impactRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'impact_assessments.export',
    summary: 'Impact assessments and their impacts as CSV, XLSX or PDF (one row per impact)',
    tag,
    auth: 'org',
    action: 'impact_assessments.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The assessments.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      return {
        file: await assessmentsFile(services.database.db, access, query.format, services.now()),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'impact_assessments.list',
    summary:
      'Impact assessments, newest first, with whether each is due again and why; search, filter and sort',
    tag,
    auth: 'org',
    action: 'impact_assessments.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the title and the summary.'),
      aiSystemId: uuid.optional().describe('Only this AI system.'),
      status: z.enum(ASSESSMENT_STATUSES).optional(),
      due: z
        .enum(['true', 'false'])
        .optional()
        .describe(
          'Only assessments due again (true: approved, and the cycle ended or the system changed stage or model version since), or only the others (false).',
        ),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          'me: only drafts that wait for the caller’s approval (their role may approve assessments, the draft has an impact and they did not author it), as their inbox asks.',
        ),
      sort: sortParam(ASSESSMENT_SORTS),
    }),
    response: { status: 200, schema: page(assessmentView), description: 'A page of assessments.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const day = today(services.now());
      const due = query.due === undefined ? undefined : query.due === 'true';
      // Nobody without the right to approve, nor a caller who is no member, sees a draft waiting.
      const awaiting = query.awaiting === 'me';
      const none = awaiting && (!can(access, 'impact_assessments.approve') || !access.memberId);
      const p = none
        ? { items: [], nextCursor: null }
        : await assessmentsPage(
            db,
            dialect,
            access.orgId,
            {
              q: query.q,
              aiSystemId: query.aiSystemId,
              status: query.status,
              due,
              day,
              sort: query.sort,
              ...(awaiting ? { approvableBy: access.memberId ?? undefined } : {}),
            },
            query,
          );
      return { body: { ...p, items: await assessmentViews(db, access, p.items, day) } };
    },
  }),
  commandRoute({
    command: createAssessment,
    method: 'POST',
    url: base,
    summary: 'Start an impact assessment of an AI system (a draft)',
    tag,
    example: {
      aiSystemId: exampleId('aiSystemId'),
      title: 'Triage assistant impact assessment',
      dpiaReference: 'DPIA-2026-04',
      reviewCycleMonths: 12,
    },
    response: { status: 201, schema: assessmentView, description: 'Created.' },
    errors: [422],
    view: viewAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:assessmentId`,
    operationId: 'impact_assessments.get',
    summary: 'One impact assessment',
    tag,
    auth: 'org',
    action: 'impact_assessments.read',
    params: aParams,
    response: { status: 200, schema: assessmentView, description: 'The assessment.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const a = await findRecord(db, 'impact_assessments', access.orgId, params.assessmentId);
      if (!a) throw notFound('impact assessment');
      return {
        body: await assessmentViewOf(db, access, a, today(services.now())),
        etag: a.version,
      };
    },
  }),
  commandRoute({
    command: updateAssessment,
    method: 'PATCH',
    url: `${base}/:assessmentId`,
    summary: 'Change a draft assessment (its model version must be one of the same AI system)',
    tag,
    example: { summary: 'Interviews with clinicians and a bias test on 2025 data.' },
    ifMatch: true,
    response: { status: 200, schema: assessmentView, description: 'Updated.' },
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: approveAssessment,
    method: 'POST',
    url: `${base}/:assessmentId/approve`,
    summary: 'Approve an assessment (not by its author); an earlier approved one is superseded',
    tag,
    ifMatch: true,
    response: { status: 200, schema: assessmentView, description: 'Approved.' },
    errors: [409, 422],
    view: viewAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:assessmentId/impacts`,
    operationId: 'impact_assessments.impacts',
    summary: 'The impacts recorded in an assessment',
    tag,
    auth: 'org',
    action: 'impact_assessments.read',
    params: aParams,
    query: pageQuery,
    response: { status: 200, schema: page(itemView), description: 'A page of impacts.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      if (!(await findRecord(db, 'impact_assessments', access.orgId, params.assessmentId)))
        throw notFound('impact assessment');
      const p = await impactsPage(db, access.orgId, params.assessmentId, query);
      return { body: { ...p, items: await itemViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: addItem,
    method: 'POST',
    url: `${base}/:assessmentId/impacts`,
    summary: 'Record an impact in a draft assessment',
    tag,
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
    view: async (r, { services, access }) =>
      (await itemViews(services.database.db, access, [r]))[0]!,
  }),
  commandRoute({
    command: updateItem,
    method: 'PUT',
    url: `${base}/:assessmentId/impacts/:itemId`,
    summary: 'Replace an impact of a draft assessment',
    tag,
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
    view: async (r, { services, access }) =>
      (await itemViews(services.database.db, access, [r]))[0]!,
  }),
  commandRoute({
    command: removeItem,
    method: 'DELETE',
    url: `${base}/:assessmentId/impacts/:itemId`,
    summary: 'Remove an impact from a draft assessment',
    tag,
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: [409],
  }),
];
