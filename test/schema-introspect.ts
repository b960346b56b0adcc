import { sql, type Kysely } from 'kysely';
import { PRIMARY_KEYS, TABLES, type TableName, type TableSpec } from '../src/db/tables.js';
import type { DialectName } from './harness.js';

/** A table as a database reports it (or as the registry says it should be). */
export interface TableShape {
  columns: Record<string, { type: string; nullable: boolean }>;
  primaryKey: string[];
  /** Secondary indexes as "col, col" (unique ones prefixed with "unique "), sorted. */
  indexes: string[];
  /** Foreign keys as "col, col -> table(col, col)", sorted. */
  foreignKeys: string[];
}

const fk = (from: string[], table: string, to: string[]) =>
  `${from.join(', ')} -> ${table}(${to.join(', ')})`;

/** What the registry says each table looks like. */
export function expectedShapes(): Record<string, TableShape> {
  const out: Record<string, TableShape> = {};
  for (const [name, spec] of Object.entries(TABLES) as [TableName, TableSpec][]) {
    const shape: TableShape = {
      columns: {},
      primaryKey: [...(PRIMARY_KEYS[name] ?? ['id'])],
      indexes: [],
      foreignKeys: [],
    };
    for (const [c, col] of Object.entries(spec.columns)) {
      shape.columns[c] = { type: col.sqlType, nullable: col.isNullable };
      if (col.references) {
        const [t, target] = col.references.split('.') as [string, string];
        shape.foreignKeys.push(fk([c], t, [target]));
      }
      if (col.inOrgOf) shape.foreignKeys.push(fk(['org_id', c], col.inOrgOf, ['org_id', 'id']));
    }
    shape.indexes = [
      ...spec.indexes.map((cols) => cols.join(', ')),
      ...spec.unique.map((cols) => `unique ${cols.join(', ')}`),
    ].sort();
    shape.foreignKeys.sort();
    out[name] = shape;
  }
  return out;
}

/** What a migrated database holds, read from its catalog. */
export async function introspect<T>(
  db: Kysely<T>,
  dialect: DialectName,
): Promise<Record<string, TableShape>> {
  return dialect === 'sqlite' ? introspectSqlite(db) : introspectPostgres(db);
}

async function introspectSqlite<T>(db: Kysely<T>): Promise<Record<string, TableShape>> {
  const out: Record<string, TableShape> = {};
  const tables = await sql<{ name: string }>`
    select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      select name, type, "notnull", pk from pragma_table_info(${name})`.execute(db);
    const shape: TableShape = { columns: {}, primaryKey: [], indexes: [], foreignKeys: [] };
    for (const c of cols.rows) {
      // A primary key holds no NULL here: every insert gives one (SQLite would allow it on text).
      shape.columns[c.name] = {
        type: c.type.toLowerCase(),
        nullable: c.notnull === 0 && c.pk === 0,
      };
    }
    shape.primaryKey = cols.rows
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes = await sql<{ name: string; unique: number; origin: string }>`
      select name, "unique", origin from pragma_index_list(${name})`.execute(db);
    for (const ix of indexes.rows) {
      if (ix.origin === 'pk') continue;
      const ixCols = await sql<{ name: string; seqno: number }>`
        select name, seqno from pragma_index_info(${ix.name})`.execute(db);
      const list = ixCols.rows
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name)
        .join(', ');
      shape.indexes.push(ix.unique ? `unique ${list}` : list);
    }
    shape.indexes.sort();
    const fks = await sql<{ id: number; seq: number; table: string; from: string; to: string }>`
      select id, seq, "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(db);
    const byId = new Map<number, { table: string; from: string[]; to: string[] }>();
    for (const f of fks.rows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
      const e = byId.get(f.id) ?? { table: f.table, from: [], to: [] };
      e.from.push(f.from);
      e.to.push(f.to);
      byId.set(f.id, e);
    }
    shape.foreignKeys = [...byId.values()].map((e) => fk(e.from, e.table, e.to)).sort();
    out[name] = shape;
  }
  return out;
}

async function introspectPostgres<T>(db: Kysely<T>): Promise<Record<string, TableShape>> {
  const out: Record<string, TableShape> = {};
  const cols = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
  }>`
    select table_name, column_name, data_type, is_nullable from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  for (const c of cols.rows) {
    const shape = (out[c.table_name] ??= {
      columns: {},
      primaryKey: [],
      indexes: [],
      foreignKeys: [],
    });
    shape.columns[c.column_name] = { type: c.data_type, nullable: c.is_nullable === 'YES' };
  }
  const indexes = await sql<{ table: string; unique: boolean; primary: boolean; columns: string }>`
    select t.relname as "table", i.indisunique as "unique", i.indisprimary as "primary",
      (select string_agg(a.attname, ', ' order by k.n)
         from unnest(i.indkey) with ordinality as k(attnum, n)
         join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_namespace s on s.oid = t.relnamespace
    where s.nspname = current_schema() and t.relname not like 'kysely_%'`.execute(db);
  for (const ix of indexes.rows) {
    const shape = out[ix.table];
    if (!shape) continue;
    if (ix.primary) shape.primaryKey = ix.columns.split(', ');
    else shape.indexes.push(ix.unique ? `unique ${ix.columns}` : ix.columns);
  }
  const fks = await sql<{ table: string; target: string; from_cols: string; to_cols: string }>`
    select t.relname as "table", r.relname as target,
      (select string_agg(a.attname, ', ' order by k.n) from unnest(c.conkey) with ordinality as k(attnum, n)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as from_cols,
      (select string_agg(a.attname, ', ' order by k.n) from unnest(c.confkey) with ordinality as k(attnum, n)
         join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as to_cols
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_class r on r.oid = c.confrelid
    join pg_namespace s on s.oid = t.relnamespace
    where c.contype = 'f' and s.nspname = current_schema()`.execute(db);
  for (const f of fks.rows) {
    out[f.table]?.foreignKeys.push(fk(f.from_cols.split(', '), f.target, f.to_cols.split(', ')));
  }
  for (const shape of Object.values(out)) {
    shape.indexes.sort();
    shape.foreignKeys.sort();
  }
  return out;
}
