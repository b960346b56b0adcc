import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { cyclonedxBom } from './cyclonedx-export.js';
import { importBomText } from './documents.js';
import { frameworkImportRoutes } from './import-routes.js';
import { oscalCatalog } from './oscal-catalog.js';
import { prune, type Json } from './oscal-common.js';
import { componentDefinition, systemSecurityPlan } from './oscal-system.js';
import { assessmentResults, mappingCollection, planOfActionAndMilestones } from './oscal-assess.js';
import {
  bomImportResult,
  CYCLONEDX_TYPE,
  importQuery,
  OSCAL_TYPE,
  systemParams,
} from './schemas.js';

const tag = 'interchange';
const FILES = [OSCAL_TYPE];
const json = (doc: unknown, contentType: string, filename: string) => ({
  file: { contentType, filename, data: `${JSON.stringify(doc, null, 2)}\n` },
});
const oscal = (doc: Json, filename: string) => json(prune(doc), OSCAL_TYPE, filename);

/** One organization-wide OSCAL export: its path, operation, action (the records' read) and builder. */
const orgExports: {
  path: string;
  op: string;
  action: string;
  summary: string;
  build(call: {
    db: Parameters<typeof systemSecurityPlan>[0];
    orgId: string;
    now: Date;
  }): Promise<Json> | Json;
}[] = [
  {
    path: 'ssp',
    op: 'oscal.ssp',
    action: 'soa.read',
    summary:
      'The Statement of Applicability and its implementation as an OSCAL 1.2.1 system security plan',
    build: ({ db, orgId, now }) => systemSecurityPlan(db, orgId, now),
  },
  {
    path: 'assessment-results',
    op: 'oscal.assessment_results',
    action: 'audits.read',
    summary:
      'Readiness and internal audits (with their findings) as OSCAL 1.2.1 assessment results',
    build: ({ db, orgId, now }) => assessmentResults(db, orgId, now),
  },
  {
    path: 'poam',
    op: 'oscal.poam',
    action: 'nonconformities.read',
    summary:
      'Open nonconformities and risk treatments as an OSCAL 1.2.1 plan of action and milestones',
    build: ({ db, orgId, now }) => planOfActionAndMilestones(db, orgId, now),
  },
  {
    path: 'mapping',
    op: 'oscal.mapping',
    action: 'readiness.read',
    summary:
      'The crosswalks from ISO/IEC 42001 to other frameworks as an OSCAL 1.2.1 mapping collection',
    build: ({ now }) => mappingCollection(now),
  },
];

export const interchangeRoutes: RouteSpec[] = [
  ...frameworkImportRoutes,
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog/oscal',
    operationId: 'oscal.catalog',
    summary:
      'The ISO/IEC 42001 catalog (identifiers, titles and guidance in aims’ own words) as an OSCAL 1.2.1 catalog',
    tag,
    auth: 'user',
    response: { status: 200, schema: null, description: 'The OSCAL catalog.', files: FILES },
    async handler({ services }) {
      return oscal(oscalCatalog(services.now()), 'aims-iso42001-catalog.oscal.json');
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/oscal/component-definition/:aiSystemId',
    operationId: 'oscal.component_definition',
    summary: 'The controls of one AI system as an OSCAL 1.2.1 component definition',
    tag,
    auth: 'org',
    action: 'soa.read',
    params: systemParams,
    response: { status: 200, schema: null, description: 'The component definition.', files: FILES },
    async handler({ services, access, params }) {
      const doc = await componentDefinition(
        services.database.db,
        access.orgId,
        params.aiSystemId,
        services.now(),
      );
      return oscal(doc, `${access.slug}-component-definition.oscal.json`);
    },
  }),
  ...orgExports.map((e) =>
    defineRoute({
      method: 'GET',
      url: `/api/v1/orgs/:org/oscal/${e.path}`,
      operationId: e.op,
      summary: e.summary,
      tag,
      auth: 'org',
      action: e.action,
      params: orgParam,
      response: { status: 200, schema: null, description: 'The OSCAL document.', files: FILES },
      async handler({ services, access }) {
        const doc = await e.build({
          db: services.database.db,
          orgId: access.orgId,
          now: services.now(),
        });
        return oscal(doc, `${access.slug}-${e.path}.oscal.json`);
      },
    }),
  ),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/cyclonedx',
    operationId: 'cyclonedx.export',
    summary:
      'One AI system (models with their model cards, datasets, components, suppliers) as a CycloneDX 1.6 ML-BOM',
    tag,
    auth: 'org',
    action: 'ai_models.read',
    params: systemParams,
    response: {
      status: 200,
      schema: null,
      description: 'The CycloneDX JSON document.',
      files: [CYCLONEDX_TYPE],
    },
    async handler({ services, access, params }) {
      const bom = await cyclonedxBom(
        services.database.db,
        access.orgId,
        params.aiSystemId,
        services.now(),
      );
      return json(bom, CYCLONEDX_TYPE, `${access.slug}-ai-system.cdx.json`);
    },
  }),
  defineRoute({
    method: 'POST',
    // The AI system is named in the query, not the path: the media type is checked before the
    // handler runs, and a path id must answer 404 in another organization whatever the body.
    url: '/api/v1/orgs/:org/cyclonedx/import',
    operationId: 'cyclonedx.import',
    summary:
      'Import the models, datasets and suppliers of a CycloneDX 1.6 or 1.7 ML-BOM into an AI system (all or nothing; dryRun checks only)',
    tag,
    auth: 'org',
    action: 'cyclonedx.import',
    params: orgParam,
    query: importQuery,
    consumes: [CYCLONEDX_TYPE],
    response: { status: 200, schema: bomImportResult, description: 'Imported (or checked).' },
    errors: [422],
    async handler({ ctx, access, query, req }) {
      // CycloneDX JSON arrives as text, parsed there so that a syntax error names its line and column.
      const text = typeof req.body === 'string' ? req.body : '';
      const opts = { dryRun: query.dryRun === 'true', aiSystemId: query.aiSystemId };
      return { body: await importBomText(ctx, access, text, opts) };
    },
  }),
];
