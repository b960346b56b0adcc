import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { NameWants, namesOf } from '../../kernel/names.js';
import { operationsOf, window } from './operations.js';
import { operationsQuery, operationsView } from './schemas.js';

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
];
