import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesOf, namesSchema } from '../../kernel/names.js';
import { page } from '../../kernel/paging.js';
import { riskListQuery, risksPage, systemListQuery, systemsPage } from './lists.js';
import { operationsOf, window } from './operations.js';
import {
  operationsQuery,
  operationsView,
  riskOperationView,
  systemOperationView,
} from './schemas.js';

type Db = Parameters<typeof operationsOf>[0];

/** The names of the owners (and AI systems) a page shows, beside their ids. */
const ownerNames = (db: Db, access: OrgAccess, owners: (string | null)[], systems: string[] = []) =>
  namesOf(db, access, new NameWants().add('memberships', owners).add('ai_systems', systems));

export const operationsRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/operations',
    operationId: 'operations.get',
    summary:
      'Risk assessments, risk treatment and impact assessments as performed (8.2–8.4): per AI system and per open risk, last done, next due, and whether due, overdue or owed after a significant change',
    tag: 'operations',
    auth: 'org',
    action: 'operations.read',
    params: orgParam,
    query: operationsQuery,
    response: {
      status: 200,
      schema: operationsView,
      description:
        'The operational planning records now; the summary counts all, the lists follow the filters.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const view = await operationsOf(db, access.orgId, window(services.now()));
      const keep = (r: { status: string; reassessmentOwed: boolean }) =>
        (query.status === undefined || r.status === query.status) &&
        (query.owed === undefined || r.reassessmentOwed === (query.owed === 'true'));
      const systems = view.systems.filter(keep);
      const risks = view.risks.filter(keep);
      // The owners on the page, by name.
      const wants = new NameWants().add('memberships', [
        ...systems.map((s) => s.ownerMemberId),
        ...risks.map((r) => r.ownerMemberId),
      ]);
      return { body: { ...view, systems, risks, names: await namesOf(db, access, wants) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/operations/systems',
    operationId: 'operations.systems',
    // Behind or not depends on today: kept by head and minute.
    cache: 'head+minute',
    summary:
      'AI systems not retired with their impact assessment as performed (8.4), what is behind first; search, filter, sort and page',
    tag: 'operations',
    auth: 'org',
    action: 'operations.read',
    params: orgParam,
    query: systemListQuery,
    response: {
      status: 200,
      schema: page(systemOperationView).extend({ names: namesSchema }),
      description: 'A page of AI systems, with the names of their owners.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const view = await operationsOf(db, access.orgId, window(services.now()));
      const p = systemsPage(view.systems, query);
      const names = await ownerNames(
        db,
        access,
        p.items.map((s) => s.ownerMemberId),
      );
      return { body: { ...p, names } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/operations/risks',
    operationId: 'operations.risks',
    // Behind or not depends on today: kept by head and minute.
    cache: 'head+minute',
    summary:
      'Open risks with their assessment and treatment as performed (8.2, 8.3), what is behind first; search, filter, sort and page',
    tag: 'operations',
    auth: 'org',
    action: 'operations.read',
    params: orgParam,
    query: riskListQuery,
    response: {
      status: 200,
      schema: page(riskOperationView).extend({ names: namesSchema }),
      description: 'A page of risks, with the names of their owners and AI systems.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const view = await operationsOf(db, access.orgId, window(services.now()));
      const p = risksPage(view.risks, query);
      const names = await ownerNames(
        db,
        access,
        p.items.map((r) => r.ownerMemberId),
        p.items.flatMap((r) => r.aiSystemIds),
      );
      return { body: { ...p, names } };
    },
  }),
];
