import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  type RouteSpec,
} from '../../api/route.js';
import { runInstance } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { loadRecord } from '../../kernel/records.js';
import { reportConcern, reportPublicConcern, triageConcern } from './commands.js';
import { orgByRef } from '../orgs/index.js';
import { sortParam } from '../../kernel/list-query.js';
import { CONCERN_SORTS, concernForReporter, concernsPage } from './queries.js';
import { concernViewOf, concernViews } from './views.js';
import {
  CONCERN_STATES,
  CLOSED_STATES,
  concernId,
  concernView,
  publicReportInput,
} from './schemas.js';

const base = '/api/v1/orgs/:org/concerns';

export const concernRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'concerns.list',
    summary: 'Reported concerns, newest first',
    tag: 'concerns',
    auth: 'org',
    action: 'concerns.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(CONCERN_STATES).optional().describe('Only concerns in this state.'),
      q: z
        .string()
        .trim()
        .max(200)
        .optional()
        .describe('Case-insensitive search in the one-line summary.'),
      sort: sortParam(CONCERN_SORTS),
    }),
    response: { status: 200, schema: page(concernView), description: 'A page of concerns.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await concernsPage(db, dialect, access.orgId, query, query);
      return { body: { ...p, items: await concernViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: reportConcern,
    method: 'POST',
    url: base,
    summary: 'Report a concern about an AI system (optionally anonymous)',
    tag: 'concerns',
    example: {
      summary: 'The chatbot gave medical advice',
      details: 'Seen on 3 March in the support chat.',
      anonymous: true,
    },
    // An anonymous report's request line (address, time, the caller's session) is not logged,
    // as for the public link.
    logLevel: 'warn',
    response: {
      status: 201,
      schema: z.object({ id: z.string(), status: z.string() }),
      description: 'Received.',
    },
    errors: [422],
    view: (c) => ({ id: c.id, status: c.status }),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:concernId`,
    operationId: 'concerns.get',
    summary: 'One concern',
    tag: 'concerns',
    auth: 'org',
    action: 'concerns.read',
    params: orgParam.extend({ concernId }),
    response: { status: 200, schema: concernView, description: 'The concern.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await loadRecord(db, 'concerns', access.orgId, params.concernId, 'concern');
      return { body: await concernViewOf(db, access, r), etag: r.version };
    },
  }),
  commandRoute({
    command: triageConcern,
    method: 'PATCH',
    url: `${base}/:concernId`,
    summary: 'Triage a concern: state, owner, AI system, outcome',
    tag: 'concerns',
    example: { status: 'investigating' },
    ifMatch: true,
    response: { status: 200, schema: concernView, description: 'Updated.' },
    errors: [422],
    view: (c, { services, access }) => concernViewOf(services.database.db, access, c),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/public/orgs/:org',
    operationId: 'public.org',
    summary: 'The name of an organization, for its public concern page',
    tag: 'public',
    auth: 'public',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ name: z.string(), slug: z.string() }),
      description: 'The organization.',
    },
    async handler({ services, params }) {
      const org = await orgByRef(services.database.db, params.org);
      if (!org) throw notFound('organization');
      return { body: { name: org.name, slug: org.slug } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/public/orgs/:org/concerns',
    operationId: 'concerns.report_public',
    summary:
      'Report a concern without an account (rate-limited; anonymous unless contact is given)',
    tag: 'public',
    auth: 'public',
    params: orgParam,
    body: publicReportInput,
    example: {
      summary: 'The loan decision I got seems unfair',
      aiSystem: 'Online loan application',
    },
    logLevel: 'warn',
    response: {
      status: 202,
      schema: z.object({
        reference: z.string().describe('Quote it if you contact the organization.'),
      }),
      description: 'Received.',
    },
    errors: [404, 429, 503],
    async handler({ ctx, services, params, req, reply, body }) {
      const key = `concern|${req.ip}`;
      const wait = services.publicLimiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED', `Too many reports from here; try again in ${wait} s.`);
      }
      const org = await orgByRef(services.database.db, params.org);
      if (!org) throw notFound('organization');
      const c = await runInstance(ctx, reportPublicConcern, { ...body, orgId: org.id });
      services.publicLimiter.fail(key);
      return { body: { reference: c.id } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/public/orgs/:org/concerns/:concernId',
    operationId: 'concerns.status_public',
    // Only the state and dates, never the content, owner or outcome. Unknown references count
    // against the same limit as reports, so references cannot be found by trying.
    summary: 'Where a reported concern stands, for whoever holds its reference (no account)',
    tag: 'public',
    auth: 'public',
    params: orgParam.extend({
      concernId: concernId.describe('The reference given when the concern was reported.'),
    }),
    logLevel: 'warn',
    response: {
      status: 200,
      schema: z.object({
        reference: z.string(),
        status: z.enum(CONCERN_STATES),
        closed: z.boolean().describe('Resolved or dismissed: the organization has finished.'),
        receivedAt: z.string(),
        lastChangedAt: z.string(),
        closedAt: z.string().nullable(),
      }),
      description: 'The state of the concern.',
    },
    errors: [404, 429],
    async handler({ services, params, req, reply }) {
      const key = `concern-status|${req.ip}`;
      const wait = services.publicLimiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED', `Too many tries from here; try again in ${wait} s.`);
      }
      const db = services.database.db;
      const org = await orgByRef(db, params.org);
      const c = org ? await concernForReporter(db, org.id, params.concernId) : undefined;
      if (!org || !c) {
        services.publicLimiter.fail(key);
        throw notFound('report with this reference');
      }
      const status = c.status as (typeof CONCERN_STATES)[number];
      return {
        body: {
          reference: c.id,
          status,
          closed: CLOSED_STATES.includes(status),
          receivedAt: c.created_at,
          lastChangedAt: c.updated_at,
          closedAt: c.closed_at,
        },
      };
    },
  }),
];
