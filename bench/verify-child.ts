/**
 * Child process of the benchmark: reopens a store, runs verifyOrg on one organization and sends
 * back the time, the report's counts and its peak RSS. Not meant to be run by hand.
 */
import { performance } from 'node:perf_hooks';
import { migrateToLatest } from '../src/db/migrate.js';
import { KeyStore } from '../src/kernel/keys.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { reopen, type StoreSpec } from './store.js';

async function main() {
  const { spec, orgId } = JSON.parse(process.argv[2] ?? '{}') as { spec: StoreSpec; orgId: string };
  const database = reopen(spec);
  try {
    const keys = new KeyStore(spec.dataDir);
    // Sources may have gained tables since the parent migrated (verifyOrg replays every ledgered
    // table); this also opens the connection before measuring.
    await migrateToLatest(database.db);
    const rssBeforeBytes = process.memoryUsage().rss;
    const t0 = performance.now();
    const report = await verifyOrg(database.db, keys, orgId);
    const elapsedMs = performance.now() - t0;
    if (!report.ok)
      throw new Error(
        `the generated ledger does not verify: ${JSON.stringify(report.firstBroken)}`,
      );
    process.send!({
      events: report.events,
      checkpoints: report.checkpoints,
      records: report.records,
      elapsedMs,
      eventsPerSecond: (report.events / elapsedMs) * 1000,
      rssBeforeBytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  process.send!({ error: e instanceof Error ? e.message : String(e) }, () => process.exit(1));
});
