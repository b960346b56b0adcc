import { z } from 'zod';
import { can } from '../../kernel/authorize.js';
import { commandRoute, defineRoute, exampleId, orgParam, type RouteSpec } from '../../api/route.js';
import { NameWants, namesSchema, resolveNames } from '../../kernel/names.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { sortParam } from '../../kernel/list-query.js';
import { today } from '../../kernel/records.js';
import { createPolicy, updatePolicy } from './commands.js';
import {
  acknowledgementCount,
  acknowledgementMembersPage,
  memberCount,
  POLICY_SORTS,
  policiesPage,
} from './queries.js';
import {
  acknowledgementView,
  policyVersionView,
  policyView,
  toAcknowledgementView,
} from './schemas.js';
import { policyViewOf, policyViews } from './views.js';
import { acknowledgePolicy } from './steps.js';
import { base, policyOf, policyParams, tag } from './route-params.js';
import { policyVersionRoutes, versionView } from './version-routes.js';

export const policyRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'policies.list',
    summary: 'Policies, with their review state; search, filter and sort',
    tag,
    auth: 'org',
    action: 'policies.read',
    params: orgParam,
    query: pageQuery.extend({
      overdue: z
        .enum(['true', 'false'])
        .optional()
        .describe('Only policies whose review is (or is not) overdue.'),
      q: z.string().trim().max(200).optional().describe('Case-insensitive search in the title.'),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          'me: only policies with a version in review that waits for the caller’s approval (their role may approve policies and they did not write that version), as their inbox asks.',
        ),
      sort: sortParam(POLICY_SORTS),
    }),
    response: { status: 200, schema: page(policyView), description: 'A page of policies.' },
    async handler({ services, access, query }) {
      const t = today(services.now());
      const { db, dialect } = services.database;
      const awaiting = query.awaiting === 'me';
      // Nobody without the right to approve, nor a caller who is no member, sees a version waiting.
      const none = awaiting && (!can(access, 'policies.approve') || !access.memberId);
      const p = none
        ? { items: [], nextCursor: null }
        : await policiesPage(
            db,
            access.orgId,
            query,
            {
              overdue: query.overdue,
              today: t,
              q: query.q,
              sort: query.sort,
              approvableBy: awaiting ? (access.memberId ?? undefined) : undefined,
            },
            dialect,
          );
      return { body: { ...p, items: await policyViews(db, access, p.items, t) } };
    },
  }),
  commandRoute({
    command: createPolicy,
    method: 'POST',
    url: base,
    summary: 'Create a policy with a first draft version',
    tag,
    example: {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
      content: '# AI policy\n\nWe develop and use AI responsibly.',
    },
    response: {
      status: 201,
      schema: z.object({ policy: policyView, version: policyVersionView }),
      description: 'Created.',
    },
    errors: [422],
    view: async (r, call) => ({
      policy: await policyViewOf(
        call.services.database.db,
        call.access,
        r.policy,
        today(call.services.now()),
      ),
      version: await versionView(r.version, call),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId`,
    operationId: 'policies.get',
    summary: 'One policy',
    tag,
    auth: 'org',
    action: 'policies.read',
    params: policyParams,
    response: { status: 200, schema: policyView, description: 'The policy.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await policyOf(db, access.orgId, params.policyId);
      return { body: await policyViewOf(db, access, r, today(services.now())), etag: r.version };
    },
  }),
  commandRoute({
    command: updatePolicy,
    method: 'PATCH',
    url: `${base}/:policyId`,
    summary: 'Change a policy’s title, owner, review cycle or alignment',
    tag,
    example: { reviewCycleMonths: 6 },
    ifMatch: true,
    response: { status: 200, schema: policyView, description: 'Updated.' },
    errors: [422],
    view: (r, { services, access }) =>
      policyViewOf(services.database.db, access, r, today(services.now())),
  }),
  ...policyVersionRoutes,
  commandRoute({
    command: acknowledgePolicy,
    method: 'POST',
    url: `${base}/:policyId/acknowledgements`,
    summary: 'Acknowledge the published version (the caller, for themselves)',
    tag,
    example: { versionId: exampleId('versionId') },
    response: { status: 201, schema: acknowledgementView, description: 'Acknowledged.' },
    errors: [409, 422],
    view: toAcknowledgementView,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/acknowledgements`,
    operationId: 'policies.acknowledgements',
    summary: 'Who has and has not acknowledged the published version',
    tag,
    auth: 'org',
    action: 'policies.read',
    params: policyParams,
    query: pageQuery.extend({
      state: z
        .enum(['acknowledged', 'pending'])
        .default('acknowledged')
        .describe('Which members to list.'),
    }),
    response: {
      status: 200,
      schema: page(
        z.object({
          memberId: z.string(),
          email: z.string(),
          role: z.string(),
          acknowledgedAt: z.string().nullable(),
        }),
      ).extend({
        versionId: z.string().nullable(),
        acknowledged: z.number().int().describe('How many members have acknowledged.'),
        members: z.number().int().describe('How many members there are.'),
        names: namesSchema,
      }),
      description: 'A page of members.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      const p = await policyOf(db, access.orgId, params.policyId);
      const vid = p.current_version_id;
      const rows = await acknowledgementMembersPage(db, access.orgId, vid, query.state, query);
      const wants = new NameWants().add(
        'memberships',
        rows.items.map((m) => m.memberId),
      );
      return {
        body: {
          ...rows,
          names: Object.fromEntries(await resolveNames(db, access, wants)),
          versionId: vid,
          acknowledged: vid ? await acknowledgementCount(db, access.orgId, vid) : 0,
          members: await memberCount(db, access.orgId),
        },
      };
    },
  }),
];
