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
import { findRecord } from '../../kernel/records.js';
import {
  approveDpia,
  createDpia,
  recordAdvice,
  recordConsultation,
  updateDpia,
} from './commands.js';
import { DPIA_SORTS, dpiasPage } from './queries.js';
import { dpiaViewOf, dpiaViews } from './names.js';
import { DPIA_STATUSES, dpiaView, type DpiaRow } from './schemas.js';
import { SCREENING_QUESTIONS } from './screening.js';
import type { Call } from '../../api/route.js';

const base = '/api/v1/orgs/:org/dpias';
const dParams = orgParam.extend({ dpiaId: uuid });
const tag = 'dpia';

const viewAfter = (d: DpiaRow, { services, access }: Call<unknown, unknown, unknown>) =>
  dpiaViewOf(services.database.db, access, d);

const questionView = z
  .object({
    key: z.string(),
    ref: z.string(),
    kind: z.enum(['case', 'indicator']),
    question: z.string(),
  })
  .meta({ id: 'DpiaScreeningQuestion' });

export const dpiaRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/questions`,
    operationId: 'dpia.questions',
    summary:
      'The DPIA screening questions: GDPR Art. 35(1), (3), (4) cases (one yes requires a DPIA) and WP248 indicators (two yes usually do)',
    tag,
    auth: 'org',
    action: 'dpia.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ items: z.array(questionView) }),
      description: 'The questions.',
    },
    handler: () => Promise.resolve({ body: { items: [...SCREENING_QUESTIONS] } }),
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'dpia.list',
    summary: 'Data protection impact assessments, newest first; search, filter and sort',
    tag,
    auth: 'org',
    action: 'dpia.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the title.'),
      aiSystemId: uuid.optional().describe('Only this AI system.'),
      impactAssessmentId: uuid.optional().describe('Only those beside this impact assessment.'),
      status: z.enum(DPIA_STATUSES).optional(),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          'me: only drafts that wait for the caller’s approval (their role may approve DPIAs, the draft has what approval needs and they did not author it), as their inbox asks.',
        ),
      sort: sortParam(DPIA_SORTS),
    }),
    response: { status: 200, schema: page(dpiaView), description: 'A page of DPIAs.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const { awaiting, ...filter } = query;
      // Nobody without the right to approve, nor a caller who is no member, sees a draft waiting.
      const none = awaiting === 'me' && (!can(access, 'dpia.approve') || !access.memberId);
      const p = none
        ? { items: [], nextCursor: null }
        : await dpiasPage(
            db,
            dialect,
            access.orgId,
            awaiting === 'me' ? { ...filter, approvableBy: access.memberId ?? undefined } : filter,
            query,
          );
      return { body: { ...p, items: await dpiaViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: createDpia,
    method: 'POST',
    url: base,
    summary: "Screen an AI system's processing of personal data and start its DPIA (a draft)",
    tag,
    example: {
      aiSystemId: exampleId('aiSystemId'),
      title: 'Triage assistant DPIA',
      personalData: true,
      screening: { special_categories_large_scale: true, vulnerable_people: true },
    },
    response: { status: 201, schema: dpiaView, description: 'Created.' },
    errors: [422],
    view: viewAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:dpiaId`,
    operationId: 'dpia.get',
    summary: 'One DPIA',
    tag,
    auth: 'org',
    action: 'dpia.read',
    params: dParams,
    response: { status: 200, schema: dpiaView, description: 'The DPIA.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const d = await findRecord(db, 'dpias', access.orgId, params.dpiaId);
      if (!d) throw notFound('DPIA');
      return { body: await dpiaViewOf(db, access, d), etag: d.version };
    },
  }),
  commandRoute({
    command: updateDpia,
    method: 'PATCH',
    url: `${base}/:dpiaId`,
    summary: 'Change a draft DPIA (new screening answers screen it again)',
    tag,
    example: {
      necessity: 'Only triage-relevant fields are used; notes are pseudonymised first.',
      residualHighRisk: false,
    },
    ifMatch: true,
    response: { status: 200, schema: dpiaView, description: 'Updated.' },
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: recordAdvice,
    method: 'PUT',
    url: `${base}/:dpiaId/advice`,
    summary: "Record the data protection officer's advice on a draft DPIA (Art. 35(2))",
    tag,
    example: {
      dpoName: 'Dana Officer',
      advice: 'Shorten retention to 30 days and document the legal basis.',
      advisedOn: '2026-03-02',
      followed: true,
    },
    ifMatch: true,
    response: { status: 200, schema: dpiaView, description: 'Recorded.' },
    errors: [409],
    view: viewAfter,
  }),
  commandRoute({
    command: approveDpia,
    method: 'POST',
    url: `${base}/:dpiaId/approve`,
    summary: 'Approve a DPIA (not by its author); the system’s earlier approved one is superseded',
    tag,
    ifMatch: true,
    response: { status: 200, schema: dpiaView, description: 'Approved.' },
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: recordConsultation,
    method: 'PUT',
    url: `${base}/:dpiaId/consultation`,
    summary:
      'Record the prior consultation of the supervisory authority (Art. 36), when high residual risk remains',
    tag,
    example: {
      authority: 'Data Protection Authority',
      submittedOn: '2026-03-10',
      outcome: 'pending',
    },
    ifMatch: true,
    response: { status: 200, schema: dpiaView, description: 'Recorded.' },
    errors: [409],
    view: viewAfter,
  }),
];
