import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { run } from '../src/kernel/commands.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { evaluationCount } from '../src/modules/readiness/index.js';
import { runClients } from './http.js';
import { percentile, sortedCopy } from './stats.js';
import { hostContext, ownerAccess, type BenchOrg, type BenchStore } from './store.js';

export interface DashboardFigure {
  clients: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Readiness evaluations during the load (one per ledger head and minute, shared). */
  evaluations: number;
}

/**
 * `clients` concurrent clients load GET /api/v1/orgs/{org}/dashboard of the large organization
 * (bench/readiness.ts) with an owner's read token, so every part of the dashboard is computed.
 */
export async function benchDashboard(
  store: BenchStore,
  org: BenchOrg,
  opts: { clients: number; warmupMs: number; durationMs: number },
): Promise<DashboardFigure> {
  const { services } = store;
  const { token } = await run(
    hostContext(services),
    createTokenFor,
    { name: 'bench dashboard', scopes: ['read'], userId: org.ownerId },
    { access: ownerAccess(org) },
  );
  const app = await buildApp(services, { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/v1/orgs/${org.slug}/dashboard`;
    const probe = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await probe.json()) as { aiSystems?: { total: number } | null };
    if (probe.status !== 200 || !body.aiSystems?.total)
      throw new Error(
        `the dashboard answered ${probe.status}: ${JSON.stringify(body).slice(0, 300)}`,
      );
    const before = evaluationCount();
    const r = await runClients({ url, token, ...opts });
    const sorted = sortedCopy(r.latencies);
    return {
      clients: opts.clients,
      requests: r.latencies.length,
      errors: r.errors,
      perSecond: (r.latencies.length / r.elapsedMs) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      evaluations: evaluationCount() - before,
    };
  } finally {
    await app.close();
  }
}
