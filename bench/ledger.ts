import { fork } from 'node:child_process';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { encodeJson } from '../src/db/json.js';
import type { Row } from '../src/db/schema.js';
import { stateOf } from '../src/kernel/commands.js';
import { newId, sha256Hex } from '../src/kernel/ids.js';
import { appendEvents, CHECKPOINT_INTERVAL, type PendingEvent } from '../src/kernel/ledger.js';
import { sealCommitted } from '../src/kernel/seal.js';
import { apiTokenParts } from '../src/kernel/credentials.js';
import { createBenchOrg, type BenchStore, type StoreSpec } from './store.js';
import { log, seconds } from './stats.js';

/** Events per database transaction while generating. */
const TX_EVENTS = 5_000;
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
 * Writes `total` ledger events into one new organization, fast: transactions of 5,000 events, in
 * which `appendEvents` (the runner's own append) is called once per 100 events, so each call
 * crosses one checkpoint boundary and the chain has a signed checkpoint every 100 events, as a
 * chain written by small commands has. The events create and then rename a bounded set of
 * api_tokens records (10,000, or a tenth of the events); their final rows are written at the end,
 * so verification's replay has real work. The last head is appended to the head log last, as the
 * runner does after commit. On PostgreSQL the tables are then analyzed (not timed).
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
  let lastHead: { seq: number; hash: string; at: string } | null = null;
  let made = 0;
  while (made < total) {
    const inTx = Math.min(TX_EVENTS, total - made);
    const at = new Date((base += 1000)).toISOString();
    await database.db.transaction().execute(async (trx) => {
      let pending: PendingEvent[] = [];
      const flush = async () => {
        if (pending.length === 0) return;
        const heads = await appendEvents(
          trx,
          database.dialect,
          keys,
          { at, actor: 'host:bench', action: 'bench.generate', requestId: `gen-${made}` },
          pending,
        );
        const h = heads.get(org.id)!;
        lastHead = { ...h, at };
        pending = [];
      };
      for (let i = 0; i < inTx; i++) {
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
        pending.push({
          orgId: org.id,
          entity: 'api_tokens',
          entityId: row.id,
          version: row.version,
          state: stateOf('api_tokens', row),
        });
        // One append per checkpoint interval (aligned to the chain's seq).
        if ((written + i + 1) % CHECKPOINT_INTERVAL === 0) await flush();
      }
      await flush();
    });
    made += inTx;
    written += inTx;
    if (made % 100_000 === 0 || made === total)
      log(
        `  ${store.dialect}: ${made.toLocaleString('en-US')} events written (${seconds(performance.now() - t0)})`,
      );
  }
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
  elapsedMs: number;
  eventsPerSecond: number;
  /** RSS of the child after opening the store, before verifying. */
  rssBeforeBytes: number;
  /** Peak RSS of the child process (getrusage maxrss), verification included. */
  peakRssBytes: number;
}

/**
 * Runs verifyOrg in a child process of its own (bench/verify-child.ts), so its peak RSS is that of
 * verification and not of the generation before it.
 */
export function verifyInChild(spec: StoreSpec, orgId: string): Promise<VerifyFigure> {
  return new Promise((resolve, reject) => {
    const child = fork(
      new URL('./verify-child.ts', import.meta.url),
      [JSON.stringify({ spec, orgId })],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    let result: VerifyFigure | { error: string } | undefined;
    child.on('message', (m) => {
      result = m as VerifyFigure | { error: string };
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result && 'error' in result) reject(new Error(result.error));
      else if (result && code === 0) resolve(result);
      else reject(new Error(`the verification child exited with ${code}`));
    });
  });
}
