import { z } from 'zod';
import { commandRoute, defineRoute, exampleId, orgParam, type RouteSpec } from '../../api/route.js';
import { notFound } from '../../kernel/errors.js';
import { page } from '../../kernel/paging.js';
import { assignMember, unassignMember } from './commands.js';
import {
  assignedSystemIds,
  assignmentsPage,
  responsibleSystemIds,
  roleOfMember,
} from './queries.js';
import { orgById } from '../orgs/index.js';
import {
  assignmentsQuery,
  assignmentView,
  assignmentViews,
  memberId,
  memberScopeView,
} from './schemas.js';

const base = '/api/v1/orgs/:org/ai-system-assignments';

export const accessRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'access.assignments',
    summary: 'Members assigned to AI systems',
    tag: 'access',
    auth: 'org',
    action: 'access.read',
    params: orgParam,
    query: assignmentsQuery,
    response: { status: 200, schema: page(assignmentView), description: 'A page of assignments.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await assignmentsPage(db, access.orgId, query);
      return { body: { ...p, items: await assignmentViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: assignMember,
    method: 'POST',
    url: base,
    summary: 'Assign a member to an AI system',
    tag: 'access',
    example: { memberId: exampleId('memberId'), aiSystemId: exampleId('aiSystemId') },
    response: { status: 201, schema: assignmentView, description: 'The assignment.' },
    errors: [409, 422],
    view: async (r, { access, services }) =>
      (await assignmentViews(services.database.db, access, [r]))[0],
  }),
  commandRoute({
    command: unassignMember,
    method: 'DELETE',
    url: `${base}/:assignmentId`,
    summary: 'Withdraw an assignment',
    tag: 'access',
    response: { status: 204, schema: null, description: 'Withdrawn.' },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/members/:memberId/ai-system-scope',
    operationId: 'access.member_scope',
    summary:
      'The AI systems a member is assigned to, and whether their changes are limited to them',
    tag: 'access',
    auth: 'org',
    action: 'access.read',
    params: orgParam.extend({ memberId }),
    response: { status: 200, schema: memberScopeView, description: "The member's AI systems." },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const role = await roleOfMember(db, access.orgId, params.memberId);
      if (role === undefined) throw notFound('member');
      const org = await orgById(db, access.orgId);
      const assigned = await assignedSystemIds(db, access.orgId, params.memberId);
      const responsible = await responsibleSystemIds(db, access.orgId, params.memberId);
      const body: z.infer<typeof memberScopeView> = {
        memberId: params.memberId,
        limited: org.scoped_access === 1 && role === 'contributor',
        aiSystemIds: [...new Set([...assigned, ...responsible])].sort(),
        assignedAiSystemIds: assigned,
        responsibleAiSystemIds: responsible,
      };
      return { body };
    },
  }),
];
