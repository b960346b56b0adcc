import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/tables.js';
import { setCrosswalks } from './commands.js';
import { entryCounts, importCatalogText, importComponentText } from './documents.js';
import { oscalFrameworks } from './queries.js';
import {
  catalogImportQuery,
  catalogImportResult,
  componentImportResult,
  dryRunQuery,
  frameworkView,
  OSCAL_TYPE,
} from './schemas.js';

const tag = 'interchange';

const toFrameworkView = (r: Row<'oscal_frameworks'>) => ({
  id: r.id,
  version: r.version,
  sourceUuid: r.source_uuid,
  key: r.key,
  title: r.title,
  frameworkVersion: r.framework_version,
  oscalVersion: r.oscal_version,
  ...entryCounts(decodeJson(r.entries)),
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
    async handler({ ctx, access, query, req }) {
      const text = typeof req.body === 'string' ? req.body : '';
      const dryRun = query.dryRun === 'true';
      return { body: await importCatalogText(ctx, access, text, { dryRun, key: query.key }) };
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
    async handler({ ctx, access, query, req }) {
      const text = typeof req.body === 'string' ? req.body : '';
      return {
        body: await importComponentText(ctx, access, text, { dryRun: query.dryRun === 'true' }),
      };
    },
  }),
];
