import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { authorize } from '../../kernel/authorize.js';
import { parseCsv } from '../../interop/csv.js';
import { parseXlsx } from '../../interop/xlsx.js';
import { REGISTERS } from './definitions.js';
import { XLSX_TYPE } from './export.js';
import { applyImport, importProblem, planImport } from './import.js';
import { importQuery, importResult } from './schemas.js';

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
    query: importQuery,
    consumes: ['text/csv', XLSX_TYPE],
    example: `${Object.keys(spec.fields).join(',')}\n`,
    response: { status: 200, schema: importResult, description: 'Imported (or checked).' },
    errors: [422],
    async handler({ ctx, services, access, query, req }) {
      authorize(access, `${spec.key}.create`);
      // The content type parsers give text for CSV and a buffer for XLSX.
      const table =
        typeof req.body === 'string'
          ? parseCsv(req.body)
          : await parseXlsx(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
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
