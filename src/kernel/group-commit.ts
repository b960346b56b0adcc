import { CompiledQuery, type Kysely } from 'kysely';
import { isRetryable, type Database } from '../db/connect.js';
import { beginLocking, type HeldLock } from '../db/head-locks.js';
import type { PinnedConnection } from '../db/named-statements.js';
import type { DB } from '../db/schema.js';
import type { KeyStore } from './keys.js';
import { BatchHeads, type NewHead } from './ledger.js';
import { Lanes } from './lanes.js';
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
  /** The organization whose head the body locks first, if any. */
  orgId: string | undefined;
  resolve: (w: Written<unknown>) => void;
  reject: (e: unknown) => void;
  /** How many times its batch was rolled back by a deadlock or a serialization failure. */
  tries: number;
}

type Done = { job: Job; written: Written<unknown> };

interface Queue {
  waiting: Job[];
  busy: boolean;
  /**
   * The next batch runs each command after its first in a savepoint (set when a batch run
   * without them met a failing command). On SQLite every batch does.
   */
  careful: boolean;
}

/**
 * Thrown inside a batch run without savepoints when a command other than its first fails: the
 * transaction rolls back, and the batch runs again with savepoints (see `oneBatch`).
 */
class RunAgainCarefully extends Error {}

/** At most this many commands share one transaction, so reads waiting for the store get a turn. */
export const MAX_BATCH = 64;

const SAVEPOINT = CompiledQuery.raw('savepoint aims_command');
const RELEASE = CompiledQuery.raw('release savepoint aims_command');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint aims_command');

const queues = new WeakMap<Database, Map<string, Queue>>();
const lanes = new WeakMap<Database, Lanes>();

/** How many times a batch is run again after a deadlock or a serialization failure. */
export const MAX_RETRIES = 10;

/** Sets how many lanes the organizations' commands share on this database (PostgreSQL). */
export function setWriteLanes(database: Database, count: number) {
  lanes.set(database, new Lanes(count));
}

/** How many lanes the organizations' commands share on this database. */
export const writeLaneCount = (database: Database) => lanesOf(database).count;

function lanesOf(database: Database) {
  let l = lanes.get(database);
  if (!l) lanes.set(database, (l = new Lanes()));
  return l;
}

/**
 * Runs a command's body in a group commit. On SQLite every command of the store shares one queue
 * (one writer). On PostgreSQL the commands of organizations are spread over a few lanes
 * (src/kernel/lanes.ts), each a queue, so that commands of different organizations share a
 * transaction; commands of no organization have a queue of their own.
 */
export function commitCommand<O>(
  database: Database,
  keys: KeyStore,
  orgId: string | undefined,
  body: JobBody<O>,
): Promise<Written<O>> {
  if (database.dialect === 'sqlite' || orgId === undefined)
    return commitInGroup(database, keys, '', orgId, body);
  const l = lanesOf(database);
  const lane = l.take(orgId);
  return commitInGroup(database, keys, `lane ${lane}`, orgId, body).finally(() => l.release(orgId));
}

/**
 * Group commit. Commands of one queue (on SQLite: the whole store, which has one writer; on
 * PostgreSQL: one lane, see `commitCommand`) that arrive while a transaction of that queue is
 * open run one after the other inside it, each but the first in a savepoint of its own: one that
 * fails rolls back to its savepoint and answers its own error, the others go on (on PostgreSQL
 * the savepoints are taken only once a batch without them met a failure: see `oneBatch`). The
 * transaction then commits once, the newest head of each organization touched is appended to
 * its head log once (`sealCommitted`: one signed line per organization), and only then does any
 * command of the batch answer. A command that arrives when the queue is idle starts a transaction at once and,
 * alone, runs exactly as a single transaction did: no savepoint. A deadlock or a serialization
 * failure (another process locked the same organizations in another order) rolls the whole
 * batch back, and its commands run again in a fresh transaction: nothing of a body has effect
 * outside its transaction before the commit.
 */
export function commitInGroup<O>(
  database: Database,
  keys: KeyStore,
  key: string,
  orgId: string | undefined,
  body: JobBody<O>,
): Promise<Written<O>> {
  let byKey = queues.get(database);
  if (!byKey) queues.set(database, (byKey = new Map()));
  let q = byKey.get(key);
  if (!q) byKey.set(key, (q = { waiting: [], busy: false, careful: false }));
  const queue = q;
  const map = byKey;
  return new Promise<Written<O>>((resolve, reject) => {
    queue.waiting.push({ body, orgId, resolve: resolve as Job['resolve'], reject, tries: 0 });
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
  // SQLite: the batch opens at the end of this turn of the event loop, so that the commands of
  // every request read in this turn share it (see `gather`).
  const drained =
    database.dialect === 'sqlite'
      ? gather().then(() => drain(database, keys, queue))
      : drain(database, keys, queue);
  void drained.finally(() => {
    queue.busy = false;
    if (queue.waiting.length > 0) kick(database, keys, map, key, queue);
    else if (map.get(key) === queue) map.delete(key);
  });
}

/**
 * On SQLite a command runs from its start to its commit without giving the event loop a turn
 * (the driver is synchronous), so a batch opened at once would hold only the command that opened
 * it: the requests read from their sockets in the same turn would each run their own transaction
 * (their own BEGIN, head row lock, chain check, signature and COMMIT). Opening it at the end of
 * the turn (setImmediate runs after the poll phase that read them) lets all of them join it, at
 * the cost of one turn's wait for a command that comes alone.
 */
const gather = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drain(database: Database, keys: KeyStore, q: Queue) {
  while (q.waiting.length > 0) await oneBatch(database, keys, q);
}

/**
 * Whether a command may join a batch that already holds head rows: on PostgreSQL its
 * organization's head is locked now unless another transaction holds it (a command of another
 * process, or a head-log append). A batch never waits for a head row while it holds others, so
 * two processes' batches, which take their organizations in the order their commands came, never
 * wait for each other in a cycle (PostgreSQL would find the deadlock only after deadlock_timeout,
 * a second by default, and roll one back). The command that opens a batch holds nothing yet and
 * waits for its head as a single transaction does.
 */
async function joinable(
  trx: Kysely<DB>,
  keys: KeyStore,
  heads: BatchHeads,
  job: Job,
  next: readonly Job[],
) {
  if (heads.dialect === 'sqlite' || job.orgId === undefined || heads.head(job.orgId)) return true;
  if (heads.refused(job.orgId)) return false;
  // The heads of the commands queued behind it are tried at the same time: on the batch's
  // pinned connection the statements go out together, one round trip for all.
  const orgIds = new Set([job.orgId]);
  for (const j of next)
    if (j.orgId !== undefined && !heads.head(j.orgId) && !heads.refused(j.orgId))
      orgIds.add(j.orgId);
  await Promise.all([...orgIds].map((orgId) => heads.tryLock(trx, keys, orgId)));
  return heads.head(job.orgId) !== null;
}

/** A pause before running a batch again, longer with each try, random so two processes part. */
const backoff = (tries: number) =>
  new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(tries, 10)));

/**
 * One transaction: as many waiting commands as arrive while it is open (up to MAX_BATCH).
 *
 * On PostgreSQL a savepoint is a round trip of its own, and commands rarely fail once they reach
 * their transaction (their input is checked and authorized before), so a batch first runs its
 * commands without savepoints. When one after the first fails, the whole transaction rolls back
 * and the same commands run again, first in the queue and in their order, in a batch that gives
 * each its savepoint: every command then answers what it would have answered in that batch from
 * the start (the one that failed answers the error it meets then), and nothing of the first try
 * remains. A body runs again only as a deadlock's retry already runs it: nothing of it has effect
 * outside its transaction before the commit.
 */
async function oneBatch(database: Database, keys: KeyStore, q: Queue) {
  const done: Done[] = [];
  let current: Job | undefined;
  const careful = database.dialect === 'sqlite' || q.careful;
  q.careful = false;
  let held: HeldLock | undefined;
  // The batch's commands, run in its transaction one after the other.
  const fill = async (trx: Kysely<DB>, heads: BatchHeads) => {
    // Without savepoints, a batch's events go in together before its head rows are written;
    // an organization's are put in before another command of it runs (it may read them).
    heads.deferEvents = !careful;
    while (q.waiting.length > 0 && done.length < MAX_BATCH) {
      const job = q.waiting.shift()!;
      const next = q.waiting.slice(0, MAX_BATCH - done.length - 1);
      if (done.length > 0 && !(await joinable(trx, keys, heads, job, next))) {
        // Its head is another transaction's: it waits for it first in the next batch.
        q.waiting.unshift(job);
        break;
      }
      current = job;
      if (done.length === 0) {
        // Alone so far: an error rolls the whole transaction back, which holds nothing else.
        done.push({ job, written: await job.body(trx, heads) });
      } else if (!careful) {
        let written: Written<unknown>;
        try {
          await heads.insertDeferred(trx, job.orgId);
          written = await job.body(trx, heads);
        } catch (e) {
          if (isRetryable(e)) throw e;
          throw new RunAgainCarefully();
        }
        done.push({ job, written });
      } else {
        await trx.executeQuery(SAVEPOINT);
        const mark = heads.mark();
        let written: Written<unknown>;
        try {
          written = await job.body(trx, heads);
        } catch (e) {
          // The whole batch runs again: rolled back to the savepoint, the locks this
          // command took are let go, but the others' stay, and the deadlock may come back.
          if (isRetryable(e)) throw e;
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          heads.restore(mark);
          current = undefined;
          job.reject(e);
          continue;
        }
        // On PostgreSQL the savepoint is left in place: the commit keeps it all the same, a
        // later command's savepoint of the same name stacks on it (a rollback goes to the
        // newest), and one round trip is saved. (A released savepoint's subtransaction stays
        // in the transaction anyway.)
        if (database.dialect === 'sqlite') await trx.executeQuery(RELEASE);
        done.push({ job, written });
      }
      current = undefined;
    }
  };
  try {
    if (database.pin) held = await pipelinedBatch(database.pin, keys, careful, fill);
    else
      await database.db.transaction().execute(async (trx) => {
        const heads = new BatchHeads(database.dialect);
        await fill(trx, heads);
        try {
          await heads.insertDeferred(trx);
        } catch (e) {
          // Which command's events failed is known only when each inserts its own.
          if (isRetryable(e) || careful) throw e;
          throw new RunAgainCarefully();
        }
        // One head row per organization, signed, covering the events of every command above.
        await heads.write(trx, keys);
      });
  } catch (e) {
    // The command that threw (when it ran first), or the commit (or a rollback to a savepoint)
    // failed: nothing of the batch was committed.
    const jobs = done.map((d) => d.job);
    if (current && !jobs.includes(current)) jobs.push(current);
    // Failed before it took any command (no connection, a failed `begin`): the command that would
    // have opened it answers the error, so that the queue moves on rather than try forever.
    if (jobs.length === 0 && q.waiting.length > 0) jobs.push(q.waiting.shift()!);
    if (e instanceof RunAgainCarefully) {
      q.careful = true;
      q.waiting.unshift(...jobs);
      return;
    }
    if (!isRetryable(e)) {
      for (const j of jobs) j.reject(e);
      return;
    }
    // Run again, first in the queue and in their order, after a short pause; a command whose
    // batches kept meeting deadlocks answers the last one.
    const again = jobs.filter((j) => j.tries < MAX_RETRIES);
    for (const j of jobs) if (j.tries >= MAX_RETRIES) j.reject(e);
    for (const j of again) j.tries++;
    q.waiting.unshift(...again);
    await backoff(again[0]?.tries ?? 0);
    return;
  }
  if (database.dialect === 'sqlite') deferSeal(database, keys, done);
  else await sealAndAnswer(database, keys, done, held);
}

/**
 * A batch's transaction on PostgreSQL, on one connection in pipeline mode (PinnedConnection):
 * `begin` goes out with the first command's first query, and the batch's end in one write: the
 * events still in memory, the signed head rows, `commit`, and the `begin` and head row locks of
 * the head-log transaction that follows (src/kernel/seal.ts), which so costs one round trip
 * more, not two, and no connection of its own. Only the commands' own statements wait for each
 * other. A statement of the end that fails makes the `commit` a rollback; its error is the
 * batch's (the events' insert: the batch runs again with savepoints, as in `oneBatch`).
 * Returns the head-log transaction, begun (see HeldLock), when there is one.
 */
async function pipelinedBatch(
  pin: () => Promise<PinnedConnection>,
  keys: KeyStore,
  careful: boolean,
  fill: (trx: Kysely<DB>, heads: BatchHeads) => Promise<void>,
): Promise<HeldLock | undefined> {
  const conn = await pin();
  let broken = false;
  let held: HeldLock | undefined;
  const rollback = () =>
    conn
      .send(['rollback'])[0]!
      .then(() => undefined)
      .catch(() => {
        // The connection is in an unknown state: it is closed rather than reused.
        broken = true;
      });
  try {
    const [begun] = conn.send(['begin'], true);
    // Awaited below; a failure of it also fails the queries after it.
    begun!.catch(() => undefined);
    const heads = new BatchHeads('postgres');
    await fill(conn.db, heads);
    await begun;
    const events = await conn.record(() => heads.insertDeferred(conn.db));
    const orgIds = heads.movedOrgs();
    const rows = await conn.record(() => heads.write(conn.db, keys));
    const lockAhead = beginLocking(orgIds);
    const answers = await Promise.allSettled(
      conn.send([...events, ...rows, 'commit', ...(lockAhead ? [lockAhead] : [])]),
    );
    const end = events.length + rows.length + 1;
    const failed = answers.slice(0, end).findIndex((a) => a.status === 'rejected');
    if (failed >= 0) {
      const e = (answers[failed] as PromiseRejectedResult).reason as unknown;
      if (failed < events.length && !isRetryable(e) && !careful) throw new RunAgainCarefully();
      throw e;
    }
    const commit = answers[end - 1] as PromiseFulfilledResult<{ command?: string }>;
    if (commit.value.command !== 'COMMIT')
      throw new Error(`The batch's transaction ended with ${commit.value.command}, not COMMIT.`);
    if (!lockAhead) return undefined;
    const lock = answers[end]!;
    let used = false;
    held = {
      orgIds,
      async run(work) {
        if (used) throw new Error('A held lock runs one transaction.');
        used = true;
        try {
          if (lock.status === 'rejected') throw lock.reason;
          const value = await work();
          await conn.send(['commit'])[0];
          return value;
        } catch (e) {
          await rollback();
          throw e;
        } finally {
          conn.release(broken);
        }
      },
      async abandon() {
        if (used) return;
        used = true;
        await rollback();
        conn.release(broken);
      },
    };
    return held;
  } catch (e) {
    // After a failed commit a rollback does nothing; it also ends a lock taken ahead.
    await rollback();
    throw e;
  } finally {
    if (!held) conn.release(broken);
  }
}

const unsealed = new WeakMap<Database, Done[]>();

/**
 * On SQLite a batch holds the commands of the requests read in one turn of the event loop
 * (`gather`); those that come in the turns while it runs make the next batch. The batches
 * committed in one turn are sealed together at its end (setImmediate), one head-log line per
 * organization, and only then do they answer.
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
 * After the batch's commit: the newest head of each organization appended to its log (all in one
 * short transaction), then each command answers. A command whose organization's head could not be appended answers that error
 * (its change is committed, and recovery or the next append signs it, as for a single command).
 */
async function sealAndAnswer(database: Database, keys: KeyStore, done: Done[], held?: HeldLock) {
  const newest = new Map<string, NewHead>();
  for (const { written } of done)
    for (const [orgId, h] of written.heads) {
      const seen = newest.get(orgId);
      if (!seen || h.seq > seen.seq) newest.set(orgId, h);
    }
  const failed = await sealCommitted(database, keys, newest, held);
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
