import { z } from 'zod';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { run } from '../../kernel/commands.js';
import { decodeJson } from '../../db/json.js';
import { importFramework } from './commands.js';
import { parseJsonDocument } from './cyclonedx-parse.js';
import { planCatalog, type CatalogPlan } from './oscal-import.js';
import { oscalFrameworkBySource, oscalFrameworks } from './queries.js';
import { catalogImportResult, dryRunQuery, frameworkView, OSCAL_TYPE } from './schemas.js';

const tag = 'interchange';
const counts = (entries: CatalogPlan['entries']) => ({
  groups: entries.filter((e) => e.kind === 'group').length,
  controls: entries.filter((e) => e.kind === 'control').length,
});

export const frameworkImportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/oscal/catalog-import',
    operationId: 'frameworks.import',
    summary:
      'Import an OSCAL catalog (NIST SP 800-53, an own catalog) as an additional framework (dryRun checks only)',
    tag,
    auth: 'org',
    action: 'frameworks.import',
    params: orgParam,
    query: dryRunQuery,
    consumes: [OSCAL_TYPE],
    response: { status: 200, schema: catalogImportResult, description: 'Imported (or checked).' },
    errors: [422],
    async handler({ ctx, services, access, query, req }) {
      const plan = planCatalog(parseJsonDocument(typeof req.body === 'string' ? req.body : ''));
      const existing = await oscalFrameworkBySource(
        services.database.db,
        access.orgId,
        plan.sourceUuid,
      );
      const summary = {
        sourceUuid: plan.sourceUuid,
        title: plan.title,
        frameworkVersion: plan.version,
        oscalVersion: plan.oscalVersion,
        ...counts(plan.entries),
      };
      const action = existing ? ('update' as const) : ('create' as const);
      if (query.dryRun === 'true')
        return {
          body: { dryRun: true, action, framework: { id: existing?.id ?? null, ...summary } },
        };
      const row = await run(ctx, importFramework, plan, { access });
      return { body: { dryRun: false, action, framework: { id: row.id, ...summary } } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/oscal/frameworks',
    operationId: 'frameworks.list',
    summary: 'The frameworks the organization imported as OSCAL catalogs',
    tag,
    auth: 'org',
    action: 'frameworks.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ items: z.array(frameworkView) }),
      description: 'The imported frameworks, by title.',
    },
    async handler({ services, access }) {
      const rows = await oscalFrameworks(services.database.db, access.orgId);
      return {
        body: {
          items: rows.map((r) => ({
            id: r.id,
            version: r.version,
            sourceUuid: r.source_uuid,
            title: r.title,
            frameworkVersion: r.framework_version,
            oscalVersion: r.oscal_version,
            ...counts(decodeJson(r.entries)),
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          })),
        },
      };
    },
  }),
];
