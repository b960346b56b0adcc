/**
 * Start-up figures of the server as `npm start` runs it (`node --max-semi-space-size=4
 * bin/aims.mjs serve`, SQLite in a temp folder): the time from spawning the process to the first
 * healthy answer, the resident memory once it is idle, and the bytes of the web bundle on the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The V8 options of `npm start` (package.json), or AIMS_BENCH_NODE_OPTIONS (space-separated). */
const NODE_FLAGS = (process.env.AIMS_BENCH_NODE_OPTIONS ?? '--max-semi-space-size=4')
  .split(' ')
  .filter(Boolean);

export interface StartupFigure {
  /** Spawn to first 200 from the health check, on a new data folder (migrations, new keys). */
  firstStartMs: number;
  /** The same for later starts on that folder. */
  restartsMs: number[];
  /**
   * CPU time (user + system, from /proc/<pid>/stat) the server process had used when it first
   * answered healthy, for each later start: less sensitive than wall time to a loaded machine.
   */
  restartsCpuMs: number[];
  /** VmRSS after a health check and the web bundle were served, then `idleMs` of quiet. */
  idleRssBytes: number;
  /** The entry script and style sheet of the web app as sent (Accept-Encoding: br, gzip). */
  bundle: { wireBytes: number; rawBytes: number; encodings: string[] } | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // node:http does not decompress: body.length is what came over the wire.
    const req = http.get({ host: '127.0.0.1', port, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const TICKS_PER_S = 100;

/** User + system CPU time of a process so far, in milliseconds (0 where /proc is missing). */
function cpuMsOf(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th
  // field of the line, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

/** Starts the server; resolves with the time to the first healthy answer and the CPU time used. */
async function start(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(ROOT, 'bin/aims.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      AIMS_DATA_DIR: dataDir,
      AIMS_PORT: String(port),
      AIMS_HOST: '127.0.0.1',
      AIMS_LOG_LEVEL: 'warn',
      AIMS_DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('the server exited before it answered');
    try {
      const r = await get(port, '/api/v1/health');
      if (r.status === 200) {
        const ms = performance.now() - t0;
        return { child, ms, cpuMs: cpuMsOf(child.pid!) };
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]) * 1024;
}

async function bundleBytes(port: number): Promise<StartupFigure['bundle']> {
  const index = await get(port, '/');
  const html = index.body.toString('utf8');
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  if (index.status !== 200 || !assets.length) return null;
  let wireBytes = 0;
  let rawBytes = 0;
  const encodings = new Set<string>();
  for (const a of assets) {
    const r = await get(port, a, { 'accept-encoding': 'br, gzip' });
    const plain = await get(port, a);
    wireBytes += r.body.length;
    rawBytes += plain.body.length;
    encodings.add(String(r.headers['content-encoding'] ?? 'identity'));
  }
  return { wireBytes, rawBytes, encodings: [...encodings] };
}

export async function benchStartup(opts: { restarts: number; idleMs: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-bench-start-'));
  try {
    const port = await freePort();
    const first = await start(dataDir, port);
    await stop(first.child);
    const restartsMs: number[] = [];
    const restartsCpuMs: number[] = [];
    let idleRssBytes = 0;
    let bundle: StartupFigure['bundle'] = null;
    for (let i = 0; i < opts.restarts; i++) {
      const s = await start(dataDir, port);
      restartsMs.push(s.ms);
      restartsCpuMs.push(s.cpuMs);
      if (i === opts.restarts - 1) {
        bundle = await bundleBytes(port);
        await sleep(opts.idleMs);
        idleRssBytes = rssOf(s.child.pid!);
      }
      await stop(s.child);
    }
    return {
      firstStartMs: first.ms,
      restartsMs,
      restartsCpuMs,
      idleRssBytes,
      bundle,
    } satisfies StartupFigure;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
