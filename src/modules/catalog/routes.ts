import {
  ANNEXES,
  CATALOG,
  CATALOG_SOURCES,
  CONTROLS,
  LIFECYCLE,
  REQUIREMENTS,
  SECTORS,
} from '../../catalog/index.js';
import { defineRoute, type RouteSpec } from '../../api/route.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { pageOf } from './queries.js';
import { catalogInfoView, controlView, requirementView } from './schemas.js';

const OBJECTIVES = new Map(
  CATALOG.annexA.domains.flatMap((d) => d.objectives).map((o) => [o.id, o]),
);
/** The controls with the title and summary of the objective each serves. */
const CONTROL_VIEWS = CONTROLS.map((c) => ({
  ...c,
  objectiveTitle: OBJECTIVES.get(c.objective)?.title ?? '',
  objectiveSummary: OBJECTIVES.get(c.objective)?.summary ?? '',
}));

export const catalogRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog',
    operationId: 'catalog.info',
    summary:
      'The standards catalog: versions and checksums of its data files, life cycle stages, sector notes and the titles of Annex C',
    tag: 'catalog',
    auth: 'user',
    response: { status: 200, schema: catalogInfoView, description: 'The catalog.' },
    async handler() {
      return {
        body: {
          id: CATALOG.id,
          version: CATALOG.version,
          standard: CATALOG.standard,
          provenance: CATALOG.provenance,
          sources: [...CATALOG_SOURCES],
          lifecycle: [...LIFECYCLE],
          sectors: [...SECTORS],
          annexA: { domains: ANNEXES.annexA.domains.map((d) => ({ id: d.id, title: d.title })) },
          annexC: {
            objectives: [...ANNEXES.annexC.objectives],
            riskSources: [...ANNEXES.annexC.riskSources],
          },
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog/requirements',
    operationId: 'catalog.requirements',
    summary: 'Every assessable ISO/IEC 42001 requirement: clause leaves, then the Annex A controls',
    tag: 'catalog',
    auth: 'user',
    query: pageQuery,
    response: {
      status: 200,
      schema: page(requirementView),
      description: 'A page of requirements.',
    },
    async handler({ query }) {
      return { body: pageOf(REQUIREMENTS, query) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog/controls',
    operationId: 'catalog.controls',
    summary: 'The 38 Annex A controls with guidance: what to do and what an auditor expects to see',
    tag: 'catalog',
    auth: 'user',
    query: pageQuery,
    response: { status: 200, schema: page(controlView), description: 'A page of controls.' },
    async handler({ query }) {
      return { body: pageOf(CONTROL_VIEWS, query) };
    },
  }),
];
