import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { abilities } from '../../kernel/permissions.js';
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
import {
  addMember,
  createOrg,
  newOrgInput,
  removeMember,
  updateMember,
  updateOrg,
} from './commands.js';
import { createToken, revokeToken } from './tokens.js';

const orgView = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Organization' });
const orgWithRole = orgView.extend({ role: z.string(), abilities: z.array(z.string()) });
const memberView = z
  .object({
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Member' });
const tokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognize it.'),
    userId: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiToken' });

type OrgRow = {
  id: string;
  slug: string;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
};
const orgOut = (o: OrgRow) => ({
  id: o.id,
  slug: o.slug,
  name: o.name,
  version: o.version,
  createdAt: o.created_at,
  updatedAt: o.updated_at,
});
type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  scopes: string;
  expires_at: string | null;
  revoked_at: string | null;
  version: number;
  created_at: string;
};
const tokenOut = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  userId: t.user_id,
  scopes: JSON.parse(t.scopes) as string[],
  expiresAt: t.expires_at,
  revokedAt: t.revoked_at,
  version: t.version,
  createdAt: t.created_at,
});

const memberParams = orgParam.extend({ memberId: uuid });
const tokenParams = orgParam.extend({ tokenId: uuid });

export const orgRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs',
    operationId: 'orgs.list',
    summary: "The caller's organizations",
    tag: 'organizations',
    auth: 'user',
    query: pageQuery,
    response: { status: 200, schema: page(orgWithRole), description: 'A page of organizations.' },
    async handler({ services, req, query }) {
      const actor = req.actor!;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
      const after = decodeCursor(query.cursor);
      let q = services.database.db
        .selectFrom('memberships')
        .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
        .selectAll('orgs')
        .select('memberships.role')
        .where('memberships.user_id', '=', actor.userId)
        .orderBy('orgs.id')
        .limit(query.limit + 1);
      if (after) q = q.where('orgs.id', '>', after);
      const rows = await q.execute();
      const p = toPage(rows, query.limit, (r) => r.id);
      return {
        body: {
          ...p,
          items: p.items.map((r) => ({
            ...orgOut(r),
            role: r.role,
            abilities: abilities(r.role as 'viewer'),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs',
    operationId: 'orgs.create',
    summary: 'Create an organization; the caller becomes its owner',
    tag: 'organizations',
    auth: 'user',
    body: newOrgInput,
    example: { name: 'Acme Research', slug: 'acme-research' },
    response: { status: 201, schema: orgView, description: 'Created.' },
    errors: [409],
    async handler({ ctx, req, rawBody }) {
      const actor = req.actor!;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
      const org = await execute(ctx, createOrg, rawBody, { ids: { userId: actor.userId } });
      return { body: orgOut(org), etag: org.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org',
    operationId: 'orgs.get',
    summary: 'One organization, with the caller’s role and abilities',
    tag: 'organizations',
    auth: 'org',
    action: 'orgs.read',
    params: orgParam,
    response: { status: 200, schema: orgWithRole, description: 'The organization.' },
    async handler({ services, access }) {
      const org = await services.database.db
        .selectFrom('orgs')
        .selectAll()
        .where('id', '=', access.orgId)
        .executeTakeFirstOrThrow();
      return {
        body: {
          ...orgOut(org),
          role: access.role,
          abilities: abilities(access.role, access.scopes),
        },
        etag: org.version,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:org',
    operationId: 'orgs.update',
    summary: 'Rename an organization',
    tag: 'organizations',
    auth: 'org',
    action: 'orgs.update',
    params: orgParam,
    body: updateOrg.input,
    example: { name: 'Acme Health Europe' },
    ifMatch: true,
    response: { status: 200, schema: orgView, description: 'Updated.' },
    async handler({ ctx, access, rawBody, ifMatch }) {
      const org = await execute(ctx, updateOrg, rawBody, { access, ifMatch });
      return { body: orgOut(org), etag: org.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/members',
    operationId: 'members.list',
    summary: 'Members and their roles',
    tag: 'members',
    auth: 'org',
    action: 'members.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(memberView), description: 'A page of members.' },
    async handler({ services, access, query }) {
      const after = decodeCursor(query.cursor);
      let q = services.database.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'memberships.id',
          'memberships.user_id',
          'memberships.email',
          'users.name',
          'memberships.role',
          'memberships.version',
          'memberships.created_at',
        ])
        .where('memberships.org_id', '=', access.orgId)
        .orderBy('memberships.id')
        .limit(query.limit + 1);
      if (after) q = q.where('memberships.id', '>', after);
      const p = toPage(await q.execute(), query.limit, (r) => r.id);
      return {
        body: {
          ...p,
          items: p.items.map((m) => ({
            id: m.id,
            userId: m.user_id,
            email: m.email,
            name: m.name,
            role: m.role,
            version: m.version,
            createdAt: m.created_at,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/members',
    operationId: 'members.add',
    summary: 'Add a member (creating the user when new)',
    tag: 'members',
    auth: 'org',
    action: 'members.add',
    params: orgParam,
    body: addMember.input,
    example: {
      email: 'new.member@acme.example',
      role: 'contributor',
      name: 'New Member',
      password: 'a long enough password',
    },
    response: { status: 201, schema: memberView, description: 'Added.' },
    errors: [409, 422],
    async handler({ ctx, access, rawBody }) {
      const m = await execute(ctx, addMember, rawBody, { access });
      return {
        body: {
          id: m.id,
          userId: m.user_id,
          email: m.email,
          name: m.name,
          role: m.role,
          version: m.version,
          createdAt: m.created_at,
        },
        etag: m.version,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:org/members/:memberId',
    operationId: 'members.update',
    summary: "Change a member's role",
    tag: 'members',
    auth: 'org',
    action: 'members.update',
    params: memberParams,
    body: updateMember.input,
    example: { role: 'manager' },
    ifMatch: true,
    response: { status: 200, schema: memberView, description: 'Updated.' },
    errors: [409],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const m = await execute(ctx, updateMember, rawBody, {
        access,
        ids: { memberId: params.memberId },
        ifMatch,
      });
      const u = await services.database.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', m.user_id)
        .executeTakeFirstOrThrow();
      return {
        body: {
          id: m.id,
          userId: m.user_id,
          email: m.email,
          name: u.name,
          role: m.role,
          version: m.version,
          createdAt: m.created_at,
        },
        etag: m.version,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/orgs/:org/members/:memberId',
    operationId: 'members.remove',
    summary: 'Remove a member (their tokens for this organization are revoked)',
    tag: 'members',
    auth: 'org',
    action: 'members.remove',
    params: memberParams,
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: [409],
    async handler({ ctx, access, params, ifMatch }) {
      await execute(ctx, removeMember, undefined, {
        access,
        ids: { memberId: params.memberId },
        ifMatch,
      });
      return {};
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/tokens',
    operationId: 'tokens.list',
    summary: 'API tokens of the organization (never their secrets)',
    tag: 'tokens',
    auth: 'org',
    action: 'tokens.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(tokenView), description: 'A page of tokens.' },
    async handler({ services, access, query }) {
      const after = decodeCursor(query.cursor);
      let q = services.database.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(query.limit + 1);
      if (after) q = q.where('id', '>', after);
      const p = toPage(await q.execute(), query.limit, (r) => r.id);
      return { body: { ...p, items: p.items.map(tokenOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/tokens',
    operationId: 'tokens.create',
    summary: 'Create an API token for yourself; the secret is shown once',
    tag: 'tokens',
    auth: 'org',
    action: 'tokens.create',
    params: orgParam,
    body: createToken.input,
    example: { name: 'CI pipeline', scopes: ['read'] },
    response: {
      status: 201,
      schema: tokenView.extend({
        token: z.string().describe('The secret: shown only in this response.'),
      }),
      description: 'Created.',
    },
    errors: [422],
    async handler({ ctx, access, req, rawBody }) {
      const actor = req.actor!;
      const userId = actor.kind === 'user' ? actor.userId : '';
      const out = await execute(ctx, createToken, rawBody, { access, ids: { userId } });
      return { body: { ...tokenOut(out.row), token: out.token }, etag: out.row.version };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/orgs/:org/tokens/:tokenId',
    operationId: 'tokens.revoke',
    summary: 'Revoke an API token',
    tag: 'tokens',
    auth: 'org',
    action: 'tokens.revoke',
    params: tokenParams,
    ifMatch: true,
    response: { status: 200, schema: tokenView, description: 'Revoked.' },
    errors: [409],
    async handler({ ctx, access, req, params, ifMatch }) {
      const actor = req.actor!;
      const t = await execute(ctx, revokeToken, undefined, {
        access,
        ids: { tokenId: params.tokenId, userId: actor.kind === 'user' ? actor.userId : '' },
        ifMatch,
      });
      if (!t) throw notFound('token');
      return { body: tokenOut(t), etag: t.version };
    },
  }),
];
