/**
 * A worker thread of ledger verification (src/kernel/verify-chain.ts): opens its own connection
 * to the store, streams the events lo..hi of one organization in seq order and answers the
 * range's scan. Started by `scanChainInWorkers`, never imported by other code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { lazy } from './lazy.js';
import type { RangeJob } from './verify-chain.js';
import { rangeScanner, type RangeScan } from './verify-range.js';

const sqlite = lazy<typeof SQLite>('better-sqlite3');
const pgLib = lazy<typeof pg>('pg');

const COLUMNS = 'seq, entity, entity_id, body, hash';
/** Rows per query on PostgreSQL: bounded by seq range, so each is an index range scan. */
const PG_BATCH = 5_000;

type Raw = [number | string, string, string, string, string];

function sqliteScan(file: string, job: RangeJob, signed: Set<number>): RangeScan {
  const scan = rangeScanner(job.orgId, job.lo, job.hi, signed, job.interval);
  const db = new (sqlite())(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `select ${COLUMNS} from ledger_events where org_id = ? and seq >= ? and seq <= ? order by seq`,
      )
      .raw(true)
      .iterate(job.orgId, job.lo, job.hi) as IterableIterator<Raw>;
    for (const r of rows) if (!scan.push(Number(r[0]), r[1], r[2], r[3], r[4])) break;
  } finally {
    db.close();
  }
  return scan.finish();
}

async function pgScan(
  source: { connectionString: string; options?: string },
  job: RangeJob,
  signed: Set<number>,
): Promise<RangeScan> {
  const scan = rangeScanner(job.orgId, job.lo, job.hi, signed, job.interval);
  const client = new (pgLib().Client)({
    connectionString: source.connectionString,
    ...(source.options ? { options: source.options } : {}),
  });
  await client.connect();
  try {
    outer: for (let from = job.lo; from <= job.hi; from += PG_BATCH) {
      const r = await client.query<Raw>({
        text: `select ${COLUMNS} from ledger_events where org_id = $1 and seq >= $2 and seq <= $3 order by seq`,
        values: [job.orgId, from, Math.min(job.hi, from + PG_BATCH - 1)],
        rowMode: 'array',
      });
      for (const row of r.rows)
        if (!scan.push(Number(row[0]), row[1], row[2], row[3], row[4])) break outer;
    }
  } finally {
    await client.end();
  }
  return scan.finish();
}

async function main() {
  const job = (workerData as { data: RangeJob }).data;
  const signed = new Set(job.signed);
  parentPort!.postMessage(
    job.source.kind === 'sqlite'
      ? sqliteScan(job.source.file, job, signed)
      : await pgScan(job.source, job, signed),
  );
}

main().catch((e: unknown) => {
  parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
