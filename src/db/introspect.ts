import {
  PostgresDialect,
  PostgresIntrospector,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Driver,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  table: string;
  table_type: string;
  schema: string;
  column: string | null;
  not_null: boolean | null;
  has_default: boolean | null;
  type: string | null;
  type_schema: string | null;
  serial: boolean | null;
}

/**
 * What Kysely's migrator (and a test's snapshot) learn of the tables on PostgreSQL: those of the
 * schema in use only, read through the catalogs by oid. Kysely's own introspector lists every
 * schema the role can use and calls `has_schema_privilege` and `pg_get_serial_sequence` on names,
 * which look the names up again in the current catalog: while another session drops a schema or
 * alters a table (other tenants on one server, tests side by side), that lookup fails ("schema …
 * does not exist", "column … does not exist") and the migration with it. Nothing here resolves a
 * name, and nothing outside the schema in use is read.
 */
export class SchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;
  readonly #schemas: PostgresIntrospector;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
    this.#schemas = new PostgresIntrospector(db);
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.#schemas.getSchemas();
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as "table", c.relkind as table_type, ns.nspname as "schema",
        a.attname as "column", a.attnotnull as not_null, a.atthasdef as has_default,
        t.typname as "type", tns.nspname as type_schema,
        (a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) like 'nextval(%') as serial
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      left join pg_catalog.pg_attribute a
        on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_catalog.pg_type t on t.oid = a.atttypid
      left join pg_catalog.pg_namespace tns on tns.oid = t.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      if (
        !options.withInternalKyselyTables &&
        (r.table === 'kysely_migration' || r.table === 'kysely_migration_lock')
      )
        continue;
      let table = tables.get(r.table);
      if (!table) {
        table = { name: r.table, isView: r.table_type === 'v', schema: r.schema, columns: [] };
        tables.set(r.table, table);
      }
      if (r.column === null) continue;
      table.columns.push({
        name: r.column,
        dataType: r.type ?? '',
        dataTypeSchema: r.type_schema ?? undefined,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default === true,
        isAutoIncrementing: r.serial === true,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** Kysely's PostgreSQL dialect with the introspector above. */
export class SchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaIntrospector(db);
  }
}

/**
 * The dialect of a handle on one pinned connection (src/db/named-statements.ts): the transaction
 * on it is its owner's, so the handle refuses to open one of its own (its `begin` would be
 * ignored and its `commit` would end the owner's).
 */
export class PinnedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = () => {
      throw new Error(
        "A pinned connection runs its owner's transaction and opens none of its own.",
      );
    };
    return driver;
  }
}
