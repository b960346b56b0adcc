import { performance } from 'node:perf_hooks';
import { run } from '../src/kernel/commands.js';
import { defineMetric, ingestPoints, MAX_BATCH } from '../src/modules/monitoring/index.js';
import { registerCommands, registerOf } from '../src/modules/registers/index.js';
import { createBenchOrg, hostContext, ownerAccess, type BenchStore } from './store.js';

export interface MetricsFigure {
  points: number;
  /** Milliseconds per batch, in the order run. */
  runs: number[];
}

/**
 * Ingestion of one batch of 10,000 points through the command runner, as the API and the CLI run
 * it (input parsed by zod, the canonical hash, the points classified and inserted, the batch's
 * ledger event, a breach episode opening an incident): `runs` batches, each with a key of its
 * own, after one warm-up batch.
 */
export async function benchMetrics(s: BenchStore, opts: { runs: number }): Promise<MetricsFigure> {
  const org = await createBenchOrg(s.services, `metrics-${Date.now().toString(36)}`);
  const access = ownerAccess(org);
  const ctx = () => hostContext(s.services);
  const system = await run(
    ctx(),
    registerCommands(registerOf('ai_systems')).create,
    { name: 'Bench system', purpose: 'Measured.' },
    { access },
  );
  const metric = await run(
    ctx(),
    defineMetric,
    {
      aiSystemId: system.id,
      name: 'Accuracy',
      direction: 'higher_is_better',
      warnThreshold: 0.93,
      breachThreshold: 0.9,
      breachAction: 'incident',
    },
    { access },
  );
  const start = Date.now() - (MAX_BATCH + 60) * 60_000;
  const points = Array.from({ length: MAX_BATCH }, (_, i) => ({
    at: new Date(start + i * 60_000).toISOString(),
    // Mostly ok, a warning band, and one breach episode in the middle of each batch.
    value: i >= 5_000 && i < 5_010 ? 0.85 : 0.9 + ((i * 7919) % 100) / 1000,
  }));
  const runs: number[] = [];
  for (let r = -1; r < opts.runs; r++) {
    const t0 = performance.now();
    await run(
      ctx(),
      ingestPoints,
      { metricId: metric.id, batchKey: `bench-${r}`, points },
      { access },
    );
    if (r >= 0) runs.push(performance.now() - t0);
  }
  return { points: MAX_BATCH, runs };
}
