import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  CompiledQuery,
  type Kysely,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import type { DB } from './schema.js';

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

/** Sends a text as Kysely's driver would, under its name when it has one (see `nameFor`). */
function sendText(client: pg.PoolClient, text: string, parameters?: readonly unknown[]) {
  const values = parameters ? [...parameters] : [];
  const name = nameFor(text);
  if (name === undefined) return client.query(text, values) as unknown as Promise<Rows>;
  return runNamed(client, text, name, values);
}

/** A pooled client as Kysely's driver uses it, sending the registered texts under their name. */
function namingClient(client: pg.PoolClient): PostgresPoolClient {
  function query(textOrCursor: string | PostgresCursor<unknown>, parameters?: readonly unknown[]) {
    if (typeof textOrCursor !== 'string')
      return client.query(textOrCursor as unknown as pg.Submittable);
    return sendText(client, textOrCursor, parameters);
  }
  return {
    query: query as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}

/**
 * One pooled connection held by its user until `release`, for a transaction whose statements
 * need not wait for each other's answers (src/kernel/group-commit.ts). Its client runs in pg's
 * pipeline mode: `send` writes several statements in one go and PostgreSQL answers them in order,
 * one round trip for all. Inside a transaction, a statement after a failed one fails too (the
 * transaction is aborted), and a `commit` after it answers ROLLBACK.
 */
export interface PinnedConnection {
  /** Queries on this connection only. It refuses to open a transaction of its own. */
  db: Kysely<DB>;
  /**
   * Writes the statements (SQL texts without parameters, or compiled queries) in this order, in
   * one write, without waiting for any answer; one promise per statement. `hold`: the write waits
   * for the next query made on `db` and goes with it (or, if none comes, for the end of this turn
   * of the event loop).
   */
  send(statements: readonly (string | CompiledQuery)[], hold?: boolean): Promise<Rows>[];
  /**
   * Runs `fn` with every query it makes on `db` kept back instead of sent (each answers at once
   * with no rows): what it would have sent, in order, to `send` later. `fn` must not use what
   * its queries answer.
   */
  record(fn: () => Promise<unknown>): Promise<CompiledQuery[]>;
  /** Gives the connection back to the pool; `broken`: destroyed instead (it is in an unknown state). */
  release(broken: boolean): void;
}

/** A Kysely handle on one connection (a pool of that one client, never let go). */
export type PinnedDb = (pool: PostgresPool) => Kysely<DB>;

function pinnedConnection(client: pg.PoolClient, makeDb: PinnedDb): PinnedConnection {
  let recording: CompiledQuery[] | null = null;
  /** Whether a write is held (corked) for the next query made on `db`. */
  let holding = false;
  const kept: PostgresPoolClient = {
    query: ((text: string | PostgresCursor<unknown>, parameters?: readonly unknown[]) => {
      if (typeof text !== 'string') return client.query(text as unknown as pg.Submittable);
      if (recording) {
        recording.push(CompiledQuery.raw(text, parameters ? [...parameters] : []));
        return Promise.resolve({ command: 'RECORDED', rowCount: 0, rows: [] });
      }
      const sent = sendText(client, text, parameters);
      // A held write (`send` with `hold`) goes with this query.
      if (holding) {
        holding = false;
        uncork();
      }
      return sent;
    }) as PostgresPoolClient['query'],
    release: () => undefined,
  };
  const db = makeDb({ connect: () => Promise.resolve(kept), end: () => Promise.resolve() });
  // pg's Connection writes to this socket; corked, several statements go in one write. (Not
  // every stream pg may be given can be corked: PGlite's cannot.)
  const stream = (client as unknown as { connection: { stream: Partial<Corkable> } }).connection
    .stream;
  const cork = () => stream.cork?.();
  const uncork = () => stream.uncork?.();
  return {
    db,
    send(statements, hold = false) {
      cork();
      try {
        return statements.map((s) =>
          typeof s === 'string'
            ? (client.query(s) as unknown as Promise<Rows>)
            : sendText(client, s.sql, s.parameters),
        );
      } finally {
        if (!hold) uncork();
        else {
          holding = true;
          setImmediate(() => {
            if (!holding) return;
            holding = false;
            uncork();
          });
        }
      }
    },
    async record(fn) {
      const list: CompiledQuery[] = [];
      recording = list;
      try {
        await fn();
      } finally {
        recording = null;
      }
      return list;
    },
    release: (broken) => client.release(broken),
  };
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * The pool as Kysely's PostgresDialect sees it: the same clients, each behind one wrapper (the
 * driver keeps its connection objects by client) that names the fixed queries. `pin` hands out a
 * connection for one transaction of the group commit, in pipeline mode (PinnedConnection).
 */
export function namingPool(pool: pg.Pool, makeDb: PinnedDb) {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const pinned = new WeakMap<pg.PoolClient, PinnedConnection>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) wrappers.set(client, (w = namingClient(client)));
      return w;
    },
    end: () => pool.end(),
    async pin(): Promise<PinnedConnection> {
      const client = await pool.connect();
      let p = pinned.get(client);
      if (!p) {
        // Idle (just taken from the pool): pg lets the mode change then. Every later user of
        // the client gets the same answers in the same order; only statements sent without
        // waiting go out together.
        (client as unknown as { pipeline: boolean }).pipeline = true;
        pinned.set(client, (p = pinnedConnection(client, makeDb)));
      }
      return p;
    },
  };
}
