import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type RouteSpec,
  type Services,
} from '../../api/route.js';
import type { Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord } from '../../kernel/records.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { REGISTERS, registerOf, type RegisterSpec } from './definitions.js';
import { registerCommands } from './commands.js';
import { EXPORT_FORMATS, XLSX_TYPE, exportRegister } from './export.js';
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

/** Example bodies for documentation and the generated suites; ids are filled by the fixture. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  context_issues: {
    title: 'New AI regulation in the EU',
    kind: 'external',
    category: 'regulatory',
    effect: 'High-risk systems need conformity work.',
  },
  interested_parties: {
    name: 'Patients',
    kind: 'affected_person',
    needs: 'Safe, explained diagnoses.',
  },
  legal_requirements: {
    title: 'EU AI Act obligations for deployers',
    instrument: 'eu_ai_act',
    jurisdiction: 'EU',
    applicability: 'applicable',
  },
  ai_systems: {
    name: 'Triage assistant',
    purpose: 'Suggests an urgency level for incoming cases.',
    sector: 'healthcare',
    aiRoles: ['provider'],
  },
  ai_models: {
    aiSystemId: exampleId('aiSystemId'),
    name: 'triage-model',
    modelVersion: '1.0.0',
    source: 'built',
  },
  datasets: {
    aiSystemId: exampleId('aiSystemId'),
    name: 'Historic cases 2020–2024',
    personalData: true,
  },
  ai_resources: { aiSystemId: exampleId('aiSystemId'), kind: 'compute', name: 'GPU cluster' },
  third_parties: {
    name: 'Model Vendor Ltd',
    relation: 'supplier',
    supplies: 'Base language model',
  },
  responsibilities: {
    memberId: exampleId('memberId'),
    subjectType: 'process',
    subjectId: 'Risk assessment',
    raci: 'accountable',
  },
  competences: { aimsRole: 'manager', name: 'AI risk assessment' },
  training_records: {
    memberId: exampleId('memberId'),
    competenceId: exampleId('competenceId'),
    title: 'AI risk course',
    completedOn: '2026-01-15',
  },
};

/** The example of an edit: the first field of the creation's example that is no reference. */
const editExample = (key: string) =>
  Object.fromEntries(
    Object.entries(EXAMPLES[key] ?? {})
      .filter(([, v]) => !String(v).startsWith('{'))
      .slice(0, 1),
  );

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

function routesFor(spec: RegisterSpec): RouteSpec[] {
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

const aiSystems = registerOf('ai_systems');
const transitionsUrl = '/api/v1/orgs/:org/ai-systems/:aiSystemId/transitions';

/** The AI system life cycle: move to a stage, and every move so far. */
const lifecycleRoutes: RouteSpec[] = [
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
    response: { status: 200, schema: page(transitionView), description: 'The transitions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      if (!(await findRecord(db, 'ai_systems', access.orgId, params.aiSystemId)))
        throw notFound('AI system');
      const p = await transitionsPage(db, access.orgId, params.aiSystemId, query);
      return { body: { ...p, items: p.items.map(toTransitionView) } };
    },
  }),
];

/** Every register's list, export, create, get, update and delete; the AI system life cycle. */
export const registerRoutes: RouteSpec[] = [...REGISTERS.flatMap(routesFor), ...lifecycleRoutes];
