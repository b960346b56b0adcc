import { z } from 'zod';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { decodeCursor, page, pageQuery, toPage } from '../../kernel/paging.js';
import { today } from '../../kernel/records.js';
import { competenceGaps } from './competence-gaps.js';
import { assignmentsFor } from './queries.js';
import {
  RACI,
  accountabilityQuery,
  accountabilityView,
  competenceGapView,
  type Person,
} from './schemas.js';
import { registerCatalog, registerMeta } from './catalogue.js';

/** Views across the registers: the register catalogue, who is accountable, competence gaps. */
export const registerViewRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/registers',
    operationId: 'registers.catalog',
    summary: 'The registers and their fields (what the web app renders)',
    tag: 'registers',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({ items: z.array(registerMeta) }),
      description: 'Every register.',
    },
    async handler() {
      return { body: { items: registerCatalog() } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/accountability',
    operationId: 'responsibilities.who',
    summary: 'Who is responsible, accountable, consulted and informed for one subject',
    tag: 'responsibilities',
    auth: 'org',
    action: 'responsibilities.read',
    params: orgParam,
    query: accountabilityQuery,
    response: {
      status: 200,
      schema: accountabilityView,
      description: 'The assignments, by kind.',
    },
    async handler({ services, access, query }) {
      const rows = await assignmentsFor(
        services.database.db,
        access.orgId,
        query.subjectType,
        query.subjectId,
      );
      const by = (k: (typeof RACI)[number]): Person[] =>
        rows
          .filter((r) => r.raci === k)
          .map((r) => ({ memberId: r.memberId, email: r.email, name: r.name, note: r.note }));
      return {
        body: {
          accountable: by('accountable'),
          responsible: by('responsible'),
          consulted: by('consulted'),
          informed: by('informed'),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/competence-gaps',
    operationId: 'competences.gaps',
    summary: 'Members missing a competence their role requires (no valid training record)',
    tag: 'competences',
    auth: 'org',
    action: 'competences.read',
    params: orgParam,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(competenceGapView),
      description: 'A page of members with gaps.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const day = today(services.now());
      const gaps = await competenceGaps(
        db,
        access.orgId,
        day,
        decodeCursor(query.cursor),
        query.limit,
      );
      return { body: toPage(gaps, query.limit, (g) => g.memberId) };
    },
  }),
];
