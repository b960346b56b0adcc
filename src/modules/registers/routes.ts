import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  orgParam,
  uuid,
  type HttpMethod,
  type RouteSpec,
  type Services,
} from '../../api/route.js';
import { lazyRoute, once, type RouteHead } from '../../api/lazy-route.js';
import type { Action } from '../../kernel/permissions.js';
import type { Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord } from '../../kernel/records.js';
import { actorNames, actorNamesSchema } from '../../kernel/names.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { REGISTERS, registerOf, type RegisterSpec } from './definitions.js';
import { registerCommands } from './commands.js';
import { EXPORT_FORMATS, XLSX_TYPE, exportRegister } from './export.js';
import { EXAMPLES, editExample } from './examples.js';
import { transitionAiSystem } from './lifecycle.js';
import { namesOfRecord, registerNames } from './names.js';
import { findRegisterRow, registerPage, transitionsPage } from './queries.js';
import {
  listQuerySchema,
  recordSchema,
  toListQuery,
  toRecordView,
  toTransitionView,
  transitionView,
} from './schemas.js';

const EXPORT_LIMIT = 100_000;

/** One record as this caller sees it, with the names of what it refers to. */
async function recordViewOf(
  spec: RegisterSpec,
  row: Row<RegisterTable>,
  access: OrgAccess,
  services: Services,
) {
  const names = await registerNames(services.database.db, access, spec, [row]);
  return toRecordView(spec, row, access, namesOfRecord(spec, row, names));
}

function builtRoutesFor(spec: RegisterSpec): RouteSpec[] {
  const base = `/api/v1/orgs/:org/${spec.path}`;
  const item = `${base}/:${spec.idParam}`;
  const cmds = registerCommands(spec);
  const record = recordSchema(spec);
  const tag = spec.path;
  return [
    defineRoute({
      method: 'GET',
      url: base,
      operationId: `${spec.key}.list`,
      summary: `List ${spec.title.toLowerCase()} (filter, search, sort, paginate)`,
      tag,
      auth: 'org',
      action: `${spec.key}.read`,
      // Ledgered records, their names and the caller's abilities: nothing read depends on the clock.
      cache: 'head',
      params: orgParam,
      query: listQuerySchema(spec),
      response: {
        status: 200,
        schema: z.object({ items: z.array(record), nextCursor: z.string().nullable() }),
        description: 'A page of records.',
      },
      async handler({ services, access, query }) {
        const { database } = services;
        const q = toListQuery(query);
        const p = await registerPage(database.db, database.dialect, spec, access.orgId, q);
        const names = await registerNames(database.db, access, spec, p.items);
        const view = (r: Row<RegisterTable>) =>
          toRecordView(spec, r, access, namesOfRecord(spec, r, names));
        return { body: { ...p, items: p.items.map(view) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/export`,
      operationId: `${spec.key}.export`,
      summary: `Export ${spec.title.toLowerCase()} as CSV or XLSX`,
      tag,
      auth: 'org',
      action: `${spec.key}.read`,
      params: orgParam,
      query: z.object({ format: z.enum(EXPORT_FORMATS).default('csv').describe('File format.') }),
      response: {
        status: 200,
        schema: null,
        description: 'The register as a file.',
        files: ['text/csv', XLSX_TYPE],
      },
      async handler({ services, access, query }) {
        const { database } = services;
        const file = await exportRegister(
          database.db,
          database.dialect,
          spec,
          access.orgId,
          query.format,
          EXPORT_LIMIT,
          await documentHead(database.db, access, services.now()),
          await memberLabelsById(database.db, access.orgId),
        );
        const filename = `${access.slug}-${spec.path}.${query.format}`;
        return { file: { contentType: file.contentType, filename, data: file.data } };
      },
    }),
    commandRoute({
      command: cmds.create,
      method: 'POST',
      url: base,
      summary: `Add a ${spec.singular}`,
      tag,
      example: EXAMPLES[spec.key],
      response: { status: 201, schema: record, description: 'Created.' },
      errors: [422],
      view: (row, { access, services }) => recordViewOf(spec, row, access, services),
    }),
    defineRoute({
      method: 'GET',
      url: item,
      operationId: `${spec.key}.get`,
      summary: `One ${spec.singular}`,
      tag,
      auth: 'org',
      action: `${spec.key}.read`,
      params: orgParam.extend({ [spec.idParam]: uuid }),
      response: { status: 200, schema: record, description: 'The record.' },
      async handler({ services, access, params }) {
        const id = String(params[spec.idParam]);
        const row = await findRegisterRow(services.database.db, spec, access.orgId, id);
        if (!row) throw notFound(spec.singular);
        return { body: await recordViewOf(spec, row, access, services), etag: row.version };
      },
    }),
    commandRoute({
      command: cmds.update,
      method: 'PATCH',
      url: item,
      summary: `Change a ${spec.singular}`,
      tag,
      example: editExample(spec.key),
      ifMatch: true,
      response: { status: 200, schema: record, description: 'Updated.' },
      errors: [422],
      view: (row, { access, services }) => recordViewOf(spec, row, access, services),
    }),
    commandRoute({
      command: cmds.remove,
      method: 'DELETE',
      url: item,
      summary: `Delete a ${spec.singular}`,
      tag,
      ifMatch: true,
      response: { status: 204, schema: null, description: 'Deleted.' },
      errors: [409],
    }),
  ];
}

/**
 * A register's routes, as the server registers them: their schemas (a register's record, list
 * query and commands) are built at the first request to one of them or the OpenAPI document.
 */
function routesFor(spec: RegisterSpec): RouteSpec[] {
  const base = `/api/v1/orgs/:org/${spec.path}`;
  const item = `${base}/:${spec.idParam}`;
  const built = once(() => builtRoutesFor(spec));
  const heads: RouteHead[] = [
    ['GET', base, 'list', 'read'],
    ['GET', `${base}/export`, 'export', 'read'],
    ['POST', base, 'create', 'create'],
    ['GET', item, 'get', 'read'],
    ['PATCH', item, 'update', 'update'],
    ['DELETE', item, 'delete', 'delete'],
  ].map(([method, url, name, verb]) => ({
    method: method as HttpMethod,
    url: url!,
    operationId: `${spec.key}.${name}`,
    auth: 'org',
    action: `${spec.key}.${verb}` as Action,
  }));
  return heads.map((head, i) => lazyRoute(head, () => built()[i]!));
}

const transitionsUrl = '/api/v1/orgs/:org/ai-systems/:aiSystemId/transitions';

/** The AI system life cycle: move to a stage, and every move so far. */
function builtLifecycleRoutes(): RouteSpec[] {
  const aiSystems = registerOf('ai_systems');
  return [
    commandRoute({
      command: transitionAiSystem,
      method: 'POST',
      url: transitionsUrl,
      summary: 'Move an AI system to another life cycle stage',
      tag: 'ai-systems',
      example: { toStage: 'design_and_development', reason: 'Business case approved.' },
      ifMatch: true,
      response: {
        status: 200,
        schema: recordSchema(aiSystems),
        description: 'The system in its new stage.',
      },
      errors: [409, 422],
      view: (row, { access, services }) => recordViewOf(aiSystems, row, access, services),
    }),
    defineRoute({
      method: 'GET',
      url: transitionsUrl,
      operationId: 'ai_systems.transitions',
      summary: 'Every life cycle transition of an AI system, oldest first',
      tag: 'ai-systems',
      auth: 'org',
      action: 'ai_systems.read',
      params: orgParam.extend({ aiSystemId: uuid }),
      query: pageQuery,
      response: {
        status: 200,
        schema: page(transitionView).extend({ names: actorNamesSchema }),
        description: 'The transitions, with the names of who made them.',
      },
      async handler({ services, access, params, query }) {
        const db = services.database.db;
        if (!(await findRecord(db, 'ai_systems', access.orgId, params.aiSystemId)))
          throw notFound('AI system');
        const p = await transitionsPage(db, access.orgId, params.aiSystemId, query);
        const items = p.items.map(toTransitionView);
        const names = await actorNames(
          db,
          access,
          items.map((t) => t.actor),
        );
        return { body: { ...p, items, names } };
      },
    }),
  ];
}
const lifecycle = once(() => builtLifecycleRoutes());
const lifecycleRoutes: RouteSpec[] = [
  lazyRoute(
    {
      method: 'POST',
      url: transitionsUrl,
      operationId: 'ai_systems.transition',
      auth: 'org',
      action: 'ai_systems.transition',
    },
    () => lifecycle()[0]!,
  ),
  lazyRoute(
    {
      method: 'GET',
      url: transitionsUrl,
      operationId: 'ai_systems.transitions',
      auth: 'org',
      action: 'ai_systems.read',
    },
    () => lifecycle()[1]!,
  ),
];

/** Every register's list, export, create, get, update and delete; the AI system life cycle. */
export const registerRoutes: RouteSpec[] = [...REGISTERS.flatMap(routesFor), ...lifecycleRoutes];
