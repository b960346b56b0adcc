import pg from 'pg';

/** A query as a pg client sent it. */
export interface SentQuery {
  text: string;
  values: readonly unknown[] | undefined;
  /** The client that sent it. */
  client: pg.Client;
  /**
   * Whether the client had queries in flight (sent or queued, not yet answered) when this one
   * was made: false when it starts a round trip of its own.
   */
  behind: boolean;
}

/** pg's queues of a client: the query being answered, the ones queued, the ones sent ahead. */
interface ClientQueues {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  _sentQueryQueue?: unknown[];
}

/**
 * Records every query a pg client sends (its text and values) and the code of every error a query
 * meets, from now until `stop()`. Every PostgreSQL store of the tests goes through pg.Client: a
 * real server, and PGlite through its node-postgres adapter.
 */
export function watchQueries() {
  const sent: SentQuery[] = [];
  const errorCodes: unknown[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] };
    const c = this as unknown as ClientQueues;
    const behind = Boolean(c._activeQuery || c._queryQueue?.length || c._sentQueryQueue?.length);
    sent.push(
      typeof q === 'string'
        ? { text: q, values: args[1] as unknown[] | undefined, client: this, behind }
        : { text: q.text ?? '', values: q.values, client: this, behind },
    );
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise)
      result.catch((e: unknown) => errorCodes.push((e as { code?: unknown }).code));
    return result;
  } as typeof query;
  return {
    sent,
    errorCodes,
    /** The texts sent so far. */
    texts: () => sent.map((s) => s.text),
    stop() {
      pg.Client.prototype.query = query;
    },
  };
}
