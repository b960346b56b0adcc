import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import {
  decodeCursor,
  defineRoute,
  exampleId,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import {
  acknowledgePolicy,
  approvePolicyVersion,
  createPolicy,
  draftPolicyVersion,
  editPolicyVersion,
  publishPolicyVersion,
  retirePolicyVersion,
  submitPolicyVersion,
  updatePolicy,
} from './commands.js';

const policyView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    ownerMemberId: z.string().nullable(),
    reviewCycleMonths: z.number().int(),
    nextReviewDate: z.string().nullable(),
    reviewOverdue: z.boolean().describe('The published version is past its review date (A.2.4).'),
    alignment: z.string().nullable(),
    relatedPolicyIds: z.array(z.string()),
    currentVersionId: z.string().nullable().describe('The published version, if any.'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Policy' });

const versionView = z
  .object({
    id: z.string(),
    policyId: z.string(),
    number: z.number().int(),
    status: z.enum(['draft', 'in_review', 'approved', 'published', 'retired']),
    content: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'PolicyVersion' });

type Row = Record<string, any>;
const policyOut = (r: Row, today: string) => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  ownerMemberId: r.owner_member_id,
  reviewCycleMonths: Number(r.review_cycle_months),
  nextReviewDate: r.next_review_date,
  reviewOverdue: !!r.current_version_id && !!r.next_review_date && r.next_review_date < today,
  alignment: r.alignment,
  relatedPolicyIds: JSON.parse(r.related_policy_ids ?? '[]'),
  currentVersionId: r.current_version_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const versionOut = (r: Row) => ({
  id: r.id,
  policyId: r.policy_id,
  number: Number(r.number),
  status: r.status,
  content: r.content,
  changeNote: r.change_note,
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  submittedAt: r.submitted_at,
  approvedAt: r.approved_at,
  publishedAt: r.published_at,
  retiredAt: r.retired_at,
  version: r.version,
  createdAt: r.created_at,
});

const base = '/api/v1/orgs/:org/policies';
const policyParams = orgParam.extend({ policyId: uuid });
const versionParams = policyParams.extend({ versionId: uuid });
const today = (now: Date) => now.toISOString().slice(0, 10);

async function policyRow(db: any, orgId: string, policyId: string) {
  const r = await db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', policyId)
    .executeTakeFirst();
  if (!r) throw notFound('policy');
  return r;
}

const stepRoute = (
  verb: string,
  cmd: typeof submitPolicyVersion,
  summary: string,
  errors: number[] = [409],
) =>
  defineRoute({
    method: 'POST',
    url: `${base}/:policyId/versions/:versionId/${verb}`,
    operationId: cmd.action,
    summary,
    tag: 'policies',
    auth: 'org',
    action: cmd.action,
    params: versionParams,
    ifMatch: true,
    response: { status: 200, schema: versionView, description: 'The version after the step.' },
    errors,
    async handler({ ctx, access, params, ifMatch }) {
      const v = await execute(ctx, cmd, undefined, {
        access,
        ids: { policyId: params.policyId, versionId: params.versionId },
        ifMatch,
      });
      return { body: versionOut(v), etag: v.version };
    },
  });

export const policyRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'policies.list',
    summary: 'Policies, with their review state',
    tag: 'policies',
    auth: 'org',
    action: 'policies.read',
    params: orgParam,
    query: pageQuery.extend({
      overdue: z
        .enum(['true', 'false'])
        .optional()
        .describe('Only policies whose review is (or is not) overdue.'),
    }),
    response: { status: 200, schema: page(policyView), description: 'A page of policies.' },
    async handler({ services, access, query }) {
      const t = today(services.now());
      let q = (services.database.db as any)
        .selectFrom('policies')
        .selectAll()
        .where('org_id', '=', access.orgId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      if (query.overdue === 'true')
        q = q.where('current_version_id', 'is not', null).where('next_review_date', '<', t);
      if (query.overdue === 'false')
        q = q.where((eb: any) =>
          eb.or([eb('current_version_id', 'is', null), eb('next_review_date', '>=', t)]),
        );
      const p = toPage(
        await q
          .orderBy('id')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return { body: { ...p, items: p.items.map((r: Row) => policyOut(r, t)) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'policies.create',
    summary: 'Create a policy with a first draft version',
    tag: 'policies',
    auth: 'org',
    action: 'policies.create',
    params: orgParam,
    body: createPolicy.input,
    example: {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
      content: '# AI policy\n\nWe develop and use AI responsibly.',
    },
    response: {
      status: 201,
      schema: z.object({ policy: policyView, version: versionView }),
      description: 'Created.',
    },
    errors: [422],
    async handler({ ctx, services, access, rawBody }) {
      const out = await execute(ctx, createPolicy, rawBody, { access });
      return {
        body: {
          policy: policyOut(out.policy, today(services.now())),
          version: versionOut(out.version),
        },
        etag: out.policy.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId`,
    operationId: 'policies.get',
    summary: 'One policy',
    tag: 'policies',
    auth: 'org',
    action: 'policies.read',
    params: policyParams,
    response: { status: 200, schema: policyView, description: 'The policy.' },
    async handler({ services, access, params }) {
      const r = await policyRow(services.database.db, access.orgId, params.policyId);
      return { body: policyOut(r, today(services.now())), etag: r.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:policyId`,
    operationId: 'policies.update',
    summary: 'Change a policy’s title, owner, review cycle or alignment',
    tag: 'policies',
    auth: 'org',
    action: 'policies.update',
    params: policyParams,
    body: updatePolicy.input,
    example: { reviewCycleMonths: 6 },
    ifMatch: true,
    response: { status: 200, schema: policyView, description: 'Updated.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const r = await execute(ctx, updatePolicy, rawBody, {
        access,
        ids: { policyId: params.policyId },
        ifMatch,
      });
      return { body: policyOut(r, today(services.now())), etag: r.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/versions`,
    operationId: 'policies.versions',
    summary: 'Versions of a policy, newest first',
    tag: 'policies',
    auth: 'org',
    action: 'policies.read',
    params: policyParams,
    query: pageQuery,
    response: { status: 200, schema: page(versionView), description: 'A page of versions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      await policyRow(db, access.orgId, params.policyId);
      const after = decodeCursor(query.cursor);
      let q = db
        .selectFrom('policy_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('policy_id', '=', params.policyId);
      if (after) q = q.where('number', '<', Number(after));
      const p = toPage(
        await q
          .orderBy('number', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => String(r.number),
      );
      return { body: { ...p, items: p.items.map(versionOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:policyId/versions`,
    operationId: 'policies.draft',
    summary: 'Start a new draft version (the published one stays until the new one is published)',
    tag: 'policies',
    auth: 'org',
    action: 'policies.update',
    params: policyParams,
    body: draftPolicyVersion.input,
    example: { content: '# AI policy\n\nRevised text.', changeNote: 'Yearly review' },
    response: { status: 201, schema: versionView, description: 'The new draft.' },
    errors: [409],
    async handler({ ctx, access, params, rawBody }) {
      const v = await execute(ctx, draftPolicyVersion, rawBody, {
        access,
        ids: { policyId: params.policyId },
      });
      return { body: versionOut(v), etag: v.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/versions/:versionId`,
    operationId: 'policies.version',
    summary: 'One version of a policy',
    tag: 'policies',
    auth: 'org',
    action: 'policies.read',
    params: versionParams,
    response: { status: 200, schema: versionView, description: 'The version.' },
    async handler({ services, access, params }) {
      const r = await (services.database.db as any)
        .selectFrom('policy_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('policy_id', '=', params.policyId)
        .where('id', '=', params.versionId)
        .executeTakeFirst();
      if (!r) throw notFound('policy version');
      return { body: versionOut(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:policyId/versions/:versionId`,
    operationId: 'policies.edit',
    summary: 'Edit a draft version (approved and published versions are locked)',
    tag: 'policies',
    auth: 'org',
    action: 'policies.update',
    params: versionParams,
    body: editPolicyVersion.input,
    example: { content: '# AI policy\n\nEdited draft.' },
    ifMatch: true,
    response: { status: 200, schema: versionView, description: 'Updated.' },
    errors: [409],
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const v = await execute(ctx, editPolicyVersion, rawBody, {
        access,
        ids: { policyId: params.policyId, versionId: params.versionId },
        ifMatch,
      });
      return { body: versionOut(v), etag: v.version };
    },
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
  defineRoute({
    method: 'POST',
    url: `${base}/:policyId/acknowledgements`,
    operationId: 'policies.acknowledge',
    summary: 'Acknowledge the published version (the caller, for themselves)',
    tag: 'policies',
    auth: 'org',
    action: 'policies.acknowledge',
    params: policyParams,
    body: acknowledgePolicy.input,
    example: { versionId: exampleId('versionId') },
    response: {
      status: 201,
      schema: z.object({
        id: z.string(),
        versionId: z.string(),
        memberId: z.string(),
        acknowledgedAt: z.string(),
      }),
      description: 'Acknowledged.',
    },
    errors: [409],
    async handler({ ctx, access, params, rawBody }) {
      const a = await execute(ctx, acknowledgePolicy, rawBody, {
        access,
        ids: { policyId: params.policyId },
      });
      return {
        body: {
          id: a.id,
          versionId: a.policy_version_id as string,
          memberId: a.member_id as string,
          acknowledgedAt: a.acknowledged_at as string,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:policyId/acknowledgements`,
    operationId: 'policies.acknowledgements',
    summary: 'Who has and has not acknowledged the published version',
    tag: 'policies',
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
      }),
      description: 'A page of members.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      const p = await policyRow(db, access.orgId, params.policyId);
      const vid: string | null = p.current_version_id;
      const after = decodeCursor(query.cursor);
      let q = db
        .selectFrom('memberships')
        .leftJoin('policy_acknowledgements as a', (j: any) =>
          j.onRef('a.member_id', '=', 'memberships.id').on('a.policy_version_id', '=', vid ?? ''),
        )
        .select([
          'memberships.id as memberId',
          'memberships.email',
          'memberships.role',
          'a.acknowledged_at as acknowledgedAt',
        ])
        .where('memberships.org_id', '=', access.orgId)
        .where('a.id', query.state === 'acknowledged' ? 'is not' : 'is', null);
      if (after) q = q.where('memberships.id', '>', after);
      const rows = await q
        .orderBy('memberships.id')
        .limit(query.limit + 1)
        .execute();
      const total = await db
        .selectFrom('memberships')
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where('org_id', '=', access.orgId)
        .executeTakeFirst();
      const acked = vid
        ? await db
            .selectFrom('policy_acknowledgements as a')
            .innerJoin('memberships as m', 'm.id', 'a.member_id')
            .select((eb: any) => eb.fn.countAll().as('n'))
            .where('a.org_id', '=', access.orgId)
            .where('a.policy_version_id', '=', vid)
            .executeTakeFirst()
        : { n: 0 };
      return {
        body: {
          ...toPage(rows, query.limit, (r: Row) => r.memberId),
          versionId: vid,
          acknowledged: Number(acked.n),
          members: Number(total.n),
        },
      };
    },
  }),
];
