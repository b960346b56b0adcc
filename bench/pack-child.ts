/**
 * Child process of the benchmark: reopens a store, builds the audit pack of one organization
 * (then verifies it) and sends back the times, the sizes and its peak RSS. Not meant to be run by
 * hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobStore } from '../src/blobs/store.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { KeyStore } from '../src/kernel/keys.js';
import { buildPack, verifyPack } from '../src/modules/pack/index.js';
import { reopen, type StoreSpec } from './store.js';

async function main() {
  const { spec, orgId } = JSON.parse(process.argv[2] ?? '{}') as { spec: StoreSpec; orgId: string };
  const database = reopen(spec);
  const out = path.join(spec.dataDir, 'bench-pack.zip');
  try {
    await migrateToLatest(database.db);
    const keys = new KeyStore(spec.dataDir);
    const blobs = new BlobStore(path.join(spec.dataDir, 'blobs'));
    const rssBeforeBytes = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await buildPack({ database, keys, blobs }, orgId, { out, now: new Date() });
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const t1 = performance.now();
    const v = await verifyPack(out);
    const verifyMs = performance.now() - t1;
    if (!v.ok) throw new Error(`the pack does not verify: ${JSON.stringify(v.problem)}`);
    const evidence = (await database.db
      .selectFrom('evidence')
      .select(['size'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'file')
      .execute()) as { size: number | null }[];
    process.send!({
      events: r.events,
      records: r.records,
      evidenceFiles: evidence.length,
      evidenceBytes: evidence.reduce((a, e) => a + (e.size ?? 0), 0),
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: r.bytes,
      rssBeforeBytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      verifyMs,
    });
  } finally {
    fs.rmSync(out, { force: true });
    await database.close();
  }
}

main().catch((e: unknown) => {
  process.send!({ error: e instanceof Error ? e.message : String(e) }, () => process.exit(1));
});
