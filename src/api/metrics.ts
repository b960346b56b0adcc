import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Reaction } from '../kernel/context.js';

/**
 * The figures `GET /metrics` gives in the Prometheus text format (version 0.0.4): requests by
 * route and status with their durations, commands committed by action, ledger alarms, and the
 * process (memory, CPU, event loop, open files). One registry per process, as the counters
 * count what the process did; kept by hand (a few counters need no client library).
 */

type Labels = Record<string, string>;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : 'NaN');

class Counter {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1) {
    const key = labelText(labels);
    const v = this.values.get(key);
    if (v) v.value += by;
    else this.values.set(key, { labels, value: by });
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      out.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return out;
  }
}

class Histogram {
  readonly values = new Map<
    string,
    { labels: Labels; buckets: number[]; sum: number; n: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: number[],
  ) {}
  observe(labels: Labels, value: number) {
    const key = labelText(labels);
    let v = this.values.get(key);
    if (!v) {
      v = { labels, buckets: this.bounds.map(() => 0), sum: 0, n: 0 };
      this.values.set(key, v);
    }
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) v.buckets[i]!++;
    v.sum += value;
    v.n++;
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, buckets, sum, n } of this.values.values()) {
      this.bounds.forEach((b, i) =>
        out.push(`${this.name}_bucket${labelText({ ...labels, le: num(b) })} ${buckets[i]}`),
      );
      out.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${n}`);
      out.push(`${this.name}_sum${labelText(labels)} ${num(sum)}`);
      out.push(`${this.name}_count${labelText(labels)} ${n}`);
    }
    return out;
  }
}

const gauge = (name: string, help: string, value: number, labels: Labels = {}) => [
  `# HELP ${name} ${help}`,
  `# TYPE ${name} gauge`,
  `${name}${labelText(labels)} ${num(value)}`,
];

export const httpRequests = new Counter(
  'aims_http_requests_total',
  'HTTP requests answered, by method, route pattern and status.',
);
export const httpDuration = new Histogram(
  'aims_http_request_duration_seconds',
  'Time from the request to the end of the answer, by method, route pattern and status.',
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);
export const commandsCommitted = new Counter(
  'aims_commands_committed_total',
  'Commands committed (their changes and ledger events written), by action.',
);

export const responseCacheLookups = new Counter(
  'aims_response_cache_lookups_total',
  'Read answers looked up in the response cache, by route pattern and result: hit (sent from the cache), miss (computed, then kept), bypass (not cacheable: an as-of view, a head older than one already seen).',
);

/** A reaction of every command: counts it once its transaction has committed. */
export const countCommitted: Reaction = async (tx, _events, action) => {
  tx.afterCommit(() => commandsCommitted.inc({ action }));
};

const loopDelay = monitorEventLoopDelay({ resolution: 20 });
let loopDelayOn = false;

function openFiles(): number | null {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return null; // not Linux
  }
}

/** Every metric as the Prometheus text format. `ledgerAlarms`: organizations in alarm now. */
export function renderMetrics(o: { ledgerAlarms: number; version: string }): string {
  if (!loopDelayOn) {
    // Measured from the first scrape on, so a server nobody scrapes does not pay for it.
    loopDelay.enable();
    loopDelayOn = true;
  }
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const fds = openFiles();
  const lines = [
    ...gauge('aims_info', 'The running version of aims and of Node.js.', 1, {
      version: o.version,
      node: process.version,
    }),
    ...gauge(
      'aims_ledger_alarms',
      'Organizations whose ledger is in alarm (their changes are refused); 0 when all is well.',
      o.ledgerAlarms,
    ),
    ...commandsCommitted.render(),
    ...httpRequests.render(),
    ...httpDuration.render(),
    ...responseCacheLookups.render(),
    ...gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', mem.rss),
    ...gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', mem.heapUsed),
    ...gauge('nodejs_heap_total_bytes', 'V8 heap allocated, in bytes.', mem.heapTotal),
    ...gauge(
      'nodejs_external_memory_bytes',
      'Memory of C++ objects bound to JavaScript.',
      mem.external,
    ),
    `# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.`,
    `# TYPE process_cpu_seconds_total counter`,
    `process_cpu_seconds_total ${num((cpu.user + cpu.system) / 1e6)}`,
    ...gauge(
      'process_start_time_seconds',
      'When the process started, in seconds since the Unix epoch.',
      Math.round(Date.now() / 1000 - process.uptime()),
    ),
    ...gauge(
      'nodejs_eventloop_delay_p99_seconds',
      'The 99th percentile of event loop delay since the first scrape, in seconds.',
      loopDelay.count ? loopDelay.percentile(99) / 1e9 : 0,
    ),
    ...(fds === null ? [] : gauge('process_open_fds', 'Open file descriptors.', fds)),
  ];
  return `${lines.join('\n')}\n`;
}
