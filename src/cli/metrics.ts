import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Config } from '../config.js';
import { readCsv } from '../interop/csv.js';
import { resolveOrg } from '../kernel/authorize.js';
import { run } from '../kernel/commands.js';
import type { Context } from '../kernel/context.js';
import { AppError, ERRORS, type ErrorCode, type FieldError } from '../kernel/errors.js';
import { sha256Hex } from '../kernel/ids.js';
import { ingestPoints, MAX_BATCH } from '../modules/monitoring/index.js';

/**
 * `aims metrics push`: measurements from a file (CSV with a header metric,at,value[,model][,note],
 * or JSON: a list of points or { points: [...] }, each { metricId, at, value, aiModelId?, note? })
 * into their metrics, one batch per metric, against a server (--url/AIMS_URL with
 * --token/AIMS_TOKEN, as `aims gate` does) or the local database. The batch key is --batch-key
 * (with ":<metric id>" added when the file holds several metrics), by default the SHA-256 of the
 * file, so pushing the same file again changes nothing.
 */
export interface MetricsCliDeps {
  io: { out(s: string): void; err(s: string): void };
  config: () => Config;
  withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T>;
  usage(message: string): Error;
}

interface FilePoint {
  metricId: string;
  at: string;
  value: number;
  aiModelId?: string | null;
  note?: string | null;
  /** Where it is in the file, for messages: a CSV row (header = 1) or a JSON item (from 1). */
  line: number;
}

interface Options {
  org: string;
  file: string;
  metric?: string;
  batchKey?: string;
  url?: string;
  token?: string;
  json?: boolean;
}

/** What a batch answered (the API's MetricBatch). */
interface BatchAnswer {
  id: string;
  metricId: string;
  batchKey: string;
  contentSha256: string;
  pointCount: number;
  counts: { ok: number; warn: number; breach: number };
  breaches: { action: string; incidentId: string | null; nonconformityId: string | null }[];
}

function readPoints(file: string, metric: string | undefined, usage: (m: string) => Error) {
  const text = fs.readFileSync(file, 'utf8');
  const points: FilePoint[] = [];
  if (path.extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw usage(`${file}: not JSON (${(e as Error).message})`);
    }
    const list = Array.isArray(data) ? data : (data as { points?: unknown })?.points;
    if (!Array.isArray(list))
      throw usage(`${file}: expected a list of points or { "points": [...] }`);
    list.forEach((p: Record<string, unknown>, i) =>
      points.push({
        metricId: String(p.metricId ?? metric ?? ''),
        at: String(p.at ?? ''),
        value: p.value as number,
        aiModelId: (p.aiModelId as string | null | undefined) ?? undefined,
        note: (p.note as string | null | undefined) ?? undefined,
        line: i + 1,
      }),
    );
  } else {
    const { rows, problem } = readCsv(text);
    if (problem) throw usage(`${file}: ${problem}`);
    const [header, ...body] = rows;
    const col = (name: string) => header?.findIndex((h) => h.trim().toLowerCase() === name) ?? -1;
    const [m, at, value, model, note] = ['metric', 'at', 'value', 'model', 'note'].map(col);
    if (at! < 0 || value! < 0) throw usage(`${file}: the header needs at and value (and metric)`);
    body.forEach((r, i) => {
      const cell = (c: number) => (c >= 0 ? (r[c] ?? '').trim() : '');
      const v = cell(value!);
      const n = v === '' ? NaN : Number(v);
      if (!Number.isFinite(n)) throw usage(`${file} row ${i + 2}: value "${v}" is not a number`);
      points.push({
        metricId: cell(m!) || metric || '',
        at: cell(at!),
        value: n,
        ...(cell(model!) ? { aiModelId: cell(model!) } : {}),
        ...(cell(note!) ? { note: cell(note!) } : {}),
        line: i + 2,
      });
    });
  }
  if (!points.length) throw usage(`${file}: no points`);
  const missing = points.find((p) => !p.metricId);
  if (missing) throw usage(`${file}: point ${missing.line} names no metric (or give --metric)`);
  const byMetric = new Map<string, FilePoint[]>();
  for (const p of points) byMetric.set(p.metricId, [...(byMetric.get(p.metricId) ?? []), p]);
  for (const [id, list] of byMetric)
    if (list.length > MAX_BATCH)
      throw usage(`${file}: ${list.length} points for metric ${id}; a batch holds ${MAX_BATCH}`);
  return { byMetric, hash: sha256Hex(text) };
}

/** A refusal of a point, as a line of the file rather than a JSON pointer. */
function inFile(e: unknown, list: FilePoint[], file: string): unknown {
  if (!(e instanceof AppError) || !e.errors) return e;
  const errors: FieldError[] = e.errors.map((f) => {
    const m = /^\/body\/points\/(\d+)(?:\/(\w+))?/.exec(f.pointer);
    const p = m ? list[Number(m[1])] : undefined;
    return p ? { ...f, row: p.line, column: m![2] ?? '' } : f;
  });
  return new AppError(e.code, `${file}: ${e.message}`, errors);
}

export function registerMetricsCommands(program: Command, deps: MetricsCliDeps) {
  const metrics = program.command('metrics').description('monitoring: push measurements');
  metrics
    .command('push')
    .description('push the points of a CSV or JSON file, one idempotent batch per metric')
    .requiredOption('--org <slug>', 'organization slug or id')
    .requiredOption('--file <path>', 'points.csv (metric,at,value[,model][,note]) or points.json')
    .option('--metric <id>', 'the metric of points that name none')
    .option('--batch-key <key>', 'the batch key (default: the SHA-256 of the file)')
    .option('--url <url>', 'call this aims server (or AIMS_URL) instead of the local database')
    .option('--token <token>', 'the API token for --url (or AIMS_TOKEN)')
    .addOption(new Option('--json', 'print machine-readable JSON'))
    .action(async (o: Options) => {
      if (!fs.statSync(o.file, { throwIfNoEntry: false })?.isFile())
        throw deps.usage(`--file ${o.file}: no such file`);
      const { byMetric, hash } = readPoints(o.file, o.metric, deps.usage);
      const key = o.batchKey ?? `file-sha256:${hash}`;
      const push = pusher(deps, o);
      const answers: BatchAnswer[] = [];
      for (const [metricId, list] of byMetric) {
        const body = {
          batchKey: byMetric.size > 1 ? `${key}:${metricId}` : key,
          points: list.map(({ line: _l, metricId: _m, ...p }) => p),
        };
        try {
          answers.push(await push(metricId, body));
        } catch (e) {
          throw inFile(e, list, o.file);
        }
      }
      if (o.json) deps.io.out(JSON.stringify({ batches: answers }, null, 2));
      else deps.io.out(answers.map(describe).join('\n'));
    });
}

type Push = (
  metricId: string,
  body: { batchKey: string; points: object[] },
) => Promise<BatchAnswer>;

function pusher(deps: MetricsCliDeps, o: Options): Push {
  const config = deps.config();
  const url = (o.url ?? config.apiUrl)?.replace(/\/+$/, '');
  if (!url)
    return (metricId, body) =>
      deps.withContext(config, async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        const r = await run(ctx, ingestPoints, { ...body, metricId }, { access });
        return {
          id: r.batch.id,
          metricId,
          batchKey: r.batch.batch_key,
          contentSha256: r.batch.content_sha256,
          pointCount: r.batch.point_count,
          counts: { ok: r.batch.ok_count, warn: r.batch.warn_count, breach: r.batch.breach_count },
          breaches: r.breaches.map((b) => ({
            action: b.action,
            incidentId: b.incident_id,
            nonconformityId: b.nonconformity_id,
          })),
        };
      });
  const token = o.token ?? config.apiToken;
  if (!token) throw deps.usage('--url needs an API token: --token or AIMS_TOKEN');
  return async (metricId, body) => {
    const target = `${url}/api/v1/orgs/${encodeURIComponent(o.org)}/metrics/${encodeURIComponent(metricId)}/points`;
    let res: Response;
    try {
      res = await fetch(target, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw deps.usage(`cannot reach ${url}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    if (res.ok && json) return json as unknown as BatchAnswer;
    const code = String(json?.code ?? '');
    const detail = String(json?.detail ?? `${res.status} ${res.statusText}`);
    if (Object.hasOwn(ERRORS, code))
      throw new AppError(code as ErrorCode, detail, json?.errors as FieldError[] | undefined);
    throw deps.usage(`${url} answered ${res.status}: ${detail.slice(0, 200)}`);
  };
}

function describe(b: BatchAnswer): string {
  const lines = [
    `metric ${b.metricId}: ${b.pointCount} points (${b.counts.ok} ok, ${b.counts.warn} warn, ${b.counts.breach} breach), batch ${b.batchKey} (sha256 ${b.contentSha256.slice(0, 12)}…)`,
  ];
  for (const x of b.breaches)
    lines.push(
      `  breach: ${x.incidentId ? `incident ${x.incidentId} opened` : x.nonconformityId ? `nonconformity ${x.nonconformityId} raised` : 'no action (the metric says none)'}`,
    );
  return lines.join('\n');
}
