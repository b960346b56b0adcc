import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from '../db/connect.js';
import { decodeJson, encodeJson, type Json } from '../db/json.js';
import type { DB, Row } from '../db/schema.js';
import { newId } from './ids.js';

/**
 * The durable job queue: long work (exports, audit packs, …) kept as rows of `jobs` in the
 * database, so that it survives a restart and any process of the instance may run it.
 *
 * - A job is enqueued with `enqueueJob`, on the connection or inside a command's transaction
 *   (then it exists exactly when the command committed). `wakeJobWorkers` (e.g. from
 *   `tx.afterCommit`) makes this process's worker look at once; others find it when they poll.
 * - A worker claims one due job at a time per slot: on PostgreSQL `FOR UPDATE SKIP LOCKED` (two
 *   workers never wait on, nor take, the same row); on SQLite one `UPDATE … WHERE id = (SELECT …)
 *   … RETURNING`, atomic because SQLite runs one writer at a time.
 * - A claim is a lease (`locked_until`), renewed while the handler runs. A worker that dies stops
 *   renewing; once the lease ran out another worker claims the job again, and the handler gets the
 *   progress the first one last saved, so it can resume from there.
 * - Every write of a running job is fenced by its claim (`locked_by` and `attempts`): a worker
 *   that lost its lease cannot overwrite the outcome of the one that took the job over.
 * - A failure is retried with a growing pause until `max_attempts`; then the job is `failed` with
 *   the last error. A lease that ran out counts as an attempt.
 * - `stop()` stops claiming, lets the running handlers finish for a grace period, and hands back
 *   the jobs still running (queued again, the attempt not counted) so another process takes them.
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** What a handler reports while it works; `state` is for it to resume from after a crash. */
export interface JobProgress {
  done: number;
  total?: number;
  note?: string;
  state?: unknown;
}

export interface Job<I = unknown> {
  id: string;
  orgId: string;
  kind: string;
  input: I;
  status: JobStatus;
  /** The progress last saved, by this attempt or an earlier one (null before the first report). */
  progress: JobProgress | null;
  result: unknown;
  error: string | null;
  /** Claims so far, this one included while it runs. */
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobContext {
  /** The database (not a transaction): a handler opens the transactions it needs. */
  db: Kysely<DB>;
  dialect: Dialect;
  /** Saves progress (and renews the lease); false when this worker no longer holds the job. */
  progress(p: JobProgress): Promise<boolean>;
  /** Aborted when the worker stops or loses the job: a long handler should give up then. */
  signal: AbortSignal;
}

export type JobHandler<I = unknown> = (job: Job<I>, ctx: JobContext) => Promise<unknown>;

const HANDLERS = new Map<string, JobHandler>();

/** Declares how jobs of a kind are run (once per kind, at module load). */
export function registerJobHandler<I>(kind: string, handler: JobHandler<I>): void {
  if (HANDLERS.has(kind) && HANDLERS.get(kind) !== handler) {
    throw new Error(`A job handler for "${kind}" is already registered.`);
  }
  HANDLERS.set(kind, handler as JobHandler);
}

/** The kinds this process can run. */
export const jobKinds = () => [...HANDLERS.keys()];

const doorbell = new EventEmitter();
doorbell.setMaxListeners(0);
/** Makes this process's workers look for due jobs now (after the commit that enqueued one). */
export const wakeJobWorkers = () => {
  doorbell.emit('ring');
};

export interface NewJob<I> {
  orgId: string;
  kind: string;
  input: I;
  maxAttempts?: number;
  /** Not before this time (default: now). */
  runAfter?: Date;
  now?: Date;
}

/** Queues a job; `db` may be a transaction. Returns the job's id. */
export async function enqueueJob<I>(db: Kysely<DB>, job: NewJob<I>): Promise<string> {
  const now = (job.now ?? new Date()).toISOString();
  const id = newId();
  await db
    .insertInto('jobs')
    .values({
      id,
      org_id: job.orgId,
      kind: job.kind,
      input: encodeJson<unknown>(job.input),
      status: 'queued',
      progress: null,
      result: null,
      error: null,
      attempts: 0,
      max_attempts: job.maxAttempts ?? 3,
      run_after: job.runAfter?.toISOString() ?? now,
      locked_by: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .execute();
  return id;
}

const toJob = (r: Row<'jobs'>): Job => ({
  id: r.id,
  orgId: r.org_id,
  kind: r.kind,
  input: decodeJson(r.input),
  status: r.status as JobStatus,
  progress: decodeJson(r.progress as Json<JobProgress> | null, null),
  result: decodeJson(r.result, null),
  error: r.error,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

/** A job of an organization, or undefined. */
export async function getJob(db: Kysely<DB>, orgId: string, id: string): Promise<Job | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toJob(row);
}

/**
 * Fails the running jobs whose lease ran out on their last attempt (their worker died each
 * time): they are not claimed again.
 */
async function failExhausted(db: Kysely<DB>, now: string) {
  await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      error: sql<string>`coalesce(error, 'The worker running it stopped before it finished.')`,
      locked_by: null,
      locked_until: null,
      updated_at: now,
      finished_at: now,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .whereRef('attempts', '>=', 'max_attempts')
    .execute();
}

/** Claims one due job of the given kinds for `workerId` until `leaseUntil`; undefined if none. */
export async function claimJob(
  database: Pick<Database, 'db' | 'dialect'>,
  workerId: string,
  kinds: readonly string[],
  now: Date,
  leaseMs: number,
): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const { db, dialect } = database;
  await failExhausted(db, at);
  const kindList = sql.join(kinds.map((k) => sql`${k}`));
  const due = sql`((status = 'queued' and run_after <= ${at}) or (status = 'running' and locked_until < ${at} and attempts < max_attempts)) and kind in (${kindList})`;
  const pick =
    dialect === 'postgres'
      ? sql`select id from jobs where ${due} order by run_after, id limit 1 for update skip locked`
      : sql`select id from jobs where ${due} order by run_after, id limit 1`;
  // On SQLite the condition is checked again by the UPDATE itself; on PostgreSQL the row lock
  // taken by the sub-select holds until the statement commits.
  const r = await sql<
    Row<'jobs'>
  >`update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId}, locked_until = ${until}, updated_at = ${at} where id = (${pick}) and ${due} returning *`.execute(
    db,
  );
  const row = r.rows[0];
  return row && toJob(row);
}

/** Fenced update of a claimed job: applies only while `workerId` still holds this attempt. */
async function settle(
  db: Kysely<DB>,
  job: Job,
  workerId: string,
  set: Partial<Row<'jobs'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set(set)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 4000);

export interface JobWorkerOptions {
  database: Pick<Database, 'db' | 'dialect'>;
  /** Unique per worker (default: host, process id and a random part). */
  workerId?: string;
  /** How many jobs this worker runs at once. */
  concurrency?: number;
  /** How often the queue is looked at without a ring (jobs queued by other processes). */
  pollMs?: number;
  /** How long a claim holds without renewal; renewed every third of it while a handler runs. */
  leaseMs?: number;
  /** The pause after the first failure; it doubles with each further one (up to an hour). */
  retryBaseMs?: number;
  /** How long stop() waits for running handlers before handing their jobs back. */
  graceMs?: number;
  now?: () => Date;
  log?: { warn(o: object, msg: string): void; info(o: object, msg: string): void };
}

export interface JobWorker {
  readonly workerId: string;
  /** Claims and runs due jobs until none is left; resolves with how many it ran. */
  runDue(): Promise<number>;
  stop(): Promise<void>;
}

/** A worker that runs only when asked (runDue): tests drive it, startJobWorker runs it. */
export function createJobWorker(o: JobWorkerOptions): JobWorker {
  const workerId = o.workerId ?? `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const now = o.now ?? (() => new Date());
  const leaseMs = o.leaseMs ?? 60_000;
  const retryBaseMs = o.retryBaseMs ?? 10_000;
  const graceMs = o.graceMs ?? 10_000;
  const db = o.database.db;
  const running = new Map<string, { job: Job; done: Promise<void>; abort: AbortController }>();
  let stopped = false;

  async function run(job: Job): Promise<void> {
    const handler = HANDLERS.get(job.kind)!;
    const abort = new AbortController();
    const renew = setInterval(
      () => {
        const t = now();
        settle(db, job, workerId, {
          locked_until: new Date(t.getTime() + leaseMs).toISOString(),
          updated_at: t.toISOString(),
        })
          .then((held) => {
            if (!held) abort.abort();
          })
          .catch(() => {});
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const entry = { job, abort, done: Promise.resolve() };
    running.set(job.id, entry);
    const ctx: JobContext = {
      db,
      dialect: o.database.dialect,
      signal: abort.signal,
      progress: async (p) => {
        const t = now();
        const held = await settle(db, job, workerId, {
          progress: encodeJson<unknown>(p),
          locked_until: new Date(t.getTime() + leaseMs).toISOString(),
          updated_at: t.toISOString(),
        });
        if (!held) abort.abort();
        return held;
      },
    };
    try {
      const result = await handler(job, ctx);
      const t = now().toISOString();
      await settle(db, job, workerId, {
        status: 'done',
        result: encodeJson<unknown>(result ?? null),
        error: null,
        locked_by: null,
        locked_until: null,
        updated_at: t,
        finished_at: t,
      });
    } catch (e) {
      const t = now();
      const final = job.attempts >= job.maxAttempts;
      const pause = Math.min(retryBaseMs * 2 ** (job.attempts - 1), 3600_000);
      await settle(db, job, workerId, {
        status: final ? 'failed' : 'queued',
        error: errorText(e),
        locked_by: null,
        locked_until: null,
        run_after: new Date(t.getTime() + pause).toISOString(),
        updated_at: t.toISOString(),
        ...(final ? { finished_at: t.toISOString() } : {}),
      }).catch(() => false);
      o.log?.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, final }, 'job failed');
    } finally {
      clearInterval(renew);
      running.delete(job.id);
    }
  }

  async function runDue(): Promise<number> {
    let ran = 0;
    const slots = o.concurrency ?? 2;
    const loop = async () => {
      while (!stopped) {
        const job = await claimJob(o.database, workerId, jobKinds(), now(), leaseMs);
        if (!job) return;
        ran++;
        const done = run(job);
        const entry = running.get(job.id);
        if (entry) entry.done = done;
        await done;
      }
    };
    await Promise.all(Array.from({ length: slots }, loop));
    return ran;
  }

  async function stop(): Promise<void> {
    stopped = true;
    const pending = [...running.values()];
    const timeout = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
    await Promise.race([Promise.all(pending.map((p) => p.done)), timeout]);
    // Hand back what is still running: queued again at once, this attempt not counted.
    for (const { job, abort } of running.values()) {
      abort.abort();
      await settle(db, job, workerId, {
        status: 'queued',
        attempts: job.attempts - 1,
        locked_by: null,
        locked_until: null,
        updated_at: now().toISOString(),
      }).catch(() => false);
    }
  }

  return { workerId, runDue, stop };
}

/** Runs a worker in the background: on a ring, and every `pollMs` (default 2 s). */
export function startJobWorker(o: JobWorkerOptions): JobWorker {
  const worker = createJobWorker(o);
  let busy: Promise<unknown> = Promise.resolve();
  let again = false;
  let working = false;
  const kick = () => {
    if (working) {
      again = true;
      return;
    }
    working = true;
    busy = (async () => {
      do {
        again = false;
        await worker.runDue().catch((e: unknown) => o.log?.warn({ err: e }, 'job worker'));
      } while (again);
      working = false;
    })();
  };
  doorbell.on('ring', kick);
  const timer = setInterval(kick, o.pollMs ?? 2000);
  timer.unref();
  kick();
  return {
    workerId: worker.workerId,
    runDue: worker.runDue,
    async stop() {
      doorbell.off('ring', kick);
      clearInterval(timer);
      await worker.stop();
      // A handler that ignores its signal is left behind: its job was handed back already.
      await Promise.race([busy, new Promise((r) => setTimeout(r, 1000).unref())]);
    },
  };
}
