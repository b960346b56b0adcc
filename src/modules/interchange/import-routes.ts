import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { run } from '../../kernel/commands.js';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/tables.js';
import { importFramework, setCrosswalks } from './commands.js';
import { applyComponents, planComponents } from './component-import.js';
import { parseJsonDocument } from './cyclonedx-parse.js';
import { keyFromTitle } from './framework-keys.js';
import { planCatalog, type CatalogPlan } from './oscal-import.js';
import { oscalFrameworkBySource, oscalFrameworks } from './queries.js';
import {
  catalogImportQuery,
  catalogImportResult,
  componentImportResult,
  dryRunQuery,
  frameworkView,
  OSCAL_TYPE,
} from './schemas.js';

const tag = 'interchange';
const counts = (entries: CatalogPlan['entries']) => ({
  groups: entries.filter((e) => e.kind === 'group').length,
  controls: entries.filter((e) => e.kind === 'control').length,
});

const toFrameworkView = (r: Row<'oscal_frameworks'>) => ({
  id: r.id,
  version: r.version,
  sourceUuid: r.source_uuid,
  key: r.key,
  title: r.title,
  frameworkVersion: r.framework_version,
  oscalVersion: r.oscal_version,
  ...counts(decodeJson(r.entries)),
  crosswalks: r.crosswalks ? decodeJson(r.crosswalks) : [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const frameworkImportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/oscal/catalog-import',
    operationId: 'frameworks.import',
    summary:
      'Import an OSCAL catalog (NIST SP 800-53, an own catalog) as an additional framework whose controls evidence and crosswalks can target (dryRun checks only)',
    tag,
    auth: 'org',
    action: 'frameworks.import',
    params: orgParam,
    query: catalogImportQuery,
    consumes: [OSCAL_TYPE],
    response: { status: 200, schema: catalogImportResult, description: 'Imported (or checked).' },
    errors: [409, 422],
    async handler({ ctx, services, access, query, req }) {
      const plan = planCatalog(parseJsonDocument(typeof req.body === 'string' ? req.body : ''));
      const db = services.database.db;
      const existing = await oscalFrameworkBySource(db, access.orgId, plan.sourceUuid);
      const taken = new Set(
        (await oscalFrameworks(db, access.orgId))
          .filter((f) => f.id !== existing?.id && f.key)
          .map((f) => f.key!),
      );
      const key = query.key ?? existing?.key ?? keyFromTitle(plan.title, taken);
      const summary = {
        sourceUuid: plan.sourceUuid,
        key,
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
      const row = await run(ctx, importFramework, { ...plan, key }, { access });
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
      return { body: { items: rows.map(toFrameworkView) } };
    },
  }),
  commandRoute({
    command: setCrosswalks,
    method: 'PUT',
    url: '/api/v1/orgs/:org/oscal/frameworks/:frameworkId/crosswalks',
    operationId: 'frameworks.map',
    summary:
      'State the crosswalk from ISO/IEC 42001 requirements onto the controls of an imported framework (the whole list)',
    tag,
    example: {
      items: [
        { ref: 's1.1.1', requirement: 'A.3.2', relationship: 'intersects', confidence: 'medium' },
      ],
    },
    ifMatch: true,
    response: { status: 200, schema: frameworkView, description: 'The framework as mapped.' },
    errors: [422],
    view: toFrameworkView,
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/oscal/component-import',
    operationId: 'components.import',
    summary:
      'Import an OSCAL component definition: each component as an AI system (matched or new), each implemented requirement as a Statement of Applicability decision (all or nothing; dryRun checks only)',
    tag,
    auth: 'org',
    action: 'components.import',
    params: orgParam,
    query: dryRunQuery,
    consumes: [OSCAL_TYPE],
    response: { status: 200, schema: componentImportResult, description: 'Imported (or checked).' },
    errors: [422],
    async handler({ ctx, services, access, query, req }) {
      const doc = parseJsonDocument(typeof req.body === 'string' ? req.body : '');
      const plan = await planComponents(services.database.db, access.orgId, doc);
      const dryRun = query.dryRun === 'true';
      const created = dryRun ? new Map<string, string>() : await applyComponents(ctx, access, plan);
      return {
        body: {
          dryRun,
          oscalVersion: plan.oscalVersion,
          systems: plan.systems.map(({ pointer, name, action, aiSystemId }) => ({
            pointer,
            name,
            action,
            aiSystemId: aiSystemId ?? created.get(pointer) ?? null,
          })),
          controls: plan.controls.map(({ input: _input, ...c }) => c),
        },
      };
    },
  }),
];
