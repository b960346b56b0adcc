import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, sql } from 'kysely';
import type { DB } from './schema.js';
import { lazy } from '../kernel/lazy.js';
import { PinnedPostgresDialect, SchemaPostgresDialect } from './introspect.js';
import { namingPool, type PinnedConnection } from './named-statements.js';
import { statement } from './statements.js';

// Only the driver of the database in use is loaded (src/kernel/lazy.ts).
const sqliteDriver = lazy<typeof SQLite>('better-sqlite3');
const pgOnce = lazy<typeof pg>('pg');
/** pg returns int8/numeric as strings; counts and sequence numbers here fit in a double. */
const pgDriver = () => {
  const lib = pgOnce();
  lib.types.setTypeParser(20, (v) => Number(v));
  return lib;
};

export type Dialect = 'sqlite' | 'postgres';

/**
 * Where a database can be opened again by another thread (ledger verification reads long chains
 * in worker threads, src/kernel/verify-chain.ts). Absent for stores only this thread can reach
 * (an in-memory SQLite, PGlite).
 */
export type DatabaseSource =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; connectionString: string; options?: string };

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
  source?: DatabaseSource;
  /**
   * PostgreSQL: one connection of the pool for a transaction whose statements may go out
   * together (src/db/named-statements.ts, PinnedConnection); the group commit's.
   */
  pin?: () => Promise<PinnedConnection>;
}

/**
 * SQLite's default `begin` takes the write lock only at the first write, and a lock upgrade that
 * meets another writer fails at once instead of waiting. Every transaction here is a write, so
 * take the lock up front and let busy_timeout do the waiting.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: Parameters<SqliteDriver['beginTransaction']>[0]) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** A row of a raw statement made into an object keyed by the statement's column names. */
type RowMaker = (row: unknown[]) => Record<string, unknown>;

/**
 * A function that makes a row object from a raw row, written once per column list: better-sqlite3
 * builds each row object property by property through the V8 API, several times slower than an
 * object literal (a 50-row page of a 25-column table: about 0.5 ms against 0.15 ms). Same
 * object as better-sqlite3's: the columns in order, a later duplicate name wins.
 */
function rowMaker(names: readonly string[]): RowMaker {
  // `__proto__` in a literal would set the prototype: such a row is built property by property.
  if (names.includes('__proto__'))
    return (row) => {
      const o: Record<string, unknown> = {};
      names.forEach((n, i) =>
        Object.defineProperty(o, n, {
          value: row[i],
          enumerable: true,
          writable: true,
          configurable: true,
        }),
      );
      return o;
    };
  const fields = names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ');
  return new Function('r', `return { ${fields} };`) as RowMaker;
}

/**
 * A kept statement as Kysely's driver uses it (`reader`, `all`, `run`, `iterate`): a reader runs
 * in raw mode and its rows are made into objects by a row maker written for its columns.
 * The column names are read again when a row's length no longer matches them or after the
 * connection ran a schema change (SQLite re-prepares a kept statement by itself when the schema
 * changes under it: `select *` then has other columns).
 */
class KeptStatement {
  #names: string[] | null = null;
  #make: RowMaker | null = null;
  #schema = -1;
  constructor(
    readonly statement: SQLite.Statement,
    private readonly schemaChanges: () => number,
  ) {
    if (statement.reader) statement.raw(true);
  }
  get reader() {
    return this.statement.reader;
  }
  get busy() {
    return this.statement.busy;
  }
  #maker(width: number): RowMaker {
    if (!this.#make || this.#names!.length !== width || this.#schema !== this.schemaChanges()) {
      this.#schema = this.schemaChanges();
      this.#names = this.statement.columns().map((c) => c.name);
      this.#make = rowMaker(this.#names);
    }
    return this.#make;
  }
  all(...params: unknown[]): Record<string, unknown>[] {
    if (!this.statement.reader) return this.statement.all(...params) as Record<string, unknown>[];
    const rows = this.statement.all(...params) as unknown[][];
    if (rows.length === 0) return [];
    const make = this.#maker(rows[0]!.length);
    return rows.map(make);
  }
  run(...params: unknown[]) {
    return this.statement.run(...params);
  }
  *iterate(...params: unknown[]): IterableIterator<Record<string, unknown>> {
    if (!this.statement.reader) {
      yield* this.statement.iterate(...params) as IterableIterator<Record<string, unknown>>;
      return;
    }
    for (const row of this.statement.iterate(...params) as IterableIterator<unknown[]>)
      yield this.#maker(row.length)(row);
  }
}

/** Statements that change the schema: kept statements read their column names again after one. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/**
 * Kysely's SQLite driver prepares every statement on every call; preparing is a good share of a
 * short query's cost. The statements are kept by their SQL text (the most recently used 500), so
 * a query the app makes again runs the statement prepared the first time. The driver runs one
 * query at a time on its one connection; a statement still busy with an unfinished stream is
 * never handed out again. SQLite re-prepares a kept statement by itself when
 * the schema changes under it (a migration). Rows are read raw and made into objects by
 * KeptStatement.
 */
export function reusingStatements(handle: SQLite.Database, max = 500) {
  const kept = new Map<string, KeptStatement>();
  let schemaChanges = 0;
  const changes = () => schemaChanges;
  return {
    close: () => handle.close(),
    prepare(text: string): KeptStatement {
      if (SCHEMA_CHANGE.test(text)) schemaChanges++;
      let statement = kept.get(text);
      if (statement) kept.delete(text);
      // A statement still iterating (a stream not yet finished) gets a fresh twin.
      if (!statement || statement.busy)
        statement = new KeptStatement(handle.prepare(text), changes);
      kept.set(text, statement);
      if (kept.size > max) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

/** How a store is opened: `syncFull` makes SQLite fsync its WAL at every commit (AIMS_SYNC=full). */
export interface OpenOptions {
  syncFull?: boolean;
}

export function openSqlite(file: string, opts: OpenOptions = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const SQLiteDatabase = sqliteDriver();
  const handle = new SQLiteDatabase(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 10000');
  handle.pragma(opts.syncFull ? 'synchronous = FULL' : 'synchronous = NORMAL');
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: reusingStatements(handle) }),
  });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
    ...(file === ':memory:' ? {} : { source: { kind: 'sqlite', file: path.resolve(file) } }),
  };
}

/** Opens a pool's database; the fixed queries run as named statements (src/db/named-statements.ts). */
export function openPostgres(pool: pg.Pool, source?: DatabaseSource): Database {
  pgDriver();
  const naming = namingPool(
    pool,
    (one) => new Kysely<DB>({ dialect: new PinnedPostgresDialect({ pool: one }) }),
  );
  const db = new Kysely<DB>({ dialect: new SchemaPostgresDialect({ pool: naming }) });
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
    pin: () => naming.pin(),
    ...(source ? { source } : {}),
  };
}

/** Opens `sqlite:<path>` or `postgres://…` / `postgresql://…`. */
export function openDatabase(url: string, opts: OpenOptions = {}): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(new (pgDriver().Pool)({ connectionString: url, max: 20 }), {
      kind: 'postgres',
      connectionString: url,
    });
  }
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), opts);
  throw new Error(`AIMS_DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}

/** An organization's ledger head row: the chain's last event and the signature made with it. */
export interface HeadRow {
  seq: number;
  hash: string;
  signed_at: string | null;
  signature: string | null;
}

/**
 * Locks an organization's ledger head row for the rest of the transaction and returns it. On
 * PostgreSQL the row is locked FOR UPDATE; on SQLite `begin immediate` already serializes every
 * writer, of this process and of any other.
 */
export async function lockLedgerHead(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
): Promise<HeadRow | undefined> {
  const [row] = await (dialect === 'sqlite' ? readHead : readHeadForUpdate)(db, { orgId });
  return row;
}

/**
 * Locks the ledger heads of several organizations at once (PostgreSQL: one statement, the rows
 * locked in the order of their ids, so that two such calls never wait for each other in a cycle;
 * SQLite: its transaction already holds the one write lock).
 */
export async function lockLedgerHeads(db: Kysely<DB>, dialect: Dialect, orgIds: string[]) {
  if (orgIds.length === 0) return;
  if (dialect === 'sqlite') {
    for (const orgId of orgIds) await lockLedgerHead(db, dialect, orgId);
    return;
  }
  if (orgIds.length === 1) {
    await lockLedgerHead(db, dialect, orgIds[0]!);
    return;
  }
  await db
    .selectFrom('ledger_heads')
    .select('org_id')
    .where('org_id', 'in', orgIds)
    .orderBy('org_id')
    .forUpdate()
    .execute();
}

/**
 * PostgreSQL's deadlock_detected and serialization_failure: the transaction failed because of
 * another one, not because of what it did, and may be run again.
 */
export function isRetryable(e: unknown) {
  const code = e && typeof e === 'object' && 'code' in e ? e.code : undefined;
  return code === '40P01' || code === '40001';
}

const readHead = statement(['orgId'], (db, p) =>
  db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', p.orgId),
);
const readHeadForUpdate = statement(['orgId'], (db, p) =>
  db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', p.orgId)
    .forUpdate(),
);

/**
 * Serializes a transaction with every other that takes this lock, across processes: on SQLite
 * `begin immediate` already does; on PostgreSQL a transaction-scoped advisory lock.
 */
export async function lockInstance(db: Kysely<DB>, dialect: Dialect) {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(4242001)`.execute(db);
}

/**
 * A text sort key that orders the same on both stores: case-folded, nulls as empty, and on
 * PostgreSQL byte order ("C") rather than the server locale's collation.
 */
export function sortKey(dialect: Dialect, column: string) {
  return dialect === 'postgres'
    ? sql`lower(coalesce(${sql.ref(column)}, '')) collate "C"`
    : sql`lower(coalesce(${sql.ref(column)}, ''))`;
}
