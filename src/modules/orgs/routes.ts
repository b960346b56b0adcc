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
import { AppError } from '../../kernel/errors.js';
import { userView } from '../identity/index.js';
import {
  addMember,
  createOrg,
  removeMember,
  setupInstance,
  updateMember,
  updateOrg,
  configureAccess,
} from './commands.js';
import {
  anyOrg,
  memberWithName,
  membersPage,
  orgById,
  orgsOfUserPage,
  ownerCount,
  tokensPage,
} from './queries.js';
import {
  memberView,
  newOrgInput,
  newTokenView,
  orgView,
  orgWithRole,
  setupInput,
  toMemberView,
  toOrgView,
  toOrgWithRole,
  toOrgForCaller,
  orgForCaller,
  toTokenView,
  tokenView,
} from './schemas.js';
import { createToken, revokeToken } from './tokens.js';

export const orgRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/setup',
    operationId: 'setup.get',
    summary: 'Whether first-run setup is still open',
    tag: 'system',
    auth: 'public',
    response: {
      status: 200,
      schema: z.object({ needed: z.boolean() }),
      description: 'True while the instance is empty.',
    },
    async handler({ services }) {
      return { body: { needed: !(await anyOrg(services.database.db)) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/setup',
    operationId: 'setup.run',
    summary: 'First-run setup: create the first organization and its owner',
    tag: 'system',
    auth: 'public',
    body: setupInput,
    example: {
      orgName: 'Acme Health',
      email: 'owner@acme.example',
      name: 'Ada Owner',
      password: 'correct horse battery',
    },
    response: {
      status: 201,
      schema: z.object({
        org: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        user: userView,
      }),
      description: 'Set up; sign in next.',
    },
    errors: [409],
    async handler({ ctx, body }) {
      const out = await runInstance(ctx, setupInstance, body);
      if (body.withExample) {
        // Loaded on demand: the example touches every module.
        const { seedExample } = await import('../demo/index.js');
        await seedExample(
          ctx,
          { orgId: out.org.id, slug: out.org.slug, role: 'owner', memberId: null },
          { userId: out.user.id, email: out.user.email },
        );
      }
      return { body: out };
    },
  }),
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
      const p = await orgsOfUserPage(services.database.db, actor.userId, query);
      return { body: { ...p, items: p.items.map((r) => toOrgWithRole(r, r.role)) } };
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
    async handler({ ctx, req, body }) {
      const actor = req.actor!;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
      const { org } = await runInstance(ctx, createOrg, { ...body, owner: { email: actor.email } });
      return { body: toOrgView(org), etag: org.version };
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
    response: { status: 200, schema: orgForCaller, description: 'The organization.' },
    async handler({ services, access }) {
      const org = await orgById(services.database.db, access.orgId);
      return { body: toOrgForCaller(org, access), etag: org.version };
    },
  }),
  commandRoute({
    command: updateOrg,
    method: 'PATCH',
    url: '/api/v1/orgs/:org',
    summary: 'Rename an organization or name its top management',
    tag: 'organizations',
    example: { name: 'Acme Health Europe', topManagementRoles: ['owner'] },
    ifMatch: true,
    response: { status: 200, schema: orgView, description: 'Updated.' },
    view: toOrgView,
  }),
  commandRoute({
    command: configureAccess,
    method: 'PUT',
    url: '/api/v1/orgs/:org/access-settings',
    summary: 'Match access to responsibilities (limit contributors to their AI systems) or not',
    tag: 'organizations',
    // Off in the example: the generated suites call every example on one shared organization.
    example: { scopedAccess: false },
    ifMatch: true,
    response: { status: 200, schema: orgView, description: 'The organization with the setting.' },
    view: toOrgView,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/members',
    operationId: 'members.list',
    summary: 'Members and their roles',
    tag: 'members',
    auth: 'org',
    action: 'members.read',
    // Memberships are ledgered; a user's name and e-mail are set when the user is made (adding
    // them to an organization is a command of it) and never changed afterwards.
    cache: 'head',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(memberView), description: 'A page of members.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await membersPage(db, access.orgId, query);
      const owners = await ownerCount(db, access.orgId);
      return { body: { ...p, items: p.items.map((m) => toMemberView(m, access, owners)) } };
    },
  }),
  commandRoute({
    command: addMember,
    method: 'POST',
    url: '/api/v1/orgs/:org/members',
    summary: 'Add a member (creating the user when new)',
    tag: 'members',
    example: {
      email: 'new.member@acme.example',
      role: 'contributor',
      name: 'New Member',
      password: 'a long enough password',
    },
    response: { status: 201, schema: memberView, description: 'Added.' },
    errors: [409, 422],
    view: async (m, { access, services }) =>
      toMemberView(m, access, await ownerCount(services.database.db, access.orgId)),
  }),
  commandRoute({
    command: updateMember,
    method: 'PATCH',
    url: '/api/v1/orgs/:org/members/:memberId',
    summary: "Change a member's role",
    tag: 'members',
    example: { role: 'manager' },
    ifMatch: true,
    response: { status: 200, schema: memberView, description: 'Updated.' },
    errors: [409],
    view: async (m, { access, services }) => {
      const db = services.database.db;
      return toMemberView(
        await memberWithName(db, access.orgId, m.id),
        access,
        await ownerCount(db, access.orgId),
      );
    },
  }),
  commandRoute({
    command: removeMember,
    method: 'DELETE',
    url: '/api/v1/orgs/:org/members/:memberId',
    summary: 'Remove a member (their tokens for this organization are revoked)',
    tag: 'members',
    ifMatch: true,
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: [409],
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
      const p = await tokensPage(services.database.db, access.orgId, query);
      return { body: { ...p, items: p.items.map((t) => toTokenView(t, access)) } };
    },
  }),
  commandRoute({
    command: createToken,
    method: 'POST',
    url: '/api/v1/orgs/:org/tokens',
    summary: 'Create an API token for yourself; the secret is shown once',
    tag: 'tokens',
    example: { name: 'CI pipeline', scopes: ['read'] },
    response: { status: 201, schema: newTokenView, description: 'Created.' },
    errors: [422],
    view: (t, { access }) => ({ ...toTokenView(t, access), token: t.token }),
  }),
  commandRoute({
    command: revokeToken,
    method: 'DELETE',
    url: '/api/v1/orgs/:org/tokens/:tokenId',
    summary: 'Revoke an API token',
    tag: 'tokens',
    ifMatch: true,
    response: { status: 200, schema: tokenView, description: 'Revoked.' },
    errors: [409],
    view: (t, { access }) => toTokenView(t, access),
  }),
];
