import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { approveScope, draftScope, editScope } from './commands.js';
import { scopeVersionIn, scopeVersionsPage } from './queries.js';
import { scopeVersionView, scopeVersionViewOf, scopeVersionViews } from './schemas.js';

export const scopeStatusView = z.object({
  current: scopeVersionView.nullable(),
  draft: scopeVersionView.nullable(),
});

/** The approved scope and the open draft, if any (the scope route, the dashboard). */
export async function scopeStatus(
  db: Kysely<DB>,
  access: OrgAccess,
): Promise<z.infer<typeof scopeStatusView>> {
  const current = await scopeVersionIn(db, access.orgId, 'approved');
  const draft = await scopeVersionIn(db, access.orgId, 'draft');
  return {
    current: current ? await scopeVersionViewOf(db, access, current) : null,
    draft: draft ? await scopeVersionViewOf(db, access, draft) : null,
  };
}

export const scopeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/scope',
    operationId: 'scope.get',
    summary: 'The approved AIMS scope and the open draft, if any',
    tag: 'scope',
    auth: 'org',
    action: 'scope.read',
    params: orgParam,
    response: {
      status: 200,
      schema: scopeStatusView,
      description: 'The scope.',
    },
    async handler({ services, access }) {
      return { body: await scopeStatus(services.database.db, access) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/scope/versions',
    operationId: 'scope.versions',
    summary: 'Every version of the scope, newest first',
    tag: 'scope',
    auth: 'org',
    action: 'scope.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(scopeVersionView), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await scopeVersionsPage(db, access.orgId, query);
      return { body: { ...p, items: await scopeVersionViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: draftScope,
    method: 'POST',
    url: '/api/v1/orgs/:org/scope/versions',
    summary: 'Start a new draft of the scope',
    tag: 'scope',
    example: {
      statement: 'The AIMS covers the AI systems the clinical division develops and operates.',
      exclusions: [{ item: 'Research prototypes', justification: 'Never used on patients.' }],
      aiRoles: ['provider'],
    },
    response: { status: 201, schema: scopeVersionView, description: 'The draft.' },
    errors: [409],
    view: (r, { access, services }) => scopeVersionViewOf(services.database.db, access, r),
  }),
  commandRoute({
    command: editScope,
    method: 'PATCH',
    url: '/api/v1/orgs/:org/scope/versions/:scopeVersionId',
    operationId: 'scope.edit',
    summary: 'Edit the open draft of the scope',
    tag: 'scope',
    example: { boundaries: 'Clinical division, EU sites.' },
    ifMatch: true,
    response: { status: 200, schema: scopeVersionView, description: 'Updated.' },
    errors: [409],
    view: (r, { access, services }) => scopeVersionViewOf(services.database.db, access, r),
  }),
  commandRoute({
    command: approveScope,
    method: 'POST',
    url: '/api/v1/orgs/:org/scope/versions/:scopeVersionId/approve',
    summary: 'Approve a draft as the scope (not by its author)',
    tag: 'scope',
    ifMatch: true,
    response: { status: 200, schema: scopeVersionView, description: 'Approved.' },
    errors: [409, 422],
    view: (r, { access, services }) => scopeVersionViewOf(services.database.db, access, r),
  }),
];
