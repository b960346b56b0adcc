import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { UUID_RE } from '../../kernel/ids.js';
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
import { CONCERN_STATES, reportConcern, reportPublicConcern, triageConcern } from './commands.js';

const concernView = z
  .object({
    id: z.string(),
    summary: z.string(),
    details: z.string().nullable(),
    aiSystemId: z.string().nullable(),
    channel: z.enum(['member', 'public']),
    anonymous: z.boolean(),
    reporterMemberId: z.string().nullable().describe('Null when the report is anonymous.'),
    reporterContact: z.string().nullable(),
    status: z.enum(CONCERN_STATES),
    ownerMemberId: z.string().nullable(),
    outcome: z.string().nullable(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Concern' });

type Row = Record<string, any>;
const out = (r: Row) => ({
  id: r.id,
  summary: r.summary,
  details: r.details,
  aiSystemId: r.ai_system_id,
  channel: r.channel,
  anonymous: r.anonymous === 1,
  reporterMemberId: r.reporter_member_id,
  reporterContact: r.reporter_contact,
  status: r.status,
  ownerMemberId: r.owner_member_id,
  outcome: r.outcome,
  closedAt: r.closed_at,
  version: r.version,
  createdAt: r.created_at,
});

const base = '/api/v1/orgs/:org/concerns';
const itemParams = orgParam.extend({ concernId: uuid });

async function publicOrg(db: any, ref: string) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'slug'])
    .where(UUID_RE.test(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
  if (!org) throw notFound('organization');
  return org as { id: string; name: string; slug: string };
}

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
    }),
    response: { status: 200, schema: page(concernView), description: 'A page of concerns.' },
    async handler({ services, access, query }) {
      let q = (services.database.db as any)
        .selectFrom('concerns')
        .selectAll()
        .where('org_id', '=', access.orgId);
      if (query.status) q = q.where('status', '=', query.status);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '<', after);
      const p = toPage(
        await q
          .orderBy('id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return { body: { ...p, items: p.items.map(out) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'concerns.report',
    summary: 'Report a concern about an AI system (optionally anonymous)',
    tag: 'concerns',
    auth: 'org',
    action: 'concerns.report',
    params: orgParam,
    body: reportConcern.input,
    example: {
      summary: 'The chatbot gave medical advice',
      details: 'Seen on 3 March in the support chat.',
      anonymous: true,
    },
    response: {
      status: 201,
      schema: z.object({ id: z.string(), status: z.string() }),
      description: 'Received.',
    },
    errors: [422],
    async handler({ ctx, access, rawBody }) {
      const c = await execute(ctx, reportConcern, rawBody, { access });
      return { body: { id: c.id, status: c.status as string } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:concernId`,
    operationId: 'concerns.get',
    summary: 'One concern',
    tag: 'concerns',
    auth: 'org',
    action: 'concerns.read',
    params: itemParams,
    response: { status: 200, schema: concernView, description: 'The concern.' },
    async handler({ services, access, params }) {
      const r = await (services.database.db as any)
        .selectFrom('concerns')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.concernId)
        .executeTakeFirst();
      if (!r) throw notFound('concern');
      return { body: out(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:concernId`,
    operationId: 'concerns.triage',
    summary: 'Triage a concern: state, owner, AI system, outcome',
    tag: 'concerns',
    auth: 'org',
    action: 'concerns.triage',
    params: itemParams,
    body: triageConcern.input,
    example: { status: 'investigating' },
    ifMatch: true,
    response: { status: 200, schema: concernView, description: 'Updated.' },
    errors: [422],
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const r = await execute(ctx, triageConcern, rawBody, {
        access,
        ids: { concernId: params.concernId },
        ifMatch,
      });
      return { body: out(r), etag: r.version };
    },
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
      const org = await publicOrg(services.database.db, params.org);
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
    body: reportPublicConcern.input,
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
    errors: [404, 429],
    async handler({ ctx, services, params, req, reply, rawBody }) {
      const key = `concern|${req.ip}`;
      const wait = services.publicLimiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED', `Too many reports from here; try again in ${wait} s.`);
      }
      const org = await publicOrg(services.database.db, params.org);
      const c = await execute(ctx, reportPublicConcern, rawBody, { ids: { orgId: org.id } });
      services.publicLimiter.fail(key);
      return { body: { reference: c.id } };
    },
  }),
];
