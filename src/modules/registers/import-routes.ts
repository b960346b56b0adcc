import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { authorize } from '../../kernel/authorize.js';
import type { BatchStep } from '../../kernel/commands.js';
import { answerImport, importOptions, importOutcome, readImportFile } from '../imports/index.js';
import { registerCommands } from './commands.js';
import { REGISTERS } from './definitions.js';
import { XLSX_TYPE } from './export.js';
import { planImport } from './import.js';

/**
 * Import for every register: CSV or XLSX, the first row naming the columns as the export does.
 * A file imported before into the same register (same SHA-256) is recognized (409, or said in a
 * dry run) unless `again=true`.
 */
export const importRoutes: RouteSpec[] = REGISTERS.map((spec) =>
  defineRoute({
    method: 'POST',
    url: `/api/v1/orgs/:org/${spec.path}/import`,
    operationId: `${spec.key}.import`,
    summary: `Import ${spec.title.toLowerCase()} from CSV or XLSX (all rows or none; dryRun checks only; the same file twice is recognized)`,
    tag: spec.path,
    auth: 'org',
    action: `${spec.key}.import`,
    params: orgParam,
    query: importOptions.pick({ dryRun: true, again: true }),
    consumes: ['text/csv', XLSX_TYPE],
    example: `${Object.keys(spec.fields).join(',')}\n`,
    response: { status: 200, schema: importOutcome, description: 'Imported (or checked).' },
    errors: [409, 422],
    async handler({ ctx, services, access, query, req }) {
      authorize(access, `${spec.key}.create`);
      const { table, sha256 } = await readImportFile(req.body);
      const plan = await planImport(services.database.db, spec, access.orgId, table);
      const cmds = registerCommands(spec);
      const rows = plan.rows.map((r) => ({
        row: r.row,
        name: String(r.input[spec.titleField] ?? ''),
        kind: r.id ? ('update' as const) : ('create' as const),
        apply: (step: BatchStep) =>
          r.id
            ? step(cmds.update, { ...r.input, [spec.idParam]: r.id })
            : step(cmds.create, r.input),
      }));
      const body = await answerImport(
        ctx,
        access,
        { target: spec.key, action: `${spec.key}.import` },
        { ...query, duplicates: 'skip' },
        sha256,
        { rows, errors: plan.errors },
      );
      return { body };
    },
  }),
);
