import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app.js';
import { run, runCommand } from '../src/kernel/commands.js';
import { newId } from '../src/kernel/ids.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { z } from 'zod';
import { createBenchOrg, hostContext, ownerAccess, type BenchStore } from './store.js';
import { fullPage, measureAgainstBare, type ListFigure } from './lists.js';

export interface HttpFigure extends ListFigure {
  members: number;
  clients: number;
}

/**
 * The load generator runs in a worker thread (its own event loop, so it does not share the
 * server's): `clients` loops, each sending the next request when the previous answer has been read
 * in full, over keep-alive connections (Node's fetch). Plain JavaScript, so the worker needs no
 * TypeScript loader.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { url, token, clients, warmupMs, durationMs } = workerData;
const headers = { authorization: 'Bearer ' + token };
async function loop(until, latencies, counts) {
  while (performance.now() < until) {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status === 200) { if (latencies) latencies.push(performance.now() - t0); }
      else counts.errors++;
    } catch { counts.errors++; }
  }
}
(async () => {
  const warm = { errors: 0 };
  const w = performance.now() + warmupMs;
  await Promise.all(Array.from({ length: clients }, () => loop(w, null, warm)));
  const latencies = [];
  const counts = { errors: 0 };
  const start = performance.now();
  await Promise.all(Array.from({ length: clients }, () => loop(start + durationMs, latencies, counts)));
  const elapsedMs = performance.now() - start;
  parentPort.postMessage({ latencies: Float64Array.from(latencies), errors: counts.errors + warm.errors, elapsedMs });
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

export function runClients(data: {
  url: string;
  token: string;
  clients: number;
  warmupMs: number;
  durationMs: number;
}) {
  return new Promise<{ latencies: Float64Array; errors: number; elapsedMs: number }>(
    (resolve, reject) => {
      const worker = new Worker(CLIENT, { eval: true, workerData: data });
      worker.once(
        'message',
        (m: { latencies: Float64Array; errors: number; elapsedMs: number } | { error: string }) => {
          if ('error' in m) reject(new Error(m.error));
          else resolve(m);
          void worker.terminate();
        },
      );
      worker.once('error', reject);
    },
  );
}

/**
 * An organization with `members` members (users inserted directly, memberships added in one
 * command through the runner, so every one has its ledger event), an API token with the read
 * scope, and the app listening on 127.0.0.1. Then `clients` concurrent clients page through
 * GET /api/v1/orgs/{org}/members?limit=50 for `durationMs`, in rounds interleaved with a bare
 * Fastify handler sending the same body (bench/lists.ts).
 */
export async function benchHttp(
  store: BenchStore,
  opts: { members: number; clients: number; warmupMs: number; durationMs: number; rounds: number },
): Promise<HttpFigure> {
  const { services } = store;
  const org = await createBenchOrg(services, 'http-list');
  await runCommand(
    hostContext(services),
    { action: 'members.add', input: z.unknown(), raw: null },
    async (tx) => {
      for (let i = 1; i < opts.members; i++) {
        const user = {
          id: newId(),
          email: `member-${i}@http-list.example`,
          name: `Member ${i}`,
          password_hash: null,
          created_at: tx.now,
          updated_at: tx.now,
        };
        await tx.db.insertInto('users').values(user).execute();
        const m = {
          id: newId(),
          org_id: org.id,
          user_id: user.id,
          email: user.email,
          role: 'contributor',
          version: 1,
          created_at: tx.now,
          updated_at: tx.now,
        };
        await tx.db.insertInto('memberships').values(m).execute();
        tx.record(org.id, 'memberships', m.id, m);
      }
    },
  );
  const { token } = await run(
    hostContext(services),
    createTokenFor,
    { name: 'bench reader', scopes: ['read'], userId: org.ownerId },
    { access: ownerAccess(org) },
  );

  const app = await buildApp(services, { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { port } = app.server.address() as AddressInfo;
    const figure = await measureAgainstBare(
      `http://127.0.0.1:${port}`,
      `/api/v1/orgs/${org.slug}/members?limit=50`,
      token,
      fullPage('the members list'),
      opts,
    );
    return { ...figure, members: opts.members, clients: opts.clients };
  } finally {
    await app.close();
  }
}
