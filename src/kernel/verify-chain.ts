import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { DatabaseSource } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { GENESIS_HASH, type LedgerBody } from './chain.js';
import type { Group, RangeScan } from './verify-range.js';
import { CHECKPOINT_INTERVAL } from './ledger.js';

/**
 * The chain part of `verifyOrg` for long chains, split over worker threads: the seq range 1..max
 * is cut into one contiguous range per worker; each worker opens its own connection, streams its
 * range in seq order and runs the one rule (`checkLink`) on every event, the first of its range
 * linked to the `prev_hash` that event states. The main thread then checks the links at the range
 * boundaries and merges, in chain order, what verification keeps (the latest state per record,
 * the hashes at signed seqs, the transactions due a checkpoint). Only a chain without any problem
 * is settled here: at the first sign of one (a problem in a range, a boundary that does not link,
 * a range that ends early), `scanChainInWorkers` answers null and `verifyOrg` walks the chain in
 * one thread as before, so the report of a broken chain is, by construction, the one it was.
 */

/** What the chain walk leaves for the rest of verification. */
export interface ChainScan {
  count: number;
  prev: string;
  /** The seq of the last event of each record (`entity\u0000id`); `readLastStates` reads them. */
  lastSeqs: Map<string, number>;
  /** The stored hash at every signed seq asked for that the chain holds. */
  hashes: [number, string][];
  dueCheckpoints: { from: number; to: number }[];
}

/** Merges the ranges, in chain order, into what one walk of the whole chain gives; null if broken. */
export function mergeRanges(ranges: RangeScan[]): ChainScan | null {
  const lastSeqs = new Map<string, number>();
  const hashes: [number, string][] = [];
  const groups: Group[] = [];
  let prev = GENESIS_HASH;
  let count = 0;
  for (const r of ranges) {
    if (!r.ok || r.firstPrev !== prev || r.lo !== count + 1) return null;
    prev = r.lastHash;
    count = r.hi;
    for (const [entity, ids, seqs] of r.last)
      ids.forEach((id, i) => lastSeqs.set(`${entity}\u0000${id}`, seqs[i]!));
    hashes.push(...r.hashes);
    r.groups.forEach((g, i) => {
      const before = groups[groups.length - 1];
      // A transaction that spans two ranges is one transaction.
      if (i === 0 && before && before.key === g.key) {
        before.end = g.end;
        before.pendingFrom ??= g.pendingFrom;
      } else groups.push({ ...g });
    });
  }
  const dueCheckpoints = groups
    .filter((g) => g.pendingFrom !== null)
    .map((g) => ({ from: g.pendingFrom!, to: g.end }));
  return { count, prev, lastSeqs, hashes, dueCheckpoints };
}

/** Seqs per query when the main thread reads the records' last events. */
const READ_BATCH = 1_000;

/**
 * The state each record's last event left, read from the store once the workers have walked the
 * chain (they keep only seqs, so their memory does not grow with the records' size), in seq order;
 * null when one of them is no longer there or no longer JSON (the store changed under the walk:
 * the chain is then walked in one thread).
 */
export async function readLastStates(
  db: Kysely<DB>,
  orgId: string,
  lastSeqs: Map<string, number>,
): Promise<Map<string, { seq: number; state: Record<string, unknown> | null }> | null> {
  const keyOf = new Map<number, string>();
  for (const [k, seq] of lastSeqs) keyOf.set(seq, k);
  const seqs = [...keyOf.keys()].sort((a, b) => a - b);
  const last = new Map<string, { seq: number; state: Record<string, unknown> | null }>();
  for (let i = 0; i < seqs.length; i += READ_BATCH) {
    const rows = await db
      .selectFrom('ledger_events')
      .select(['seq', 'body'])
      .where('org_id', '=', orgId)
      .where('seq', 'in', seqs.slice(i, i + READ_BATCH))
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      let body: LedgerBody;
      try {
        body = JSON.parse(row.body) as LedgerBody;
      } catch {
        return null;
      }
      last.set(keyOf.get(Number(row.seq))!, { seq: Number(row.seq), state: body.state });
    }
  }
  return last.size === seqs.length ? last : null;
}

/** How many worker threads walk a long chain: the CPUs this process may use, at most 8. */
export const workerCount = () => Math.max(2, Math.min(8, os.availableParallelism()));

const require = createRequire(import.meta.url);

/**
 * Small heaps: a worker makes some garbage per event (the driver's row) and keeps little (the
 * last seq of each record it saw), and V8's defaults let each worker's heap grow to a
 * hundred MB or more of resident memory before collecting. A worker that needs more than this
 * runs out of memory and the chain is walked in one thread instead (scanChainInWorkers).
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 };

/** Defined (true) by scripts/build-server.mjs in the bundled server, dist/aims.mjs. */
declare const AIMS_BUNDLED: boolean | undefined;

/**
 * Starts a worker on the verification worker: in the bundled server its own bundle,
 * dist/verify-worker.mjs, built beside dist/aims.mjs; run from the TypeScript sources (tsx,
 * vitest), src/kernel/verify-worker.ts, through a small CommonJS bootstrap that registers tsx (a
 * dependency) in the worker before it imports the file.
 */
function startWorker(data: unknown): Worker {
  if (typeof AIMS_BUNDLED !== 'undefined' && AIMS_BUNDLED)
    return new Worker(new URL('../../dist/verify-worker.mjs', import.meta.url), {
      workerData: { data },
      resourceLimits: WORKER_LIMITS,
    });
  const entry = new URL('./verify-worker.ts', import.meta.url).href;
  // The ESM entry of tsx's API (require.resolve names the CommonJS one beside it).
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((m) => { m.register(); return import(workerData.entry); })
  .catch((e) => { require('node:worker_threads').parentPort.postMessage({ error: String(e && e.stack || e) }); });`;
  return new Worker(boot, {
    eval: true,
    workerData: { tsx, entry, data },
    resourceLimits: WORKER_LIMITS,
  });
}

/** What a worker is asked to walk. */
export interface RangeJob {
  source: DatabaseSource;
  orgId: string;
  lo: number;
  hi: number;
  signed: number[];
  /** CHECKPOINT_INTERVAL, given so the worker need not load the ledger module. */
  interval: number;
}

/** Walks the chain 1..max in `workers` ranges, one worker thread each; null if anything is off. */
export async function scanChainInWorkers(
  source: DatabaseSource,
  orgId: string,
  max: number,
  signed: Iterable<number>,
  workers = workerCount(),
): Promise<ChainScan | null> {
  const n = Math.max(1, Math.min(workers, max));
  const all = [...signed].sort((a, b) => a - b);
  const jobs: RangeJob[] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((max * i) / n) + 1;
    const hi = Math.floor((max * (i + 1)) / n);
    jobs.push({
      source,
      orgId,
      lo,
      hi,
      signed: all.filter((s) => s >= lo && s <= hi),
      interval: CHECKPOINT_INTERVAL,
    });
  }
  const ranges = await Promise.all(
    jobs.map(
      (job) =>
        new Promise<RangeScan | null>((resolve, reject) => {
          const w = startWorker(job);
          let done = false;
          w.on('message', (m: RangeScan | { error: string }) => {
            done = true;
            if ('error' in m) reject(new Error(`ledger verification worker: ${m.error}`));
            else resolve(m);
            void w.terminate();
          });
          // A worker that outgrows its heap (a chain with very many records) leaves the chain
          // to the one-thread walk.
          w.on('error', (e: Error & { code?: string }) => {
            done = true;
            if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve(null);
            else reject(e);
          });
          w.on('exit', (code) => {
            if (!done) reject(new Error(`ledger verification worker exited with ${code}`));
          });
        }),
    ),
  );
  return ranges.every((r) => r !== null) ? mergeRanges(ranges) : null;
}
