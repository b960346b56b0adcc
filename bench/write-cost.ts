/**
 * npx tsx bench/write-cost.ts <orgs> <commands per writer>  (AIMS_BENCH_POSTGRES_URL set)
 *
 * The cost of a durable command on PostgreSQL, with little of the machine's noise: 16 writers
 * through the runner (no HTTP) on <orgs> organizations, a fixed number of commands each after a
 * warm-up; over exactly that phase, the CPU of this process and of the PostgreSQL server's
 * processes on this machine (from /proc, Linux only), the queries sent and the round trips they
 * took (a query sent while its connection had none in flight starts one), per command.
 */
import fs from 'node:fs';
import pg from 'pg';
import { run } from '../src/kernel/commands.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { createBenchOrg, hostContext, openStore, ownerAccess, type BenchOrg } from './store.js';

const url = process.env.AIMS_BENCH_POSTGRES_URL;
if (!url) throw new Error('AIMS_BENCH_POSTGRES_URL names the PostgreSQL server to measure');
const [orgCount, each] = process.argv.slice(2).map(Number);
if (!orgCount || !each) throw new Error('usage: write-cost.ts <orgs> <commands per writer>');

let queries = 0;
/** Queries sent while their client had none in flight: each starts a round trip of its own. */
let roundTrips = 0;
/** pg's queues of a client: queued, and sent but not yet answered (pipeline mode). */
interface ClientQueues {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  _sentQueryQueue?: unknown[];
}
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
  queries++;
  const c = this as unknown as ClientQueues;
  if (!c._activeQuery && !c._queryQueue?.length && !c._sentQueryQueue?.length) roundTrips++;
  return query.apply(this, args);
} as typeof query;

/** CPU milliseconds (user + system) of every process named postgres. */
function postgresCpuMs() {
  let ms = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ms += (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  }
  return ms;
}

const WRITERS = 16;
const s = await openStore('postgres', url);
try {
  const orgs: BenchOrg[] = [];
  for (let i = 0; i < orgCount; i++)
    orgs.push(await createBenchOrg(s.services, `cost-${i}-${Date.now()}`));
  const ctx = hostContext(s.services);
  const write = (tag: string, n: number) =>
    Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const org = orgs[w % orgs.length]!;
        for (let i = 0; i < n; i++)
          await run(
            ctx,
            createTokenFor,
            { name: `${tag} ${w} ${i}`, scopes: ['read'], userId: org.ownerId },
            { access: ownerAccess(org) },
          );
      }),
    );
  await write('warm-up', 10);
  const q0 = queries;
  const r0 = roundTrips;
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  const t0 = performance.now();
  await write('cost', each);
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const n = WRITERS * each;
  const fixed = (v: number) => Number(v.toFixed(2));
  console.log(
    JSON.stringify({
      orgs: orgCount,
      commands: n,
      perSecond: Math.round((n / elapsed) * 1000),
      nodeCpuMs: fixed((cpu.user + cpu.system) / 1000 / n),
      postgresCpuMs: fixed((postgresCpuMs() - pg0) / n),
      queries: fixed((queries - q0) / n),
      roundTrips: fixed((roundTrips - r0) / n),
      load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
    }),
  );
} finally {
  await s.close();
}
