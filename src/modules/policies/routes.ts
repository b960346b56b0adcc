import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can } from '../../kernel/authorize.js';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { NameWants, namesSchema, resolveNames } from '../../kernel/names.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { sortParam } from '../../kernel/list-query.js';
import { today } from '../../kernel/records.js';
import { createPolicy, draftPolicyVersion, editPolicyVersion, updatePolicy } from './commands.js';
import {
  acknowledgementCount,
  acknowledgementMembersPage,
  findPolicy,
  findPolicyVersion,
  memberCount,
  POLICY_SORTS,
  policiesPage,
  policyVersionsPage,
} from './queries.js';
import {
  acknowledgementView,
  policyVersionView,
  policyView,
  toAcknowledgementView,
  type PolicyVersionRow,
} from './schemas.js';
import { policyViewOf, policyViews, versionViews } from './views.js';
import {
  acknowledgePolicy,
  approvePolicyVersion,
  publishPolicyVersion,
  retirePolicyVersion,
  submitPolicyVersion,
} from './steps.js';

const base = '/api/v1/orgs/:org/policies';
const policyParams = orgParam.extend({ policyId: uuid });
const versionParams = policyParams.extend({ versionId: uuid });
const tag = 'policies';

const versionView = async (
  v: PolicyVersionRow,
  { access, services }: { access: OrgAccess; services: { database: { db: Kysely<DB> } } },
) => (await versionViews(services.database.db, access, [v]))[0];

async function policyOf(db: Kysely<DB>, orgId: string, policyId: string) {
  const p = await findPolicy(db, orgId, policyId);
  if (!p) throw notFound('policy');
  return p;
}

const stepRoute = (
  verb: string,
  command: typeof submitPolicyVersion,
  summary: string,
  errors: number[] = [409],
) =>
  commandRoute({
    command,
    method: 'POST',
    url: `${base}/:policyId/versions/:versionId/${verb}`,
    summary,
    tag,
    ifMatch: true,
    response: {
      status: 200,
      schema: policyVersionView,
      description: 'The version after the step.',
    },
    errors,
    view: versionView,
  });

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
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/versions`,
    operationId: 'policies.versions',
    summary: 'Versions of a policy, newest first',
    tag,
    auth: 'org',
    action: 'policies.read',
    params: policyParams,
    query: pageQuery,
    response: { status: 200, schema: page(policyVersionView), description: 'A page of versions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      await policyOf(db, access.orgId, params.policyId);
      const p = await policyVersionsPage(db, access.orgId, params.policyId, query);
      return { body: { ...p, items: await versionViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: draftPolicyVersion,
    method: 'POST',
    url: `${base}/:policyId/versions`,
    operationId: 'policies.draft',
    summary: 'Start a new draft version (the published one stays until the new one is published)',
    tag,
    example: { content: '# AI policy\n\nRevised text.', changeNote: 'Yearly review' },
    response: { status: 201, schema: policyVersionView, description: 'The new draft.' },
    errors: [409],
    view: versionView,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/versions/:versionId`,
    operationId: 'policies.version',
    summary: 'One version of a policy',
    tag,
    auth: 'org',
    action: 'policies.read',
    params: versionParams,
    response: { status: 200, schema: policyVersionView, description: 'The version.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await findPolicyVersion(db, access.orgId, params.policyId, params.versionId);
      if (!r) throw notFound('policy version');
      return { body: (await versionViews(db, access, [r]))[0], etag: r.version };
    },
  }),
  commandRoute({
    command: editPolicyVersion,
    method: 'PATCH',
    url: `${base}/:policyId/versions/:versionId`,
    operationId: 'policies.edit',
    summary: 'Edit a draft version (approved and published versions are locked)',
    tag,
    example: { content: '# AI policy\n\nEdited draft.' },
    ifMatch: true,
    response: { status: 200, schema: policyVersionView, description: 'Updated.' },
    errors: [409],
    view: versionView,
  }),
  stepRoute('submit', submitPolicyVersion, 'Submit a draft for review'),
  stepRoute(
    'approve',
    approvePolicyVersion,
    'Approve a version in review (not by its author)',
    [409, 422],
  ),
  stepRoute(
    'publish',
    publishPolicyVersion,
    'Publish an approved version; the previous one is retired',
  ),
  stepRoute('retire', retirePolicyVersion, 'Retire a version'),
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
