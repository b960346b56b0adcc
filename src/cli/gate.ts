import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { openBlobStore } from '../blobs/store.js';
import type { Config } from '../config.js';
import { resolveOrg } from '../kernel/authorize.js';
import { run } from '../kernel/commands.js';
import type { Context } from '../kernel/context.js';
import { AppError, ERRORS, type ErrorCode } from '../kernel/errors.js';
import {
  evidenceKind,
  pushGateEvidence,
  recordGateCheck,
  STAGES,
  toCheckResultView,
  type CheckResultView,
} from '../modules/gates/index.js';

/**
 * `aims gate`: life cycle gates from a pipeline. `check` pushes any evidence given, then checks
 * the gate into a stage: exit 0 when it passes, 1 when it fails (each criterion and why), 2 when
 * the check cannot be made (a usage error, an unknown system, a refused token, no server). With
 * --url (or AIMS_URL) it calls that server with --token (or AIMS_TOKEN), as a pipeline does;
 * without, it works on the database of this machine as the other commands do.
 */
export interface GateCliDeps {
  io: { out(s: string): void; err(s: string): void };
  config: () => Config;
  status: { exitCode: number };
  withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T>;
  usage(message: string): Error;
}

interface Pushed {
  kind: string;
  modelVersion: string | null;
  evidenceId: string;
  filename: string;
  sha256: string | null;
}

interface EvidenceArg {
  kind: string;
  file: string;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.pdf': 'application/pdf',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};
const mediaTypeOf = (file: string) =>
  TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

interface Target {
  org: string;
  system: string;
  modelVersion?: string;
  url?: string;
  token?: string;
  json?: boolean;
}

export function registerGateCommands(program: Command, deps: GateCliDeps) {
  const { io, status, usage } = deps;
  const gate = program
    .command('gate')
    .description('life cycle gates: check one from a pipeline, push evidence for one');
  const collect = (v: string, all: string[]) => [...all, v];
  const common = (c: Command) =>
    c
      .requiredOption('--org <slug>', 'organization slug or id')
      .requiredOption('--system <id|name>', 'the AI system: its id or its exact name')
      .option('--model-version <version>', 'the model version (default: the newest registered)')
      .option(
        '--evidence <kind=path>',
        'a file to push first as evidence of a kind, e.g. test_report=report.xml (repeatable)',
        collect,
        [],
      )
      .option('--url <url>', 'call this aims server (or AIMS_URL) instead of the local database')
      .option('--token <token>', 'the API token for --url (or AIMS_TOKEN)')
      .addOption(new Option('--json', 'print machine-readable JSON'));

  const evidenceArgs = (specs: string[]): EvidenceArg[] =>
    specs.map((s) => {
      const m = /^([^=]+)=(.+)$/.exec(s);
      if (!m || !evidenceKind.safeParse(m[1]).success)
        throw usage(`--evidence ${s}: use kind=path, the kind in lower case (e.g. test_report)`);
      if (!fs.statSync(m[2]!, { throwIfNoEntry: false })?.isFile())
        throw usage(`--evidence ${s}: no such file`);
      return { kind: m[1]!, file: m[2]! };
    });

  common(gate.command('check'))
    .description(
      'check the gate into a stage (pushing --evidence first); exit 0 passes, 1 fails, 2 usage error',
    )
    .requiredOption('--to <stage>', `the stage: ${STAGES.join(', ')}`)
    .option('--reference <text>', 'what asks: a pipeline run URL or a commit, kept with the check')
    .action(async (o: Target & { to: string; evidence: string[]; reference?: string }) => {
      if (!(STAGES as readonly string[]).includes(o.to))
        throw usage(`--to must be one of: ${STAGES.join(', ')}`);
      const files = evidenceArgs(o.evidence);
      const out = await connect(deps, o).call(files, {
        toStage: o.to,
        modelVersion: o.modelVersion ?? null,
        reference: o.reference ?? null,
      });
      if (o.json) io.out(JSON.stringify({ pushed: out.pushed, ...out.result }, null, 2));
      else io.out(describeCheck(out.result, out.pushed));
      if (!out.result!.passed) status.exitCode = 1;
    });

  common(gate.command('push'))
    .description('push files as evidence for the gates of a system; exit 0 when all are stored')
    .action(async (o: Target & { evidence: string[] }) => {
      const files = evidenceArgs(o.evidence);
      if (files.length === 0) throw usage('give at least one --evidence kind=path');
      const { pushed } = await connect(deps, o).call(files, null);
      if (o.json) io.out(JSON.stringify({ pushed }, null, 2));
      else io.out(pushed.map(describePushed).join('\n'));
    });
}

type CheckBody = { toStage: string; modelVersion: string | null; reference: string | null };
interface Connection {
  /** Pushes the files, then (when asked) checks the gate. */
  call(
    files: EvidenceArg[],
    check: CheckBody | null,
  ): Promise<{ pushed: Pushed[]; result: CheckResultView | null }>;
}

function connect(deps: GateCliDeps, o: Target): Connection {
  const config = deps.config();
  const url = (o.url ?? config.apiUrl)?.replace(/\/+$/, '');
  if (!url) return local(deps, config, o);
  const token = o.token ?? config.apiToken;
  if (!token) throw deps.usage('--url needs an API token: --token or AIMS_TOKEN');
  return remote(deps, url, token, o);
}

function local(deps: GateCliDeps, config: Config, o: Target): Connection {
  return {
    call: (files, check) =>
      deps.withContext(config, async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        const blobs = await openBlobStore(config);
        const pushed: Pushed[] = [];
        for (const f of files) {
          const stored = await blobs.put(fs.createReadStream(f.file), config.evidenceLimitBytes);
          const file = {
            sha256: stored.sha256,
            size: stored.size,
            filename: path.basename(f.file).slice(0, 255),
            mediaType: mediaTypeOf(f.file),
          };
          try {
            const { tagged } = await run(
              ctx,
              pushGateEvidence,
              { aiSystem: o.system, kind: f.kind, modelVersion: o.modelVersion, file },
              { access },
            );
            pushed.push({
              kind: f.kind,
              modelVersion: tagged.model_version,
              evidenceId: tagged.evidence_id,
              filename: file.filename,
              sha256: file.sha256,
            });
          } catch (e) {
            if (stored.created) await blobs.discard(stored.sha256).catch(() => undefined);
            throw e;
          }
        }
        if (!check) return { pushed, result: null };
        const r = await run(ctx, recordGateCheck, { aiSystemId: o.system, ...check }, { access });
        return { pushed, result: toCheckResultView(r, access) };
      }),
  };
}

function remote(deps: GateCliDeps, url: string, token: string, o: Target): Connection {
  const orgBase = `${url}/api/v1/orgs/${encodeURIComponent(o.org)}`;
  async function send(p: string, body: FormData | object): Promise<unknown> {
    const form = body instanceof FormData;
    let res: Response;
    try {
      res = await fetch(`${orgBase}${p}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(form ? {} : { 'content-type': 'application/json' }),
        },
        body: form ? body : JSON.stringify(body),
      });
    } catch (e) {
      throw deps.usage(`cannot reach ${url}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    const text = await res.text();
    const json = (() => {
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return null;
      }
    })();
    if (res.ok && json) return json;
    const code = String(json?.code ?? '');
    const detail = String(json?.detail ?? `${res.status} ${res.statusText}`);
    if (Object.hasOwn(ERRORS, code))
      throw new AppError(
        code as ErrorCode,
        detail,
        json?.errors as { pointer: string; message: string }[] | undefined,
      );
    throw deps.usage(`${url} answered ${res.status}: ${detail.slice(0, 200)}`);
  }
  return {
    async call(files, check) {
      const pushed: Pushed[] = [];
      for (const f of files) {
        const form = new FormData();
        form.set('aiSystem', o.system);
        form.set('kind', f.kind);
        if (o.modelVersion) form.set('modelVersion', o.modelVersion);
        const blob = await fs.openAsBlob(f.file, { type: mediaTypeOf(f.file) });
        form.set('file', blob, path.basename(f.file));
        const v = (await send('/gate-evidence', form)) as Pushed & { filename: string | null };
        pushed.push({
          kind: v.kind,
          modelVersion: v.modelVersion,
          evidenceId: v.evidenceId,
          filename: v.filename ?? path.basename(f.file),
          sha256: v.sha256,
        });
      }
      if (!check) return { pushed, result: null };
      const result = (await send(
        `/ai-systems/${encodeURIComponent(o.system)}/gate-checks`,
        check,
      )) as CheckResultView;
      return { pushed, result };
    },
  };
}

const describePushed = (p: Pushed) =>
  `pushed ${p.kind}${p.modelVersion ? ` for model version ${p.modelVersion}` : ''}: ${p.filename} (sha256 ${p.sha256?.slice(0, 12)}…, evidence ${p.evidenceId})`;

/** The check as a pipeline log shows it: the verdict, each criterion and why, what it rests on. */
function describeCheck(r: CheckResultView | null, pushed: Pushed[]): string {
  if (!r) return '';
  const lines = pushed.map(describePushed);
  const version = r.modelVersion
    ? ` (model version ${r.modelVersion}${r.modelVersionSource === 'latest_registered' ? ', the newest registered' : ''})`
    : '';
  lines.push(
    `${r.passed ? 'PASS' : 'FAIL'}  the gate into ${r.toStageTitle}${version}: ${r.criteria.filter((c) => c.met).length} of ${r.criteria.length} criteria met`,
  );
  for (const c of r.criteria)
    lines.push(`  ${c.met ? '✓' : '✗'} ${c.title} [${c.control}]: ${c.reason}`);
  if (r.criteria.length === 0) lines.push('  (no criteria for this stage)');
  lines.push(
    r.criteriaVersion
      ? `criteria: version ${r.criteriaVersion.number}, ${r.enforced ? 'enforced: aims refuses the transition while the gate fails' : 'advisory: aims does not refuse the transition'}`
      : 'criteria: the proposed defaults; the organization has adopted none, so aims refuses no transition',
  );
  lines.push(`check recorded: ${r.check.id}`);
  return lines.join('\n');
}
