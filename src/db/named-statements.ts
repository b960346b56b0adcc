import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Named prepared statements on PostgreSQL for the fixed queries (those compiled once by
 * `statement` and `prepared`, src/db/statements.ts and src/db/prepared.ts) and for the texts
 * that repeat. Kysely's driver sends
 * every query unnamed, so PostgreSQL parses, analyzes and plans it on every call: for the one
 * query of a request answered from the response cache (the credential with the organization)
 * that was most of the server's work. Sent under a name, each connection parses it once and
 * runs it again with new values (after five runs PostgreSQL may keep a generic plan as well).
 *
 * Texts registered here are named from their first run: a bounded set, fixed by the code (one
 * per fixed query and dialect). Other parameterized texts are named once they have run
 * AUTO_AFTER times in this process (the queries that Kysely builds anew on each call but with
 * the same text: a command's inserts, the membership read), up to AUTO_MAX such texts, as
 * PostgreSQL's own JDBC driver does by default; SQL without parameters, and text that holds
 * more than one statement, is never named. Each connection so keeps at most the registered texts
 * and AUTO_MAX others. The name is a digest of the text, so a name always stands for the same
 * text on every connection and in every process.
 *
 * A schema change can make a kept statement's result columns differ (`select *` after a column
 * is added): PostgreSQL then refuses it ("cached plan must not change result type"). The text
 * is then given a new name (the next generation), which every connection prepares afresh, and
 * the query is sent again under it when the connection is not inside a transaction; inside
 * one, the transaction has failed and the error goes to its caller, like every other failed query.
 */
const names = new Map<string, string>();
const generations = new Map<string, number>();

const nameOf = (text: string, generation: number) =>
  `aims_${createHash('sha1').update(text).digest('hex').slice(0, 24)}${generation ? `_${generation}` : ''}`;

/** Registers the SQL text of a fixed query: on PostgreSQL it runs as a named statement. */
export function nameStatement(text: string): void {
  if (!names.has(text)) names.set(text, nameOf(text, generations.get(text) ?? 0));
}

/** The name a fixed query's text is sent under now, or undefined (an unnamed query). */
export const statementName = (text: string): string | undefined => names.get(text);

/** A parameterized text is named after this many runs in this process. */
export const AUTO_AFTER = 5;
/** At most this many texts are named that way (registered ones do not count). */
export const AUTO_MAX = 256;
/** Runs counted of texts not (yet) named; forgotten all at once when it holds this many. */
const COUNTED_MAX = 10_000;
const runs = new Map<string, number>();
let autoNamed = 0;

/**
 * Whether a text may be named when it repeats: it has parameters (a text without any is usually
 * ad-hoc, its values written in) and is one statement (a prepared statement holds one).
 */
const nameable = (text: string) => text.includes('$1') && !text.includes(';');

/** The name to send a text under: registered, or named now that it has run often enough. */
function nameFor(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined || autoNamed >= AUTO_MAX || !nameable(text)) return name;
  const n = (runs.get(text) ?? 0) + 1;
  if (n < AUTO_AFTER) {
    if (runs.size >= COUNTED_MAX) runs.clear();
    runs.set(text, n);
    return undefined;
  }
  runs.delete(text);
  autoNamed++;
  nameStatement(text);
  return names.get(text);
}

/** Whether PostgreSQL refused a kept statement because its result columns changed. */
const staleResultType = (e: unknown) =>
  e instanceof Error &&
  (e as { code?: unknown }).code === '0A000' &&
  /cached plan must not change result type/.test(e.message);

/** Moves a text to the next name, unless another call already did. */
function renew(text: string, stale: string) {
  if (names.get(text) !== stale) return;
  const next = (generations.get(text) ?? 0) + 1;
  generations.set(text, next);
  names.set(text, nameOf(text, next));
}

type Rows = PostgresQueryResult<unknown>;

/**
 * Whether the server already holds a statement of that name that this client did not prepare (a
 * connection pooler that hands one server connection to several clients, without support for
 * named statements). Outside a transaction the query is then sent unnamed.
 */
const alreadyPrepared = (e: unknown) =>
  e instanceof Error && (e as { code?: unknown }).code === '42P05';

async function runNamed(client: pg.PoolClient, text: string, name: string, values: unknown[]) {
  try {
    return (await client.query({ name, text, values })) as unknown as Rows;
  } catch (e) {
    if (alreadyPrepared(e) && client.getTransactionStatus() === 'I')
      return (await client.query(text, values)) as unknown as Rows;
    if (!staleResultType(e)) throw e;
    renew(text, name);
    // Outside a transaction the failed statement changed nothing: send it again.
    if (client.getTransactionStatus() !== 'I') throw e;
    return (await client.query({ name: names.get(text)!, text, values })) as unknown as Rows;
  }
}

/** A pooled client as Kysely's driver uses it, sending the registered texts under their name. */
function namingClient(client: pg.PoolClient): PostgresPoolClient {
  function query(textOrCursor: string | PostgresCursor<unknown>, parameters?: readonly unknown[]) {
    if (typeof textOrCursor !== 'string')
      return client.query(textOrCursor as unknown as pg.Submittable);
    const values = parameters ? [...parameters] : [];
    const name = nameFor(textOrCursor);
    if (name === undefined) return client.query(textOrCursor, values) as unknown as Promise<Rows>;
    return runNamed(client, textOrCursor, name, values);
  }
  return {
    query: query as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}

/**
 * The pool as Kysely's PostgresDialect sees it: the same clients, each behind one wrapper (the
 * driver keeps its connection objects by client) that names the fixed queries.
 */
export function namingPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) wrappers.set(client, (w = namingClient(client)));
      return w;
    },
    end: () => pool.end(),
  };
}
