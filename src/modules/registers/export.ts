import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { toCsv } from '../../interop/csv.js';
import { toXlsx } from '../../interop/xlsx.js';
import type { RegisterSpec } from './definitions.js';
import { listRecords } from './queries.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Column order of a register's exports and imports: id first, then the fields as declared. */
export function exportColumns(spec: RegisterSpec) {
  return ['id', ...Object.keys(spec.fields), 'version', 'createdAt', 'updatedAt'];
}

/** A register as a CSV or XLSX file (at most `limit` records, in the register's default order). */
export async function exportRegister(
  db: Kysely<DB>,
  dialect: Dialect,
  spec: RegisterSpec,
  orgId: string,
  format: ExportFormat,
  limit: number,
): Promise<{ records: number; contentType: string; data: string | Buffer }> {
  const page = await listRecords(db, dialect, spec, orgId, { limit, sort: spec.defaultSort });
  const cols = exportColumns(spec);
  return format === 'xlsx'
    ? {
        records: page.items.length,
        contentType: XLSX_TYPE,
        data: await toXlsx(spec.title, cols, page.items),
      }
    : {
        records: page.items.length,
        contentType: 'text/csv; charset=utf-8',
        data: toCsv(cols, page.items),
      };
}
