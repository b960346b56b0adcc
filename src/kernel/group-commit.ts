import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import type { KeyStore } from './keys.js';
import { BatchHeads, type NewHead } from './ledger.js';
import { sealCommitted } from './seal.js';

/** What one command left inside the shared transaction: its answer, its new heads, its wake-ups. */
export interface Written<O> {
  value: O;
  heads: Map<string, NewHead>;
  committed: (() => void)[];
}

/** A command's work inside the shared transaction; `heads` holds the chain heads it moves. */
export type JobBody<O> = (trx: Kysely<DB>, heads: BatchHeads) => Promise<Written<O>>;

interface Job {
  body: JobBody<unknown>;
  resolve: (w: Written<unknown>) => void;
  reject: (e: unknown) => void;
}

type Done = { job: Job; written: Written<unknown> };

interface Queue {
  waiting: Job[];
  busy: boolean;
}

/** At most this many commands share one transaction, so reads waiting for the store get a turn. */
export const MAX_BATCH = 64;

const SAVEPOINT = CompiledQuery.raw('savepoint aims_command');
const RELEASE = CompiledQuery.raw('release savepoint aims_command');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint aims_command');

const queues = new WeakMap<Database, Map<string, Queue>>();

/**
 * Group commit. Commands of one queue (on SQLite: the whole store, which has one writer; on
 * PostgreSQL: one organization, whose head row lock serializes them anyway) that arrive while a
 * transaction of that queue is open run one after the other inside it, each but the first in a
 * savepoint of its own: one that fails rolls back to its savepoint and answers its own error, the
 * others go on. The transaction then commits once, the newest head of each organization touched
 * is appended to its head log once (`sealCommitted`: one signed line per organization), and only
 * then does any command of the batch answer. A command that arrives when the queue is idle starts
 * a transaction at once and, alone, runs exactly as a single transaction did: no savepoint.
 */
export function commitInGroup<O>(
  database: Database,
  keys: KeyStore,
  key: string,
  body: JobBody<O>,
): Promise<Written<O>> {
  let byKey = queues.get(database);
  if (!byKey) queues.set(database, (byKey = new Map()));
  let q = byKey.get(key);
  if (!q) byKey.set(key, (q = { waiting: [], busy: false }));
  const queue = q;
  const map = byKey;
  return new Promise<Written<O>>((resolve, reject) => {
    queue.waiting.push({ body, resolve: resolve as Job['resolve'], reject });
    kick(database, keys, map, key, queue);
  });
}

/**
 * Drains the queue unless it is being drained. A command answered by the last batch may queue
 * its next one after the drain saw the queue empty and before it let go: the drain then starts
 * again rather than leave that command waiting for nobody.
 */
function kick(
  database: Database,
  keys: KeyStore,
  map: Map<string, Queue>,
  key: string,
  queue: Queue,
) {
  if (queue.busy) return;
  queue.busy = true;
  void drain(database, keys, queue).finally(() => {
    queue.busy = false;
    if (queue.waiting.length > 0) kick(database, keys, map, key, queue);
    else if (map.get(key) === queue) map.delete(key);
  });
}

async function drain(database: Database, keys: KeyStore, q: Queue) {
  while (q.waiting.length > 0) await oneBatch(database, keys, q);
}

/** One transaction: as many waiting commands as arrive while it is open (up to MAX_BATCH). */
async function oneBatch(database: Database, keys: KeyStore, q: Queue) {
  const done: Done[] = [];
  let current: Job | undefined;
  try {
    await database.db.transaction().execute(async (trx) => {
      const heads = new BatchHeads();
      while (q.waiting.length > 0 && done.length < MAX_BATCH) {
        const job = q.waiting.shift()!;
        current = job;
        if (done.length === 0) {
          // Alone so far: an error rolls the whole transaction back, which holds nothing else.
          done.push({ job, written: await job.body(trx, heads) });
        } else {
          await trx.executeQuery(SAVEPOINT);
          const mark = heads.mark();
          let written: Written<unknown>;
          try {
            written = await job.body(trx, heads);
          } catch (e) {
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            heads.restore(mark);
            current = undefined;
            job.reject(e);
            continue;
          }
          await trx.executeQuery(RELEASE);
          done.push({ job, written });
        }
        current = undefined;
      }
      // One head row per organization, signed, covering the events of every command above.
      await heads.write(trx, keys);
    });
  } catch (e) {
    // The command that threw (when it ran first), or the commit (or a rollback to a savepoint)
    // failed: nothing of the batch was committed.
    current?.reject(e);
    for (const d of done) if (d.job !== current) d.job.reject(e);
    return;
  }
  if (database.dialect === 'sqlite') deferSeal(database, keys, done);
  else await sealAndAnswer(database, keys, done);
}

const unsealed = new WeakMap<Database, Done[]>();

/**
 * On SQLite a command runs from start to commit without giving the event loop a turn (the driver
 * is synchronous), so commands that come over HTTP hardly ever meet in one transaction. Their
 * heads still meet: the batches committed in one turn of the event loop are sealed together at
 * its end (setImmediate), one head-log line per organization, and only then do they answer.
 */
function deferSeal(database: Database, keys: KeyStore, done: Done[]) {
  const list = unsealed.get(database);
  if (list) {
    list.push(...done);
    return;
  }
  unsealed.set(database, [...done]);
  setImmediate(() => {
    const all = unsealed.get(database)!;
    unsealed.delete(database);
    sealAndAnswer(database, keys, all).catch((e: unknown) => {
      for (const d of all) d.job.reject(e);
    });
  });
}

/**
 * After the batch's commit: the newest head of each organization appended to its log, then each
 * command answers. A command whose organization's head could not be appended answers that error
 * (its change is committed, and recovery or the next append signs it, as for a single command).
 */
async function sealAndAnswer(database: Database, keys: KeyStore, done: Done[]) {
  const newest = new Map<string, NewHead>();
  for (const { written } of done)
    for (const [orgId, h] of written.heads) {
      const seen = newest.get(orgId);
      if (!seen || h.seq > seen.seq) newest.set(orgId, h);
    }
  const failed = new Map<string, unknown>();
  for (const [orgId, h] of newest) {
    try {
      await sealCommitted(database, keys, new Map([[orgId, h]]));
    } catch (e) {
      failed.set(orgId, e);
    }
  }
  // AIMS_SYNC=full: the lines on disk before anyone is answered (one fdatasync per log touched).
  try {
    await keys.heads.flush();
  } catch (e) {
    for (const orgId of newest.keys()) if (!failed.has(orgId)) failed.set(orgId, e);
  }
  for (const { job, written } of done) {
    const error = [...written.heads.keys()].find((orgId) => failed.has(orgId));
    if (error !== undefined) {
      job.reject(failed.get(error));
      continue;
    }
    for (const fn of written.committed) {
      try {
        fn();
      } catch {
        // The committed rows are what counts; a missed wake-up is made good by polling.
      }
    }
    job.resolve(written);
  }
}
