// The routes of a policy's versions: list, draft, read, edit and the steps of their workflow
// (submit, approve, publish, retire). The policy's own routes are in routes.ts, which lists these
// in their place.
import type { Kysely } from 'kysely';
import { commandRoute, defineRoute, type RouteSpec } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { draftPolicyVersion, editPolicyVersion } from './commands.js';
import { findPolicyVersion, policyVersionsPage } from './queries.js';
import { policyVersionView, type PolicyVersionRow } from './schemas.js';
import { versionViews } from './views.js';
import {
  approvePolicyVersion,
  publishPolicyVersion,
  retirePolicyVersion,
  submitPolicyVersion,
} from './steps.js';
import { base, policyOf, policyParams, tag, versionParams } from './route-params.js';

export const versionView = async (
  v: PolicyVersionRow,
  { access, services }: { access: OrgAccess; services: { database: { db: Kysely<DB> } } },
) => (await versionViews(services.database.db, access, [v]))[0];

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

export const policyVersionRoutes: RouteSpec[] = [
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
];
