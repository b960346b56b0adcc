/**
 * npm run bench [-- --quick] [--only commands,writes,verify,http,lists,metrics,startup,pack]
 *
 * `--only` runs some of the measurements (lists: the large organization's lists and dashboard;
 * pack: the audit pack of the large organization, bench/pack.ts); the others' cells stay empty.
 * `--pack` is `--only pack`; `--verify` is `--only verify` (the ledger chain and `aims ledger verify`).
 *
 * Prints one markdown table with a column per store: SQLite (a file in a temp folder) and
 * PostgreSQL (the server named by AIMS_BENCH_POSTGRES_URL, in a fresh schema dropped at the end).
 * Progress goes to stderr, the table to stdout. Method and first figures: docs/PERFORMANCE.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { benchCommands, type CommandFigure } from './commands.js';
import { benchWrites, type WritesFigure } from './writes.js';
import { benchDashboard, type DashboardFigure } from './dashboard.js';
import { benchHttp, type HttpFigure } from './http.js';
import { benchLists, LARGE_LISTS, type ListFigure } from './lists.js';
import { generateLedger, verifyInChild, type Generated, type VerifyFigure } from './ledger.js';
import { benchSync, openStore, type BenchStore, type DialectName } from './store.js';
import { int, log, mb, ms, seconds } from './stats.js';
import { benchReadiness, type ReadinessFigure } from './readiness.js';
import { benchMetrics, type MetricsFigure } from './metrics.js';
import { benchStartup, type StartupFigure } from './startup.js';
import { benchPack, type PackFigure } from './pack.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const PARTS = [
  'commands',
  'writes',
  'verify',
  'http',
  'lists',
  'metrics',
  'startup',
  'pack',
] as const;
type Part = (typeof PARTS)[number];
let only: Set<Part> | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--quick') continue;
  if (a === '--pack' || a === '--verify') {
    only = new Set([a === '--pack' ? 'pack' : 'verify']);
    continue;
  }
  if (a === '--only' && args[i + 1]) {
    const names = args[++i]!.split(',');
    for (const n of names)
      if (!(PARTS as readonly string[]).includes(n))
        throw new Error(`unknown part ${n} (one of ${PARTS.join(', ')})`);
    only = new Set(names as Part[]);
    continue;
  }
  throw new Error(`unknown option ${a} (--quick, --only ${PARTS.join(',')})`);
}
const runs = (p: Part) => !only || only.has(p);
const PACK_FILES = { files: 200, fileBytes: 256 * 1024 };

const SIZE = quick
  ? { windowMs: 2_000, events: 100_000, members: 1_000, httpWarmupMs: 500, batches: 3, rounds: 2 }
  : {
      windowMs: 5_000,
      events: 1_000_000,
      members: 1_000,
      httpWarmupMs: 1_000,
      batches: 7,
      rounds: 3,
    };
const WRITERS = 16;
const CLIENTS = 20;

const pgUrl = process.env.AIMS_BENCH_POSTGRES_URL || undefined;

interface Column {
  commands1?: CommandFigure;
  commands16one?: CommandFigure;
  commands16many?: CommandFigure;
  writes16one?: WritesFigure;
  writes16many?: WritesFigure;
  generated?: Generated;
  verify?: VerifyFigure;
  verifyOne?: VerifyFigure;
  http?: HttpFigure;
  readiness?: ReadinessFigure;
  dashboard?: DashboardFigure;
  lists?: ListFigure[];
  metrics?: MetricsFigure;
  pack?: PackFigure;
}

/** Runs `fn` on a fresh store of the dialect and always cleans the store up. */
async function withStore<T>(dialect: DialectName, fn: (s: BenchStore) => Promise<T>): Promise<T> {
  const store = await openStore(dialect, pgUrl);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function runPack(dialect: DialectName, col: Column) {
  await withStore(dialect, async (s) => {
    log(`${dialect}: audit pack of the large organization`);
    col.pack = await benchPack(s, PACK_FILES);
  });
}

async function runDialect(dialect: DialectName): Promise<Column> {
  const col: Column = {};
  if (runs('commands'))
    await withStore(dialect, async (s) => {
      log(`${dialect}: durable commands, 1 writer`);
      col.commands1 = await benchCommands(s, {
        writers: 1,
        orgs: 1,
        durationMs: SIZE.windowMs,
        tag: 'w1',
      });
      log(`${dialect}: durable commands, ${WRITERS} writers on one org`);
      col.commands16one = await benchCommands(s, {
        writers: WRITERS,
        orgs: 1,
        durationMs: SIZE.windowMs,
        tag: 'w16one',
      });
      log(`${dialect}: durable commands, ${WRITERS} writers on ${WRITERS} orgs`);
      col.commands16many = await benchCommands(s, {
        writers: WRITERS,
        orgs: WRITERS,
        durationMs: SIZE.windowMs,
        tag: 'w16many',
      });
    });
  if (runs('writes'))
    await withStore(dialect, async (s) => {
      for (const orgs of [1, WRITERS]) {
        log(`${dialect}: HTTP writes, ${WRITERS} writers on ${orgs} org(s)`);
        const f = await benchWrites(s, {
          writers: WRITERS,
          orgs,
          warmupMs: SIZE.httpWarmupMs,
          durationMs: SIZE.windowMs,
          tag: `h${orgs}`,
        });
        if (orgs === 1) col.writes16one = f;
        else col.writes16many = f;
      }
    });
  if (runs('http'))
    await withStore(dialect, async (s) => {
      log(`${dialect}: HTTP list, ${CLIENTS} clients`);
      col.http = await benchHttp(s, {
        members: SIZE.members,
        clients: CLIENTS,
        warmupMs: SIZE.httpWarmupMs,
        durationMs: SIZE.windowMs,
        rounds: SIZE.rounds,
      });
    });
  if (runs('lists'))
    await withStore(dialect, async (s) => {
      log(`${dialect}: readiness of a large organization`);
      col.readiness = await benchReadiness(s, {
        systems: 1_000,
        risks: 20_000,
        links: 50_000,
        runs: 7,
      });
      log(`${dialect}: HTTP dashboard of the large organization, ${CLIENTS} clients`);
      col.dashboard = await benchDashboard(s, col.readiness.org, {
        clients: CLIENTS,
        warmupMs: SIZE.httpWarmupMs,
        durationMs: SIZE.windowMs,
      });
      log(`${dialect}: HTTP lists of the large organization against a bare Fastify handler`);
      col.lists = await benchLists(s, col.readiness.org, {
        clients: CLIENTS,
        warmupMs: SIZE.httpWarmupMs,
        durationMs: SIZE.windowMs,
        rounds: SIZE.rounds,
      });
    });
  if (runs('metrics'))
    await withStore(dialect, async (s) => {
      log(`${dialect}: metric ingestion, batches of 10,000 points`);
      col.metrics = await benchMetrics(s, { runs: SIZE.batches });
    });
  if (runs('verify'))
    await withStore(dialect, async (s) => {
      log(`${dialect}: generating ${int(SIZE.events)} ledger events`);
      col.generated = await generateLedger(s, SIZE.events);
      log(`${dialect}: verifying (aims ledger verify, worker threads)`);
      col.verify = await verifyInChild(s.spec, col.generated.orgId);
      // The same chain walked in one thread, as before worker threads (the ratio under one load).
      log(`${dialect}: verifying (aims ledger verify, one thread)`);
      col.verifyOne = await verifyInChild(s.spec, col.generated.orgId, {
        AIMS_VERIFY_PARALLEL_MIN: String(Number.MAX_SAFE_INTEGER),
      });
    });
  if (runs('pack')) await runPack(dialect, col);
  return col;
}

async function postgresVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ server_version: string }>('show server_version');
    const sc = await c.query<{ synchronous_commit: string }>('show synchronous_commit');
    return `PostgreSQL ${r.rows[0]!.server_version} (synchronous_commit=${sc.rows[0]!.synchronous_commit})`;
  } finally {
    await c.end();
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

const cmdCell = (f?: CommandFigure) =>
  f ? `${int(f.perSecond)}/s (p50 ${ms(f.p50)}, p99 ${ms(f.p99)})` : '';
const writesCell = (f?: WritesFigure) =>
  f
    ? `${int(f.perSecond)}/s (p50 ${ms(f.p50)}, p99 ${ms(f.p99)}); server CPU ${ms(f.cpuPerCommandMs)}, load generator ${ms(f.clientCpuPerCommandMs)} a command; load ${f.load.toFixed(1)}`
    : '';
const verifyCell = (f?: VerifyFigure) =>
  f
    ? `${int(f.eventsPerSecond)} events/s (${int(f.events)} events in ${seconds(f.elapsedMs)}, ${seconds(f.cpuMs)} CPU); peak RSS ${mb(f.peakRssBytes)}`
    : '';
const genCell = (g?: Generated) =>
  g ? `${int((g.events / g.elapsedMs) * 1000)} events/s (${seconds(g.elapsedMs)})` : '';
const listCell = (f?: ListFigure) =>
  f
    ? `${int(f.perSecond)} req/s (p50 ${ms(f.p50)}, p99 ${ms(f.p99)}) = **${Math.round(f.fraction * 100)} %** of bare Fastify with the same ${int(f.bodyBytes / 1024)} kB body (${int(f.barePerSecond)} req/s, p99 ${ms(f.bareP99)}; ${f.rounds} interleaved rounds)${f.errors ? `, ${f.errors} errors` : ''}`
    : '';
const httpCell = (f?: HttpFigure) => listCell(f);

const dashboardCell = (f?: DashboardFigure) =>
  f
    ? `${int(f.perSecond)} req/s (p50 ${ms(f.p50)}, p99 ${ms(f.p99)}); ${f.evaluations} readiness evaluations${f.errors ? `, ${f.errors} errors` : ''}`
    : '';

const readinessCell = (f?: ReadinessFigure) => {
  if (!f) return '';
  const sorted = [...f.runs].sort((a, b) => a - b);
  return `median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, best ${ms(sorted[0]!)}, worst ${ms(sorted[sorted.length - 1]!)} over ${f.runs.length} runs`;
};

const packCell = (f?: PackFigure) =>
  f
    ? `${seconds(f.elapsedMs)}, ${seconds(f.cpuMs)} CPU (${int(f.events)} events, ${int(f.records)} records, ${f.evidenceFiles} files of ${mb(f.evidenceBytes)}; archive ${mb(f.bytes)}); peak RSS ${mb(f.peakRssBytes)} (${mb(f.rssBeforeBytes)} before); \`pack verify\` ${seconds(f.verifyMs)}`
    : '';

const metricsCell = (f?: MetricsFigure) => {
  if (!f) return '';
  const sorted = [...f.runs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${int((f.points / median) * 1000)} points/s (median ${ms(median)} a batch, best ${ms(sorted[0]!)}, worst ${ms(sorted[sorted.length - 1]!)} over ${f.runs.length})`;
};

/** Start-up rows: one server process on SQLite, so the PostgreSQL cell says so. */
function startupRows(f: StartupFigure): string[] {
  const sorted = [...f.restartsMs].sort((a, b) => a - b);
  const cpu = [...f.restartsCpuMs].sort((a, b) => a - b);
  const same = 'the same process (measured on SQLite)';
  const b = f.bundle;
  return [
    `| Cold start to a healthy server (\`npm start\`'s \`node --max-semi-space-size=4 bin/aims.mjs serve\` to a 200 from the health check) | median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, best ${ms(sorted[0]!)}, worst ${ms(sorted[sorted.length - 1]!)} over ${sorted.length} starts; first start on a new data folder ${ms(f.firstStartMs)} | ${same} |`,
    `| CPU time of the server process at its first healthy answer (user + system) | median ${ms(cpu[Math.floor(cpu.length / 2)]!)}, best ${ms(cpu[0]!)}, worst ${ms(cpu[cpu.length - 1]!)} over ${cpu.length} starts | ${same} |`,
    `| Idle RSS (after the health check and the web bundle, then quiet) | ${mb(f.idleRssBytes)} | ${same} |`,
    `| Web bundle on the wire (entry script and style sheet, Accept-Encoding: br, gzip) | ${b ? `${int(b.wireBytes / 1024)} KB (${b.encodings.join(', ')}; ${int(b.rawBytes / 1024)} KB uncompressed)` : 'web app not built'} | ${same} |`,
  ];
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main() {
  const started = new Date();
  const loadBefore = load();
  if (runs('startup')) log('start-up: node --max-semi-space-size=4 bin/aims.mjs serve, SQLite');
  const startup = runs('startup')
    ? await benchStartup({ restarts: quick ? 3 : 7, idleMs: quick ? 2_000 : 5_000 })
    : null;
  const sqlite = await runDialect('sqlite');
  let postgres: Column | null = null;
  let pgLabel = 'PostgreSQL';
  if (pgUrl) {
    pgLabel = await postgresVersion(pgUrl);
    postgres = await runDialect('postgres');
  } else {
    log('PostgreSQL skipped: set AIMS_BENCH_POSTGRES_URL');
  }
  const skipped = 'skipped (set AIMS_BENCH_POSTGRES_URL)';
  const row = (label: string, cell: (c: Column) => string) =>
    `| ${label} | ${cell(sqlite)} | ${postgres ? cell(postgres) : skipped} |`;
  const ev = int(SIZE.events);
  const lines = [
    `aims bench${quick ? ' --quick' : ''}${only ? ` --only ${[...only].join(',')}` : ''}, ${started.toISOString()}: ${os.cpus().length} × ${cpuModel()}, ${mb(os.totalmem())} RAM, Node ${process.version};` +
      ` load average ${loadBefore} before, ${load()} after; ${seconds(Date.now() - started.getTime())} in all`,
    '',
    `| measurement | SQLite (file, WAL, synchronous=${benchSync() ? 'FULL' : 'NORMAL'}${benchSync() ? ', head logs fdatasynced' : ''}) | ${pgLabel} |`,
    '|---|---|---|',
    row('Durable commands/s, 1 writer (`tokens.create`)', (c) => cmdCell(c.commands1)),
    row(`Durable commands/s, ${WRITERS} writers, one org`, (c) => cmdCell(c.commands16one)),
    row(`Durable commands/s, ${WRITERS} writers, ${WRITERS} orgs`, (c) =>
      cmdCell(c.commands16many),
    ),
    row(`HTTP writes (\`POST /tokens\`), ${WRITERS} writers, one org`, (c) =>
      writesCell(c.writes16one),
    ),
    row(`HTTP writes (\`POST /tokens\`), ${WRITERS} writers, ${WRITERS} orgs`, (c) =>
      writesCell(c.writes16many),
    ),
    row(`Ledger verification (\`aims ledger verify\`, the whole command), ${ev} events`, (c) =>
      verifyCell(c.verify),
    ),
    row(`The same, the chain walked in one thread (AIMS_VERIFY_PARALLEL_MIN above it)`, (c) =>
      verifyCell(c.verifyOne),
    ),
    row(`(setup) bulk generation of the ${ev} events`, (c) => genCell(c.generated)),
    row(`HTTP \`GET /members?limit=50\`, ${CLIENTS} clients, ${int(SIZE.members)} members`, (c) =>
      httpCell(c.http),
    ),
    row('Full readiness (`evaluate`), 1,000 AI systems, 20,000 risks, 50,000 evidence links', (c) =>
      readinessCell(c.readiness),
    ),
    row(`HTTP \`GET /dashboard\` of that organization, ${CLIENTS} clients`, (c) =>
      dashboardCell(c.dashboard),
    ),
    row('Metric ingestion (`monitoring.ingest`), one batch of 10,000 points', (c) =>
      metricsCell(c.metrics),
    ),
    ...LARGE_LISTS.map((l, i) =>
      row(
        `HTTP \`GET /${l.name}?limit=50\` of that organization (${l.total}), ${CLIENTS} clients`,
        (c) => listCell(c.lists?.[i]),
      ),
    ),
    row(
      `Audit pack (\`aims pack\`) of that organization with ${PACK_FILES.files} evidence files of ${int(PACK_FILES.fileBytes / 1024)} KB`,
      (c) => packCell(c.pack),
    ),
    ...(startup ? startupRows(startup) : []),
    '',
    `Notes: each command is one committed transaction with its ledger event; ${seconds(SIZE.windowMs)} windows after a warm-up; writers are async loops in one process.`,
    'SQLite is one connection (writers queue on it and on BEGIN IMMEDIATE); synchronous=NORMAL in WAL mode does not fsync each commit.',
    'Verification is `aims ledger verify` run as its own process under GNU time (PostgreSQL tables ANALYZEd after the bulk generation); peak RSS is its maximum resident set, worker threads included.',
    'HTTP reads come from a worker thread (fetch, keep-alive), HTTP writes from a child process writing HTTP/1.1 on kept-alive sockets, both against 127.0.0.1. Method and caveats: docs/PERFORMANCE.md.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
