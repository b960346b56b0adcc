import { z } from 'zod';
import { authorize } from '../../kernel/authorize.js';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { REGISTERS } from './definitions.js';
import { parseCsv } from '../../interop/csv.js';
import { parseXlsx } from '../../interop/xlsx.js';
import { applyImport, importProblem, planImport } from './import.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const result = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().describe('Data rows in the file.'),
  created: z.number().int().describe('Records created (or, in a dry run, that would be).'),
  updated: z.number().int().describe('Records updated through their id column (or that would be).'),
});

/** Import for every register: CSV or XLSX, the first row naming the columns as the export does. */
export const importRoutes: RouteSpec[] = REGISTERS.map((spec) =>
  defineRoute({
    method: 'POST',
    url: `/api/v1/orgs/:org/${spec.path}/import`,
    operationId: `${spec.key}.import`,
    summary: `Import ${spec.title.toLowerCase()} from CSV or XLSX (all rows or none; dryRun checks only)`,
    tag: spec.path,
    auth: 'org',
    action: `${spec.key}.import`,
    params: orgParam,
    query: z.object({
      dryRun: z
        .enum(['true', 'false'])
        .default('false')
        .describe('Only check the file and report.'),
    }),
    consumes: ['text/csv', XLSX],
    example: `${Object.keys(spec.fields).join(',')}\n`,
    response: { status: 200, schema: result, description: 'Imported (or checked).' },
    errors: [422],
    async handler({ ctx, services, access, query, req }) {
      authorize(access, `${spec.key}.create`);
      const table =
        typeof req.body === 'string' ? parseCsv(req.body) : await parseXlsx(req.body as Buffer);
      const plan = await planImport(services.database.db, spec, access.orgId, table);
      if (plan.errors.length) throw importProblem(plan.errors);
      const counts = {
        created: plan.rows.filter((r) => !r.id).length,
        updated: plan.rows.filter((r) => r.id).length,
      };
      if (query.dryRun === 'true')
        return { body: { dryRun: true, rows: plan.rows.length, ...counts } };
      const done = await applyImport(ctx, access, plan);
      return { body: { dryRun: false, rows: plan.rows.length, ...done } };
    },
  }),
);
