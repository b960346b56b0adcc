import { performance } from 'node:perf_hooks';
import { run } from '../src/kernel/commands.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import {
  createBenchOrg,
  hostContext,
  ownerAccess,
  type BenchOrg,
  type BenchStore,
} from './store.js';
import { percentile, sortedCopy } from './stats.js';

export interface CommandFigure {
  writers: number;
  orgs: number;
  commands: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * One real command through the runner: `tokens.create` for the org's owner. It inserts a token
 * row and appends one ledger event in one transaction (head row read/locked, checked and updated
 * with its signature, a signed checkpoint row every 100 events), then appends the signed head to
 * the head log after commit. No password hashing is involved.
 */
async function oneCommand(store: BenchStore, org: BenchOrg, name: string) {
  const ctx = hostContext(store.services);
  await run(
    ctx,
    createTokenFor,
    { name, scopes: ['read'], userId: org.ownerId },
    { access: ownerAccess(org) },
  );
}

/**
 * `writers` async loops in this process, writer i on org i % orgs.length, each issuing the next
 * command when the previous one committed, for `durationMs`.
 */
async function window(
  store: BenchStore,
  orgs: BenchOrg[],
  writers: number,
  durationMs: number,
  label: string,
) {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const org = orgs[w % orgs.length]!;
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        await oneCommand(store, org, `${label} w${w} #${i}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - start };
}

export async function benchCommands(
  store: BenchStore,
  opts: { writers: number; orgs: number; durationMs: number; tag: string },
): Promise<CommandFigure> {
  const orgs: BenchOrg[] = [];
  for (let i = 0; i < opts.orgs; i++)
    orgs.push(await createBenchOrg(store.services, `cmd-${opts.tag}-${i}`));
  // Warm-up: statement caches, JIT, connections.
  await window(store, orgs, opts.writers, Math.min(500, opts.durationMs / 4), 'warm-up');
  const { latencies, elapsedMs } = await window(
    store,
    orgs,
    opts.writers,
    opts.durationMs,
    'bench',
  );
  // The chains written by concurrent writers must still verify.
  for (const org of orgs) {
    const report = await verifyOrg(store.services.database.db, store.services.keys, org.id);
    if (!report.ok)
      throw new Error(
        `the ledger of ${org.slug} does not verify after the run: ${JSON.stringify(report.firstBroken)}`,
      );
  }
  const sorted = sortedCopy(latencies);
  return {
    writers: opts.writers,
    orgs: opts.orgs,
    commands: latencies.length,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}
