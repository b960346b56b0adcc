import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { toCsv } from '../../interop/csv.js';
import { headLines, type DocumentHead } from '../../interop/document.js';
import { toXlsx } from '../../interop/xlsx.js';
import { humanize } from '../../labels.js';
import { registerByKey, type RegisterSpec } from './definitions.js';
import type { FieldSpec } from './fields.js';
import { listRecords, recordTitles } from './queries.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Column order of a register's snapshots (raw values): id first, then the fields as declared. */
export function exportColumns(spec: RegisterSpec) {
  return ['id', ...Object.keys(spec.fields), 'version', 'createdAt', 'updatedAt'];
}

/** The column beside a reference field that holds the ids it names, for re-import by id. */
export const idsColumn = (field: string) => `${field} (ids)`;
const isRef = (f: FieldSpec) => f.kind === 'ref' || f.kind === 'refs';

/**
 * Column order of a register's exports: id first, then the fields as declared, each reference
 * field followed by its ids column; imports read all of them back (src/modules/registers/import.ts).
 */
export function fileColumns(spec: RegisterSpec) {
  const cols = ['id'];
  for (const [name, f] of Object.entries(spec.fields)) {
    cols.push(name);
    if (isRef(f)) cols.push(idsColumn(name));
  }
  return [...cols, 'version', 'createdAt', 'updatedAt'];
}

/** An option as a file shows it ("Human in the loop"); imports take it back, or the key. */
export const optionLabel = (value: string) => humanize(value);

/**
 * Records as people read them: options in words, members as "Name <email>", referenced records
 * by their titles (their ids beside them), yes and no.
 */
export async function readableRecords(
  db: Kysely<DB>,
  spec: RegisterSpec,
  orgId: string,
  items: Record<string, unknown>[],
  members: Map<string, string>,
) {
  const titles = new Map<string, Map<string, string>>();
  for (const f of Object.values(spec.fields))
    if (isRef(f) && !titles.has(f.ref!))
      titles.set(
        f.ref!,
        new Map(
          (await recordTitles(db, registerByKey.get(f.ref!)!, orgId)).map((r) => [
            r.id,
            String(r.title ?? r.id),
          ]),
        ),
      );
  return items.map((item) => {
    const out: Record<string, unknown> = { ...item };
    for (const [name, f] of Object.entries(spec.fields)) {
      const v = item[name];
      if (v === null || v === undefined) continue;
      const list = Array.isArray(v) ? v.map(String) : [String(v)];
      if (f.kind === 'enum' || f.kind === 'multi') out[name] = list.map(optionLabel);
      else if (f.kind === 'member') out[name] = members.get(String(v)) ?? 'a former member';
      else if (f.kind === 'bool') out[name] = v === true ? 'Yes' : 'No';
      else if (isRef(f)) {
        out[name] = list.map((id) => titles.get(f.ref!)?.get(id) ?? id);
        out[idsColumn(name)] = list;
      }
    }
    return out;
  });
}

/**
 * A register as a CSV or XLSX file (at most `limit` records, in the register's default order):
 * the columns of fileColumns, readable cells (readableRecords); the XLSX opens with an "About"
 * sheet (organization, register, generated at, prepared by).
 */
export async function exportRegister(
  db: Kysely<DB>,
  dialect: Dialect,
  spec: RegisterSpec,
  orgId: string,
  format: ExportFormat,
  limit: number,
  head: DocumentHead,
  members: Map<string, string>,
): Promise<{ records: number; contentType: string; data: string | Buffer }> {
  const page = await listRecords(db, dialect, spec, orgId, { limit, sort: spec.defaultSort });
  const cols = fileColumns(spec);
  const rows = await readableRecords(db, spec, orgId, page.items, members);
  return format === 'xlsx'
    ? {
        records: page.items.length,
        contentType: XLSX_TYPE,
        data: await toXlsx(spec.title, cols, rows, headLines(spec.title, head)),
      }
    : {
        records: page.items.length,
        contentType: 'text/csv; charset=utf-8',
        data: toCsv(cols, rows),
      };
}
