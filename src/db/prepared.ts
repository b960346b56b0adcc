import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { nameStatement } from './named-statements.js';
import type { DB } from './schema.js';

/**
 * A query built and compiled once per database handle, then run again with other values: Kysely
 * otherwise builds and compiles the same query (its operation tree, then its SQL) on every call,
 * a good share of a short request's time.
 *
 * `build` receives, for each named parameter, a marker value; it must use each one as a plain
 * value (`where(col, '=', p.x)`), never to decide the query's shape, and the query's shape must
 * not depend on anything else that changes. The compiled SQL keeps its placeholders; each call
 * puts the values where the markers were. A marker that does not come out as a parameter (the
 * builder put it in the SQL text, or dropped it) is refused at the first call.
 *
 * Within a transaction (a new Kysely handle each time) the query is compiled for that handle, as
 * before, so statements and transactions behave exactly as a built query's.
 */
export function prepared<K extends string, R>(
  keys: readonly K[],
  build: (db: Kysely<DB>, p: Record<K, string>) => Compilable<R>,
) {
  const markers = Object.fromEntries(keys.map((k) => [k, `\u0000aims-param:${k}\u0000`])) as Record<
    K,
    string
  >;
  const byMarker = new Map<unknown, K>(keys.map((k) => [markers[k], k]));
  const compiled = new WeakMap<Kysely<DB>, { query: CompiledQuery<R>; slots: (K | null)[] }>();
  const compile = (db: Kysely<DB>) => {
    const query = build(db, markers).compile();
    const slots = query.parameters.map((v) => byMarker.get(v) ?? null);
    for (const k of keys)
      if (!slots.includes(k) || query.sql.includes(markers[k]))
        throw new Error(`prepared query: parameter ${k} is not a plain value of the query`);
    // One text per fixed query: PostgreSQL keeps it prepared (src/db/named-statements.ts).
    nameStatement(query.sql);
    const entry = { query, slots };
    compiled.set(db, entry);
    return entry;
  };
  return async (db: Kysely<DB>, values: Record<K, unknown>): Promise<R[]> => {
    const { query, slots } = compiled.get(db) ?? compile(db);
    const parameters = query.parameters.map((v, i) => {
      const k = slots[i];
      return k === null || k === undefined ? v : values[k];
    });
    const { rows } = await db.executeQuery<R>({ ...query, parameters });
    return rows;
  };
}
