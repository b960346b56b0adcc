import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import type { OrgAccess } from '../../kernel/context.js';
import { isNamedTable, NameWants, resolveNames, type Names } from '../../kernel/names.js';
import type { RegisterSpec } from './definitions.js';
import { cellsOf, fromColumn, snake } from './fields.js';

/**
 * The ids a register record refers to, by where each points: its member fields, its `ref` and
 * `refs` fields, and a text that names a record when another field says so (`refWhen`).
 */
export function recordRefs(spec: RegisterSpec, row: Row<RegisterTable>): NameWants {
  const cells = cellsOf(row);
  const wants = new NameWants();
  for (const [name, f] of Object.entries(spec.fields)) {
    const v = fromColumn(f, cells[snake(name)]);
    const ids = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    if (f.kind === 'member') wants.add('memberships', ids);
    else if ((f.kind === 'ref' || f.kind === 'refs') && f.ref && isNamedTable(f.ref))
      wants.add(f.ref, ids);
    else if (
      f.refWhen &&
      isNamedTable(f.refWhen.ref) &&
      cells[snake(f.refWhen.field)] === f.refWhen.equals
    )
      wants.add(f.refWhen.ref, ids);
  }
  return wants;
}

/** The names of what these records refer to, read once for all of them (one query per table). */
export async function registerNames(
  db: Kysely<DB>,
  access: OrgAccess,
  spec: RegisterSpec,
  rows: Row<RegisterTable>[],
): Promise<Map<string, string>> {
  const all = new NameWants();
  for (const row of rows)
    for (const [source, ids] of recordRefs(spec, row).wanted) all.add(source, [...ids]);
  return resolveNames(db, access, all);
}

/** One record's names, out of those read for its page. */
export function namesOfRecord(
  spec: RegisterSpec,
  row: Row<RegisterTable>,
  all: ReadonlyMap<string, string>,
): Names {
  const out: Names = {};
  for (const ids of recordRefs(spec, row).wanted.values())
    for (const id of ids) {
      const name = all.get(id);
      if (name !== undefined) out[id] = name;
    }
  return out;
}
