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
import { notFound } from '../../kernel/errors.js';
import { sortParam } from '../../kernel/list-query.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { today } from '../../kernel/records.js';
import { createImprovement, decideImprovement, updateImprovement } from './improvement-commands.js';
import {
  DECISIONS,
  IMPROVEMENT_STATES,
  improvementView,
  type ImprovementRow,
} from './improvement-schemas.js';
import { improvementViewOf, improvementViews } from './improvement-names.js';
import { findImprovement, IMPROVEMENT_SORTS, improvementsPage } from './queries.js';

const base = '/api/v1/orgs/:org/improvements';
const one = `${base}/:improvementId`;
const tag = 'improvements';

const after = (r: ImprovementRow, { services, access }: Call<unknown, unknown, unknown>) =>
  improvementViewOf(services.database.db, access, r, today(services.now()));
const view = { status: 200, schema: improvementView, description: 'The opportunity.' };

export const improvementRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'improvements.list',
    summary: 'The improvement log (10.1), newest first or sorted, searched and filtered',
    tag,
    auth: 'org',
    action: 'improvements.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(IMPROVEMENT_STATES).optional().describe('Only those in this state.'),
      decision: z.enum(DECISIONS).optional().describe('Only those with this decision.'),
      q: z
        .string()
        .trim()
        .max(200)
        .optional()
        .describe('Case-insensitive search in the title and the description.'),
      sort: sortParam(IMPROVEMENT_SORTS),
    }),
    response: { status: 200, schema: page(improvementView), description: 'A page.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await improvementsPage(db, dialect, access.orgId, query, query);
      const items = await improvementViews(db, access, p.items, today(services.now()));
      return { body: { ...p, items } };
    },
  }),
  commandRoute({
    command: createImprovement,
    method: 'POST',
    url: base,
    summary: 'Log an opportunity for improvement',
    tag,
    example: {
      title: 'Automate the monthly fairness report',
      description: 'Pull the subgroup metrics from monitoring instead of copying them by hand.',
      sourceType: 'suggestion',
      ownerMemberId: exampleId('memberId'),
      dueDate: '2026-12-31',
    },
    response: { status: 201, schema: improvementView, description: 'Logged.' },
    errors: [422],
    view: after,
  }),
  defineRoute({
    method: 'GET',
    url: one,
    operationId: 'improvements.get',
    summary: 'One opportunity for improvement',
    tag,
    auth: 'org',
    action: 'improvements.read',
    params: orgParam.extend({ improvementId: uuid }),
    response: view,
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await findImprovement(db, access.orgId, params.improvementId);
      if (!r) throw notFound('improvement');
      return {
        body: await improvementViewOf(db, access, r, today(services.now())),
        etag: r.version,
      };
    },
  }),
  commandRoute({
    command: updateImprovement,
    method: 'PATCH',
    url: one,
    summary: 'Change an opportunity, or record work on an adopted one (in progress, done)',
    tag,
    example: { dueDate: '2027-01-31' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: decideImprovement,
    method: 'POST',
    url: `${one}/decision`,
    summary: 'Adopt, defer or reject an opportunity (deferring and rejecting need a reason)',
    tag,
    example: { decision: 'adopted', note: 'Start with the triage model.' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
];
