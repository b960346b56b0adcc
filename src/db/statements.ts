import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { nameStatement } from './named-statements.js';
import type { DB } from './schema.js';

/**
 * Queries of the write path compiled once per database, then run again with other values, also
 * inside transactions: Kysely otherwise builds and compiles the same query (its operation tree,
 * then its SQL) on every call. (`prepared` in src/db/prepared.ts keeps one compiled query per
 * Kysely handle, so inside a transaction, a new handle each time, it compiles on every call.)
 *
 * The compiled SQL depends only on the database's dialect, which a transaction shares with the
 * handle it was opened from; so the compiled query is kept per adapter (one per database handle,
 * the same object for each of its transactions) and runs on whichever handle the caller passes.
 *
 * `build` receives, for each named parameter, a marker value; it must use each one as a plain
 * value, never to decide the query's shape. A marker that does not come out as a parameter is
 * refused at the first call. Same SQL, same results as the built query.
 */
interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each parameter of the compiled query, the name it takes its value from, or null. */
  slots: (string | null)[];
}

const marker = (k: string) => `\u0000aims-statement:${k}\u0000`;

/** The object a database handle and all its transactions share: its dialect's adapter. */
const databaseOf = (db: Kysely<DB>): object => db.getExecutor().adapter;

function compile<R>(
  db: Kysely<DB>,
  keys: readonly string[],
  build: (db: Kysely<DB>, p: Record<string, string>) => Compilable<R>,
): Compiled<R> {
  const markers = Object.fromEntries(keys.map((k) => [k, marker(k)]));
  const byMarker = new Map<unknown, string>(keys.map((k) => [markers[k], k]));
  const query = build(db, markers).compile();
  const slots = query.parameters.map((v) => byMarker.get(v) ?? null);
  for (const k of keys)
    if (!slots.includes(k) || query.sql.includes(marker(k)))
      throw new Error(`statement: parameter ${k} is not a plain value of the query`);
  return { query, slots };
}

async function runCompiled<R>(
  db: Kysely<DB>,
  { query, slots }: Compiled<R>,
  values: Record<string, unknown>,
): Promise<R[]> {
  const parameters = query.parameters.map((v, i) => {
    const k = slots[i];
    return k === null || k === undefined ? v : values[k];
  });
  const { rows } = await db.executeQuery<R>({ ...query, parameters });
  return rows;
}

/** One fixed query: compiled at its first call on a database, reused by every later call. */
export function statement<K extends string, R>(
  keys: readonly K[],
  build: (db: Kysely<DB>, p: Record<K, string>) => Compilable<R>,
) {
  const kept = new WeakMap<object, Compiled<R>>();
  return async (db: Kysely<DB>, values: Record<K, unknown>): Promise<R[]> => {
    const at = databaseOf(db);
    let c = kept.get(at);
    if (!c) {
      kept.set(at, (c = compile(db, keys, build as never)));
      // One text per fixed query: PostgreSQL keeps it prepared (src/db/named-statements.ts).
      nameStatement(c.query.sql);
    }
    return runCompiled(db, c, values);
  };
}

/** At most this many shapes of one family are kept per database (tables × column lists). */
const FAMILY_MAX = 2000;

/**
 * A family of queries whose shape depends on a few names (a table and its column list): each
 * shape is compiled once per database, keyed by `shape`, and its parameters named by `keys`.
 */
export function statementFamily<S, R>(
  shape: (s: S) => string,
  keys: (s: S) => readonly string[],
  build: (db: Kysely<DB>, s: S, p: Record<string, string>) => Compilable<R>,
) {
  const kept = new WeakMap<object, Map<string, Compiled<R>>>();
  return async (db: Kysely<DB>, s: S, values: Record<string, unknown>): Promise<R[]> => {
    const at = databaseOf(db);
    let byShape = kept.get(at);
    if (!byShape) kept.set(at, (byShape = new Map()));
    const key = shape(s);
    let c = byShape.get(key);
    if (!c) {
      c = compile(db, keys(s), (d, p) => build(d, s, p));
      if (byShape.size >= FAMILY_MAX) byShape.clear();
      byShape.set(key, c);
    }
    return runCompiled(db, c, values);
  };
}

/**
 * Whether a value goes into a query as a plain parameter, as Kysely would bind it: text, a
 * number, a boolean, null. Anything else (an expression, a Date, a Buffer, an array) is left to
 * the query builder.
 */
export const isPlainValue = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
