import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { LEDGERED, type LedgeredTable } from '../src/db/schema.js';
import { stateOf } from '../src/kernel/commands.js';
import { newId } from '../src/kernel/ids.js';
import {
  appendEvents,
  BatchHeads,
  CHECKPOINT_INTERVAL,
  type PendingEvent,
} from '../src/kernel/ledger.js';
import { sealCommitted } from '../src/kernel/seal.js';
import { benchReadiness } from './readiness.js';
import type { BenchStore, StoreSpec } from './store.js';
import { log, seconds } from './stats.js';

export interface PackFigure {
  events: number;
  records: number;
  evidenceFiles: number;
  evidenceBytes: number;
  elapsedMs: number;
  /** CPU time of the child while building (user and system): less at the mercy of the load. */
  cpuMs: number;
  bytes: number;
  rssBeforeBytes: number;
  /** Peak RSS of the child process (getrusage maxrss), the pack included. */
  peakRssBytes: number;
  /** `aims pack verify` of the same pack in the same child, after the build. */
  verifyMs: number;
}

const TX_EVENTS = 5_000;

/**
 * The audit pack of the bench's large organization (the readiness one: 1,000 AI systems, 20,000
 * risks, 50,000 evidence links), plus `files` evidence files of `fileBytes` random bytes each.
 * Those rows are written straight into the tables; here each also gets the ledger event a command
 * would have written (appendEvents, one call per 100 events, as bench/ledger.ts does), so the
 * ledger verifies and the pack's records are its replay. The pack is then built (and verified) in
 * a child process of its own, whose peak RSS is that of the pack.
 */
export async function benchPack(
  s: BenchStore,
  size: { files: number; fileBytes: number },
): Promise<PackFigure> {
  const { database, keys, blobs } = s.services;
  const db = database.db;
  const ready = await benchReadiness(s, { systems: 1_000, risks: 20_000, links: 50_000, runs: 1 });
  const org = ready.org;
  const t0 = performance.now();
  const now = new Date().toISOString();
  const files = [];
  for (let i = 0; i < size.files; i++) {
    const stored = await blobs.put(Readable.from([randomBytes(size.fileBytes)]), 1 << 30);
    files.push({
      id: newId(),
      org_id: org.id,
      version: 1,
      created_at: now,
      updated_at: now,
      title: `Evidence file ${i}`,
      kind: 'file',
      blob_sha256: stored.sha256,
      size: stored.size,
      media_type: 'application/octet-stream',
      filename: `file-${i}.bin`,
    });
  }
  for (let i = 0; i < files.length; i += 500)
    await db
      .insertInto('evidence')
      .values(files.slice(i, i + 500))
      .execute();

  // Every row of the organization without an event gets one.
  const pending: PendingEvent[] = [];
  for (const entity of Object.keys(LEDGERED) as LedgeredTable[]) {
    if (entity === 'orgs' || entity === 'memberships') continue;
    const q = db.selectFrom(entity as 'risks').selectAll();
    const rows = (await q.where('org_id', '=', org.id).execute()) as Record<string, unknown>[];
    for (const row of rows)
      pending.push({
        orgId: org.id,
        entity,
        entityId: String(row.id),
        version: Number(row.version ?? 1),
        state: stateOf(entity, row),
      });
  }
  let head: { seq: number; hash: string; signedAt: string } | null = null;
  let seq = Number(
    (
      await db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst()
    )?.seq ?? 0,
  );
  for (let i = 0; i < pending.length; i += TX_EVENTS) {
    const inTx = pending.slice(i, i + TX_EVENTS);
    const at = new Date().toISOString();
    await database.db.transaction().execute(async (trx) => {
      const batch = new BatchHeads(database.dialect);
      for (let j = 0; j < inTx.length;) {
        const n = Math.min(CHECKPOINT_INTERVAL - (seq % CHECKPOINT_INTERVAL), inTx.length - j);
        const heads = await appendEvents(
          trx,
          keys,
          { at, actor: 'host:bench', action: 'bench.backfill', requestId: `pack-${i + j}` },
          inTx.slice(j, j + n),
          batch,
        );
        head = { ...heads.get(org.id)!, signedAt: at };
        seq += n;
        j += n;
      }
      await batch.write(trx, keys);
    });
  }
  if (head) await sealCommitted(database, keys, new Map([[org.id, head]]));
  if (database.dialect === 'postgres') await sql`analyze ledger_events`.execute(db);
  log(
    `  ${s.dialect}: ${pending.length.toLocaleString('en-US')} events for the large organization (${seconds(performance.now() - t0)})`,
  );
  return packInChild(s.spec, org.id);
}

function packInChild(spec: StoreSpec, orgId: string): Promise<PackFigure> {
  return new Promise((resolve, reject) => {
    const child = fork(
      new URL('./pack-child.ts', import.meta.url),
      [JSON.stringify({ spec, orgId })],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    let result: PackFigure | { error: string } | undefined;
    child.on('message', (m) => {
      result = m as PackFigure | { error: string };
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result && 'error' in result) reject(new Error(result.error));
      else if (result && code === 0) resolve(result);
      else reject(new Error(`the pack child exited with ${code}`));
    });
  });
}
