import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { actorLabel } from '../../kernel/context.js';
import { defineRoute, exampleId, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { REGISTERS, type RegisterSpec } from './definitions.js';
import { registerCommands } from './commands.js';
import { listQuerySchema, listRecords, toRecord } from './queries.js';
import { recordSchema } from './schemas.js';
import { toCsv } from '../../interop/csv.js';
import { toXlsx } from '../../interop/xlsx.js';
import { exportColumns } from './export.js';
import { notFound } from '../../kernel/errors.js';

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

function routesFor(spec: RegisterSpec): RouteSpec[] {
  const base = `/api/v1/orgs/:org/${spec.path}`;
  const itemParams = orgParam.extend({ [spec.idParam]: uuid });
  const cmds = registerCommands(spec);
  const record = recordSchema(spec);
  const tag = spec.path;
  const idOf = (p: Record<string, string>) => p[spec.idParam]!;
  const query = listQuerySchema(spec);
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
      query,
      response: {
        status: 200,
        schema: z.object({ items: z.array(record), nextCursor: z.string().nullable() }),
        description: 'A page of records.',
      },
      async handler({ services, access, query: q }) {
        return {
          body: await listRecords(
            services.database.db,
            services.database.dialect,
            spec,
            access.orgId,
            q as Record<string, unknown>,
          ),
        };
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
      query: z.object({ format: z.enum(['csv', 'xlsx']).default('csv').describe('File format.') }),
      response: {
        status: 200,
        schema: null,
        description: 'The register as a file.',
        files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      async handler({ services, access, query: q }) {
        const page = await listRecords(
          services.database.db,
          services.database.dialect,
          spec,
          access.orgId,
          { limit: EXPORT_LIMIT, sort: spec.defaultSort },
        );
        const cols = exportColumns(spec);
        const name = `${access.slug}-${spec.path}`;
        if (q.format === 'xlsx') {
          return {
            file: {
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              filename: `${name}.xlsx`,
              data: await toXlsx(spec.title, cols, page.items),
            },
          };
        }
        return {
          file: {
            contentType: 'text/csv; charset=utf-8',
            filename: `${name}.csv`,
            data: toCsv(cols, page.items),
          },
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: base,
      operationId: `${spec.key}.create`,
      summary: `Add a ${spec.singular}`,
      tag,
      auth: 'org',
      action: `${spec.key}.create`,
      params: orgParam,
      body: cmds.create.input,
      example: EXAMPLES[spec.key],
      response: { status: 201, schema: record, description: 'Created.' },
      errors: [422],
      async handler({ ctx, access, rawBody }) {
        const row = await execute(ctx, cmds.create, rawBody, {
          access,
          ids: { actorLabel: actorLabel(ctx.actor) },
        });
        return { body: toRecord(spec, row), etag: row.version };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:${spec.idParam}`,
      operationId: `${spec.key}.get`,
      summary: `One ${spec.singular}`,
      tag,
      auth: 'org',
      action: `${spec.key}.read`,
      params: itemParams,
      response: { status: 200, schema: record, description: 'The record.' },
      async handler({ services, access, params }) {
        const row = await (services.database.db as any)
          .selectFrom(spec.key)
          .selectAll()
          .where('org_id', '=', access.orgId)
          .where('id', '=', idOf(params))
          .executeTakeFirst();
        if (!row) throw notFound(spec.singular);
        return { body: toRecord(spec, row), etag: row.version };
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: `${base}/:${spec.idParam}`,
      operationId: `${spec.key}.update`,
      summary: `Change a ${spec.singular}`,
      tag,
      auth: 'org',
      action: `${spec.key}.update`,
      params: itemParams,
      body: cmds.update.input,
      example: Object.fromEntries(
        Object.entries(EXAMPLES[spec.key] ?? {})
          .filter(([k]) => !String(EXAMPLES[spec.key]![k]).startsWith('{'))
          .slice(0, 1),
      ),
      ifMatch: true,
      response: { status: 200, schema: record, description: 'Updated.' },
      errors: [422],
      async handler({ ctx, access, params, rawBody, ifMatch }) {
        const row = await execute(ctx, cmds.update, rawBody, {
          access,
          ids: { id: idOf(params) },
          ifMatch,
        });
        return { body: toRecord(spec, row), etag: row.version };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${base}/:${spec.idParam}`,
      operationId: `${spec.key}.delete`,
      summary: `Delete a ${spec.singular}`,
      tag,
      auth: 'org',
      action: `${spec.key}.delete`,
      params: itemParams,
      ifMatch: true,
      response: { status: 204, schema: null, description: 'Deleted.' },
      errors: [409],
      async handler({ ctx, access, params, ifMatch }) {
        await execute(ctx, cmds.remove, undefined, { access, ids: { id: idOf(params) }, ifMatch });
        return {};
      },
    }),
  ];
}

export const registerRoutes: RouteSpec[] = REGISTERS.flatMap(routesFor);
