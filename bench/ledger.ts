import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain JavaScript build script, without types
import { ensureServerBuilt as buildServer } from '../scripts/build-server.mjs';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { encodeJson } from '../src/db/json.js';
import type { Row } from '../src/db/schema.js';
import { stateOf } from '../src/kernel/commands.js';
import { newId, sha256Hex } from '../src/kernel/ids.js';
import { CHECKPOINT_INTERVAL, linkHash, type LedgerBody } from '../src/kernel/ledger.js';
import { canonicalize } from '../src/kernel/jcs.js';
import { sealCommitted } from '../src/kernel/seal.js';
import { apiTokenParts } from '../src/kernel/credentials.js';
import { createBenchOrg, type BenchStore, type StoreSpec } from './store.js';
import { log, seconds } from './stats.js';

/** Events per database transaction while generating. */
const TX_EVENTS = 20_000;
/** Rows per insert statement (SQLite takes at most 32,766 parameters in one). */
const INSERT_ROWS = 1_000;
/** The bounded set of records the events change (api_tokens rows). */
const MAX_RECORDS = 10_000;

type TokenRow = Row<'api_tokens'>;

export interface Generated {
  orgId: string;
  events: number;
  records: number;
  elapsedMs: number;
}

/**
 * Writes `total` ledger events into one new organization, fast: the events are built here as
 * `appendEvents` builds them (canonical body, link hash) and inserted 1,000 rows a statement, in
 * transactions of 20,000 events, with the head row signed at the end of each. Every 100 events
 * are one transaction of the chain (request id and time) ending on a multiple of 100, with its
 * signed checkpoint, as a chain written by small commands has. The events create and then rename
 * a bounded set of api_tokens records (10,000, or a tenth of the events); their final rows are
 * written at the end, so verification's replay has real work. The last head is appended to the
 * head log last, as the runner does after commit. On PostgreSQL the tables are then analyzed (not
 * timed).
 */
export async function generateLedger(
  store: BenchStore,
  total: number,
  opts: { analyze?: boolean } = {},
): Promise<Generated> {
  const { database, keys } = store.services;
  const t0 = performance.now();
  const org = await createBenchOrg(store.services, 'ledger-1m');
  const nRecords = Math.max(1, Math.min(MAX_RECORDS, Math.floor(total / 10)));
  const rows: TokenRow[] = [];
  let written = 2; // the organization and its owner membership
  let base = Date.parse('2025-01-01T00:00:00.000Z');
  let lastHead: { seq: number; hash: string; at: string; signature: string } | null = null;
  let made = 0;
  // The chain goes on from the organization's own two events.
  const start = await database.db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash'])
    .where('org_id', '=', org.id)
    .executeTakeFirstOrThrow();
  let seq = start.seq;
  let at = new Date(base).toISOString();
  let prevHash = start.hash;
  while (made < total) {
    const inTx = Math.min(TX_EVENTS, total - made);
    const events: Row<'ledger_events'>[] = [];
    const checkpoints: Row<'ledger_checkpoints'>[] = [];
    for (let i = 0; i < inTx; i++) {
      // One transaction of the chain (request id and time) per checkpoint interval, ending on it.
      if (seq % CHECKPOINT_INTERVAL === 0) at = new Date((base += 1000)).toISOString();
      const n = made + i;
      const k = n % nRecords;
      let row = rows[k];
      if (!row) {
        const id = newId();
        const tokenHash = sha256Hex(`bench-token-${id}`);
        row = {
          id,
          org_id: org.id,
          user_id: org.ownerId,
          name: `token ${k}`,
          token_hash: tokenHash,
          token_mac: keys.credentials.mac(
            apiTokenParts({ org_id: org.id, user_id: org.ownerId, token_hash: tokenHash }),
          ),
          prefix: `aims_${id.slice(0, 7)}`,
          scopes: encodeJson(['read']),
          expires_at: null,
          revoked_at: null,
          version: 1,
          created_at: at,
          updated_at: at,
        };
        rows[k] = row;
      } else {
        row.version += 1;
        row.name = `token ${k} v${row.version}`;
        row.updated_at = at;
      }
      seq++;
      const body: LedgerBody = {
        org_id: org.id,
        seq,
        at,
        actor: 'host:bench',
        action: 'bench.generate',
        entity: 'api_tokens',
        entity_id: row.id,
        version: row.version,
        state: stateOf('api_tokens', row),
        request_id: `gen-${Math.ceil(seq / CHECKPOINT_INTERVAL)}`,
        prev_hash: prevHash,
      };
      const text = canonicalize(body);
      prevHash = linkHash(prevHash, text);
      events.push({
        org_id: org.id,
        seq,
        entity: 'api_tokens',
        entity_id: row.id,
        body: text,
        hash: prevHash,
      });
      if (seq % CHECKPOINT_INTERVAL === 0 || i === inTx - 1) {
        const signed = keys.signHead(org.id, seq, prevHash, at);
        if (seq % CHECKPOINT_INTERVAL === 0)
          checkpoints.push({
            org_id: org.id,
            seq,
            hash: prevHash,
            signed_at: at,
            signature: signed.signature,
          });
        lastHead = { seq, hash: prevHash, at, signature: signed.signature };
      }
    }
    const head = lastHead!;
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < events.length; i += INSERT_ROWS)
        await trx
          .insertInto('ledger_events')
          .values(events.slice(i, i + INSERT_ROWS))
          .execute();
      for (let i = 0; i < checkpoints.length; i += INSERT_ROWS)
        await trx
          .insertInto('ledger_checkpoints')
          .values(checkpoints.slice(i, i + INSERT_ROWS))
          .execute();
      await trx
        .updateTable('ledger_heads')
        .set({ seq: head.seq, hash: head.hash, signed_at: head.at, signature: head.signature })
        .where('org_id', '=', org.id)
        .execute();
    });
    made += inTx;
    written += inTx;
    if (made % 100_000 === 0 || made === total)
      log(
        `  ${store.dialect}: ${made.toLocaleString('en-US')} events written (${seconds(performance.now() - t0)})`,
      );
  }
  keys.trusted.set(org.id, `${seq}:${prevHash}`);
  // The records' final rows, as the commands would have left them.
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('api_tokens')
        .values(rows.slice(i, i + 1000))
        .execute();
  });
  const head = lastHead as { seq: number; hash: string; at: string } | null;
  if (head)
    await sealCommitted(
      database,
      keys,
      new Map([[org.id, { seq: head.seq, hash: head.hash, signedAt: head.at }]]),
    );
  const elapsedMs = performance.now() - t0;
  if (database.dialect === 'postgres' && opts.analyze !== false) {
    // Planner statistics, as autovacuum would have gathered on a chain that grew over time. Without
    // them, verifyOrg's batch query is planned as a scan and sort of the whole rest of the chain
    // for every batch (see docs/PERFORMANCE.md).
    await sql`analyze ledger_events, ledger_checkpoints, api_tokens`.execute(database.db);
  }
  return { orgId: org.id, events: written, records: rows.length + 2, elapsedMs };
}

export interface VerifyFigure {
  events: number;
  checkpoints: number;
  records: number;
  /** Spawn to exit of `aims ledger verify` (the CLI's start-up included). */
  elapsedMs: number;
  /** User and system CPU of that process, all threads. */
  cpuMs: number;
  eventsPerSecond: number;
  /** Peak RSS of the process (GNU time's maximum resident set size), all threads. */
  peakRssBytes: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The CLI's database URL for a bench store (PostgreSQL: its schema through `options`). */
function databaseUrl(spec: StoreSpec): string {
  if (spec.kind === 'sqlite') return `sqlite:${spec.file}`;
  const url = new URL(spec.url);
  url.searchParams.set('options', `-c search_path=${spec.schema}`);
  return url.href;
}

/**
 * Runs `aims ledger verify --org <id> --json` (bin/aims.mjs, the built server, as an operator runs
 * it) in a process of its own under GNU time, so the figure is the whole command and its peak RSS
 * is its own, worker threads included.
 */
export async function verifyInChild(
  spec: StoreSpec,
  orgId: string,
  env: Record<string, string> = {},
): Promise<VerifyFigure> {
  await (buildServer as () => Promise<string>)(); // not timed
  const t0 = performance.now();
  const { stdout, stderr, code } = await new Promise<{
    stdout: string;
    stderr: string;
    code: number | null;
  }>((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        'AIMS_TIME %M %U %S',
        process.execPath,
        path.join(ROOT, 'bin/aims.mjs'),
        'ledger',
        'verify',
        '--org',
        orgId,
        '--json',
      ],
      {
        env: {
          ...process.env,
          ...env,
          AIMS_DATABASE_URL: databaseUrl(spec),
          AIMS_DATA_DIR: spec.dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (c) => resolve({ stdout: out, stderr: err, code: c }));
  });
  const elapsedMs = performance.now() - t0;
  const time = /AIMS_TIME (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  if (code !== 0 || !time)
    throw new Error(`aims ledger verify exited with ${code}: ${stdout.slice(0, 2000)} ${stderr}`);
  const report = (
    JSON.parse(stdout) as {
      organizations: { events: number; checkpoints: number; records: number }[];
    }
  ).organizations[0]!;
  return {
    events: report.events,
    checkpoints: report.checkpoints,
    records: report.records,
    elapsedMs,
    cpuMs: (Number(time[2]) + Number(time[3])) * 1000,
    eventsPerSecond: (report.events / elapsedMs) * 1000,
    peakRssBytes: Number(time[1]) * 1024,
  };
}
