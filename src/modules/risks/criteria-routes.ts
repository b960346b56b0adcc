import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { runParsed } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import { NameWants, resolveNames } from '../../kernel/names.js';
import { page, pageQuery } from '../../kernel/paging.js';
import {
  criteriaFromRow,
  criteriaInForce,
  criteriaInForceView,
  criteriaInput,
  criteriaVersionView,
  DEFAULT_CRITERIA,
  toCriteriaVersionView,
  type CriteriaRow,
  UNSTORED_CRITERIA,
} from './criteria.js';
import { updateCriteria } from './criteria-commands.js';
import { activeCriteriaRow, criteriaById, criteriaVersionsPage } from './queries.js';

const tag = 'risks';

/** The names of who put these versions in force. */
const authorNames = (db: Kysely<DB>, access: OrgAccess, rows: CriteriaRow[]) =>
  resolveNames(
    db,
    access,
    new NameWants().add(
      'memberships',
      rows.map((r) => r.author_member_id),
    ),
  );

export const criteriaRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria',
    operationId: 'risk_criteria.get',
    summary: 'The active risk criteria (defaults until the organization sets its own)',
    tag,
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam,
    response: { status: 200, schema: criteriaInForceView, description: 'The criteria.' },
    async handler({ services, access }) {
      const row = await activeCriteriaRow(services.database.db, access.orgId);
      return { body: criteriaInForce(row ? criteriaFromRow(row) : UNSTORED_CRITERIA, access) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria-versions',
    operationId: 'risk_criteria.versions',
    summary:
      'Every version of the risk criteria, newest first: the one in force and those it replaced',
    tag,
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(criteriaVersionView),
      description: 'A page of versions.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await criteriaVersionsPage(db, access.orgId, query);
      const names = await authorNames(db, access, p.items);
      return { body: { ...p, items: p.items.map((r) => toCriteriaVersionView(r, names)) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/risk-criteria-versions/:criteriaId',
    operationId: 'risk_criteria.version',
    summary: 'One version of the risk criteria, such as the one a risk was scored on',
    tag,
    auth: 'org',
    action: 'risk_criteria.read',
    params: orgParam.extend({ criteriaId: uuid }),
    response: { status: 200, schema: criteriaVersionView, description: 'The version.' },
    errors: [404],
    async handler({ services, access, params }) {
      const db = services.database.db;
      const row = await criteriaById(db, access.orgId, params.criteriaId);
      if (!row) throw notFound('risk criteria version');
      return { body: toCriteriaVersionView(row, await authorNames(db, access, [row])) };
    },
  }),
  // Not a commandRoute: the criteria's cross-field checks are zod refinements, and zod cannot
  // pick or omit fields of a refined object. The body is the command's whole input.
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/risk-criteria',
    operationId: 'risk_criteria.update',
    summary: 'Set new risk criteria (a new version; earlier assessments keep theirs)',
    tag,
    auth: 'org',
    action: updateCriteria.action,
    params: orgParam,
    body: criteriaInput,
    example: {
      ...DEFAULT_CRITERIA,
      acceptanceLevel: 'low',
      changeNote: 'Stricter after the board review',
    },
    response: { status: 201, schema: criteriaInForceView, description: 'The new criteria.' },
    async handler({ ctx, access, body }) {
      return {
        body: criteriaInForce(await runParsed(ctx, updateCriteria, body, { access }), access),
      };
    },
  }),
];
