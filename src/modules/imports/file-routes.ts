import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import { toCsv } from '../../interop/csv.js';
import { toXlsx } from '../../interop/xlsx.js';
import type { OrgAccess } from '../../kernel/context.js';
import type { ImportColumn } from './cells.js';
import { answerImport, readImportFile, type ImportPlan } from './engine.js';
import { importOptions, importOutcome, type ImportOptions } from './schemas.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a module gives to have a file import with a dry run and a template. */
export interface FileImport {
  /** Path of the records, e.g. /api/v1/orgs/:org/risks. */
  base: string;
  /** The register or statement: operationIds `<key>.import` and `<key>.import_template`. */
  key: string;
  /** What the records are called, e.g. "risks". */
  what: string;
  tag: string;
  columns: ImportColumn[];
  /** An example file (CSV text) for the API document. */
  example: string;
  plan(
    db: Kysely<DB>,
    access: OrgAccess,
    table: string[][],
    options: ImportOptions,
  ): Promise<ImportPlan>;
}

/** The import route (CSV or XLSX, dryRun, duplicates, again) and the template of a file import. */
export function fileImportRoutes(spec: FileImport): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: `${spec.base}/import/template`,
      operationId: `${spec.key}.import_template`,
      summary: `An empty file to fill in and import as ${spec.what} (the export's headers)`,
      tag: spec.tag,
      auth: 'org',
      action: `${spec.key}.read`,
      params: orgParam,
      query: z.object({
        format: z.enum(['csv', 'xlsx']).default('csv').describe('File format.'),
      }),
      response: {
        status: 200,
        schema: null,
        description: 'The header row.',
        files: ['text/csv', XLSX_TYPE],
      },
      async handler({ access, query }) {
        const headers = spec.columns.map((c) => c.header);
        const name = `${access.slug}-${spec.key}-import-template.${query.format}`;
        return {
          file:
            query.format === 'xlsx'
              ? {
                  contentType: XLSX_TYPE,
                  filename: name,
                  data: await toXlsx(spec.what, headers, []),
                }
              : {
                  contentType: 'text/csv; charset=utf-8',
                  filename: name,
                  data: toCsv(headers, []),
                },
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${spec.base}/import`,
      operationId: `${spec.key}.import`,
      summary: `Import ${spec.what} from CSV or XLSX (all rows or none; dryRun checks only; the same file twice is recognized)`,
      tag: spec.tag,
      auth: 'org',
      action: `${spec.key}.import`,
      params: orgParam,
      query: importOptions,
      consumes: ['text/csv', XLSX_TYPE],
      example: spec.example,
      response: {
        status: 200,
        schema: importOutcome,
        description: 'Imported (or, in a dry run, what would be).',
      },
      errors: [409, 422],
      async handler({ ctx, services, access, query, req }) {
        const { table, sha256 } = await readImportFile(req.body);
        const plan = await spec.plan(services.database.db, access, table, query);
        const body = await answerImport(
          ctx,
          access,
          { target: spec.key, action: `${spec.key}.import` },
          query,
          sha256,
          plan,
        );
        return { body };
      },
    }),
  ];
}
