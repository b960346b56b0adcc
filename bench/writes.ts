import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { buildApp } from '../src/app.js';
import { run } from '../src/kernel/commands.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { createBenchOrg, hostContext, ownerAccess, type BenchStore } from './store.js';
import { percentile, sortedCopy } from './stats.js';

export interface WritesFigure {
  writers: number;
  orgs: number;
  commands: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU time of the server process (user + system, all its threads) per acknowledged command. */
  cpuPerCommandMs: number;
  /** CPU time of the load generator's process per acknowledged command (it shares the CPUs). */
  clientCpuPerCommandMs: number;
  /** The 1-minute load average at the end of the window. */
  load: number;
}

/**
 * The load generator is a child process (plain JavaScript), so the CPU the bench process uses in
 * the window is the server's alone. It speaks HTTP/1.1 itself on one kept-alive connection per
 * writer (each request written whole, each answer read to the end of its Content-Length), as
 * lean load generators do: Node's fetch cost about as much CPU a request as the server did, on
 * the same 2 CPUs. Writer i posts to target i % targets.length, each request sent when the
 * previous answer has been read in full; a write counts when it answered 201.
 */
const CLIENT = `
const net = require('node:net');
const { performance } = require('node:perf_hooks');
const { targets, writers, warmupMs, durationMs } = JSON.parse(process.env.AIMS_BENCH_WRITES);
const HEAD_END = Buffer.from('\\r\\n\\r\\n');
/** A kept-alive connection: send(bytes) resolves with the status and body of the answer. */
function connection(port) {
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  let buf = Buffer.alloc(0);
  let waiting = null;
  let failed = null;
  const fail = (e) => { failed = e; if (waiting) { const w = waiting; waiting = null; w.reject(e); } };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the server closed the connection')));
  socket.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    const end = buf.indexOf(HEAD_END);
    if (end < 0 || !waiting) return;
    const head = buf.toString('latin1', 0, end);
    const len = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
    if (!len) return fail(new Error('an answer without Content-Length: ' + head.slice(0, 200)));
    const total = end + 4 + Number(len[1]);
    if (buf.length < total) return;
    const status = Number(head.slice(9, 12));
    const body = buf.toString('utf8', end + 4, total);
    buf = buf.subarray(total);
    const w = waiting; waiting = null;
    w.resolve({ status, body });
  });
  const ready = new Promise((r, j) => { socket.once('connect', r); socket.once('error', j); });
  return {
    async send(bytes) {
      await ready;
      if (failed) throw failed;
      return new Promise((resolve, reject) => { waiting = { resolve, reject }; socket.write(bytes); });
    },
    close() { socket.destroy(); },
  };
}
const conns = [];
async function loop(w, until, latencies, counts, label) {
  const t = targets[w % targets.length];
  const url = new URL(t.url);
  conns[w] ??= connection(Number(url.port));
  const c = conns[w];
  const head = 'POST ' + url.pathname + ' HTTP/1.1\\r\\nhost: ' + url.host + '\\r\\nauthorization: Bearer ' + t.token + '\\r\\ncontent-type: application/json\\r\\ncontent-length: ';
  for (let i = 0; performance.now() < until; i++) {
    const body = JSON.stringify({ name: label + ' w' + w + ' #' + i, scopes: ['read'] });
    const t0 = performance.now();
    try {
      const res = await c.send(head + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
      if (res.status === 201) { counts.acked++; if (latencies) latencies.push(performance.now() - t0); }
      else { counts.errors++; if (!counts.first) counts.first = res.status + ' ' + res.body.slice(0, 300); }
    } catch (e) { counts.errors++; if (!counts.first) counts.first = String(e); return; }
  }
}
(async () => {
  const warm = { errors: 0, acked: 0 };
  const w = performance.now() + warmupMs;
  await Promise.all(Array.from({ length: writers }, (_, i) => loop(i, w, null, warm, 'warm-up')));
  const latencies = [];
  const counts = { errors: 0, acked: 0 };
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  process.stdout.write(JSON.stringify({ started: true }) + '\\n');
  await Promise.all(Array.from({ length: writers }, (_, i) => loop(i, start + durationMs, latencies, counts, 'bench')));
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const clientCpuMs = (cpu.user + cpu.system) / 1000;
  for (const c of conns) c && c.close();
  process.stdout.write(JSON.stringify({ latencies, errors: counts.errors + warm.errors, acked: counts.acked + warm.acked, first: counts.first || warm.first, elapsedMs, clientCpuMs }) + '\\n');
})().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\\n'); });
`;

interface ClientResult {
  latencies: number[];
  errors: number;
  /** Writes answered 201, warm-up included. */
  acked: number;
  first?: string;
  elapsedMs: number;
  /** CPU time of the client process over the window. */
  clientCpuMs: number;
}

/**
 * Runs the client process; `onStart` is called when its timed window begins, `onEnd` when its
 * result arrives (before the process is reaped), so the caller can read its own CPU over exactly
 * the window.
 */
function runClient(
  data: object,
  onStart: () => void,
): Promise<{ result: ClientResult; endCpu: NodeJS.CpuUsage }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT], {
      env: { ...process.env, AIMS_BENCH_WRITES: JSON.stringify(data) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = JSON.parse(line) as { started?: true; error?: string } & ClientResult;
        if (m.started) onStart();
        else if (m.error) reject(new Error(m.error));
        else resolve({ result: m, endCpu: process.cpuUsage() });
      }
    });
    child.once('error', reject);
  });
}

/**
 * `writers` clients over real HTTP (POST /api/v1/orgs/{org}/tokens with an owner's write token:
 * one `tokens.create` command each, a token row and its ledger event), on one organization or
 * spread over `orgs`, for `durationMs` after a warm-up. Every organization's ledger must verify
 * after the run, and every write acknowledged must be there.
 */
export async function benchWrites(
  store: BenchStore,
  opts: { writers: number; orgs: number; warmupMs: number; durationMs: number; tag: string },
): Promise<WritesFigure> {
  const { services } = store;
  const orgs = [];
  for (let i = 0; i < opts.orgs; i++) {
    const org = await createBenchOrg(services, `writes-${opts.tag}-${i}`);
    const { token } = await run(
      hostContext(services),
      createTokenFor,
      { name: 'bench writer', scopes: ['write'], userId: org.ownerId },
      { access: ownerAccess(org) },
    );
    orgs.push({ org, token });
  }
  const tokensBefore = await countTokens(store);
  const app = await buildApp(services, { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  let figure: WritesFigure;
  let acked = 0;
  try {
    const { port } = app.server.address() as AddressInfo;
    let startCpu = process.cpuUsage();
    const { result, endCpu } = await runClient(
      {
        targets: orgs.map((o) => ({
          url: `http://127.0.0.1:${port}/api/v1/orgs/${o.org.slug}/tokens`,
          token: o.token,
        })),
        writers: opts.writers,
        warmupMs: opts.warmupMs,
        durationMs: opts.durationMs,
      },
      () => {
        startCpu = process.cpuUsage();
      },
    );
    if (result.errors > 0)
      throw new Error(`${result.errors} writes failed; the first: ${result.first ?? '?'}`);
    const cpuUs = endCpu.user - startCpu.user + (endCpu.system - startCpu.system);
    acked = result.acked;
    const sorted = sortedCopy(result.latencies);
    figure = {
      writers: opts.writers,
      orgs: opts.orgs,
      commands: result.latencies.length,
      errors: result.errors,
      elapsedMs: result.elapsedMs,
      perSecond: (result.latencies.length / result.elapsedMs) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      cpuPerCommandMs: cpuUs / 1000 / Math.max(1, result.latencies.length),
      clientCpuPerCommandMs: result.clientCpuMs / Math.max(1, result.latencies.length),
      load: os.loadavg()[0]!,
    };
  } finally {
    await app.close();
  }
  // No lost write: every acknowledged one (warm-up included) is a row; and the chains verify.
  const written = (await countTokens(store)) - tokensBefore;
  if (written !== acked) throw new Error(`${acked} writes acknowledged, ${written} rows written`);
  for (const { org } of orgs) {
    const report = await verifyOrg(services.database.db, services.keys, org.id);
    if (!report.ok)
      throw new Error(
        `the ledger of ${org.slug} does not verify after the run: ${JSON.stringify(report.firstBroken)}`,
      );
  }
  return figure;
}

async function countTokens(store: BenchStore): Promise<number> {
  const r = await store.services.database.db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
