import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { freePort } from './processes.js';

/**
 * `aims gate` as a pipeline runs it: the real server (bin/aims.mjs serve) on a free port, and the
 * CLI as a separate process that knows only the server's URL and a token scoped to gate calls. A
 * failing gate exits 1 with its reasons, the missing evidence is pushed, the gate then passes.
 */
const BIN = path.resolve('bin/aims.mjs');
const PASSWORD = 'correct horse battery staple';

/** The CLI as a child process: its exit code and output, never a throw. */
function aims(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The `aims gate check` command of a CI file: from its first line to the last continued one. */
function gateCommandIn(file: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\s*aims gate check /.test(l));
  const out: string[] = [];
  for (let i = start; i >= 0 && i < lines.length; i++) {
    out.push(lines[i]!.replace(/\\$/, ''));
    if (!lines[i]!.endsWith('\\')) break;
  }
  return out.join(' ');
}

/** Splits a shell command into words as sh would: quotes, and $VAR expanded from `vars`. */
function shellWords(line: string, vars: Record<string, string>): string[] {
  const expand = (s: string) =>
    s.replace(/\$\{?(\w+)\}?/g, (_, v: string) => {
      if (!(v in vars)) throw new Error(`no value for $${v}`);
      return vars[v]!;
    });
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    words.push(m[1] !== undefined ? expand(m[1]) : m[2] !== undefined ? m[2] : expand(m[3]!));
  return words;
}

describe('aims gate against a live server, as a pipeline', () => {
  let dir: string;
  let work: string;
  let server: ChildProcess;
  let base: string;
  let pipelineEnv: NodeJS.ProcessEnv;
  let local: NodeJS.ProcessEnv;
  const { AIMS_URL: _u, AIMS_TOKEN: _t, ...clean } = process.env;

  const cliInProcess = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, local);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-gate-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pipeline-'));
    local = { AIMS_DATA_DIR: dir, AIMS_LOG_LEVEL: 'silent' };
    expect(
      (
        await cliInProcess(
          'init',
          '--org',
          'Acme Claims',
          '--email',
          'owner@acme.example',
          '--password',
          PASSWORD,
        )
      ).code,
    ).toBe(0);
    await cliInProcess(
      'user',
      'add',
      '--org',
      'acme-claims',
      '--email',
      'release-bot@acme.example',
      '--password',
      PASSWORD,
      '--role',
      'contributor',
    );
    const token = async (email: string, scopes: string) =>
      JSON.parse(
        (
          await cliInProcess(
            'token',
            'create',
            '--org',
            'acme-claims',
            '--email',
            email,
            '--name',
            scopes,
            '--scopes',
            scopes,
            '--json',
          )
        ).out,
      ).token as string;
    const ownerToken = await token('owner@acme.example', 'write');
    const gateToken = await token('release-bot@acme.example', 'gates.check,gates.push_evidence');

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...clean, AIMS_DATA_DIR: dir, AIMS_PORT: String(port), AIMS_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 150) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const api = (p: string, body: object) =>
      fetch(`${base}/api/v1/orgs/acme-claims${p}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await api('/ai-systems', {
          name: 'Claims triage',
          purpose: 'Sorts incoming claims.',
          lifecycleStage: 'verification_and_validation',
        })
      ).status,
    ).toBe(201);
    const adopted = await api('/gate-criteria/versions', {
      enforced: true,
      gates: [
        {
          stage: 'deployment',
          criteria: ['test_report:A.6.2.4', 'model_card:A.6.2.7'].map((s) => {
            const [kind, control] = s.split(':') as [string, string];
            return {
              id: kind.replace('_', '-'),
              title: `A ${kind.replace('_', ' ')} of the model version`,
              control,
              why: null,
              check: { kind: 'evidence', evidenceKind: kind, per: 'model_version' },
            };
          }),
        },
      ],
    });
    expect(adopted.status).toBe(201);
    fs.writeFileSync(path.join(work, 'junit.xml'), '<testsuite tests="120" failures="0"/>\n');
    fs.writeFileSync(path.join(work, 'MODEL_CARD.md'), '# Claims triage 1.4.0\n');
    // The pipeline's environment: the server and a token, no database, no data folder of its own.
    pipelineEnv = {
      ...clean,
      AIMS_URL: base,
      AIMS_TOKEN: gateToken,
      AIMS_DATA_DIR: path.join(work, 'unused'),
    };
  }, 60_000);

  afterAll(() => {
    if (server?.pid) server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  const target = ['--org', 'acme-claims', '--system', 'Claims triage', '--model-version', '1.4.0'];

  it('fails the gate with its reasons, passes once the missing evidence is pushed', async () => {
    const failing = await aims(
      ['gate', 'check', ...target, '--to', 'deployment', '--reference', 'pipeline 77'],
      pipelineEnv,
      work,
    );
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'FAIL  the gate into Deployment (model version 1.4.0): 0 of 2 criteria met',
    );
    expect(failing.stdout).toContain(
      '✗ A test report of the model version [A.6.2.4]: No test report evidence for model version 1.4.0.',
    );
    expect(failing.stdout).toContain('criteria: version 1, enforced');

    const push = await aims(
      ['gate', 'push', ...target, '--evidence', 'test_report=junit.xml'],
      pipelineEnv,
      work,
    );
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/^pushed test_report for model version 1\.4\.0: junit\.xml/);

    const passing = await aims(
      [
        'gate',
        'check',
        ...target,
        '--to',
        'deployment',
        '--evidence',
        'model_card=MODEL_CARD.md',
        '--json',
      ],
      pipelineEnv,
      work,
    );
    expect(passing.code).toBe(0);
    const result = JSON.parse(passing.stdout);
    expect(result).toMatchObject({
      passed: true,
      check: { passed: true },
      pushed: [{ kind: 'model_card', modelVersion: '1.4.0', filename: 'MODEL_CARD.md' }],
    });
    expect(result.criteria.map((c: { met: boolean }) => c.met)).toEqual([true, true]);
  }, 60_000);

  it('exits 2 when the check cannot be made: a usage error, a refused token, an unknown system', async () => {
    // In this process, with the pipeline's environment: the same code path, without the start-up.
    const cli = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
      const err: string[] = [];
      const code = await runCli(argv, { out: () => {}, err: (s) => err.push(s) }, env);
      return [code, err.join('\n')] as const;
    };
    expect(await cli(pipelineEnv, 'gate', 'check', ...target)).toEqual([
      2,
      expect.stringMatching(/required option '--to <stage>'/),
    ]);
    expect(await cli(pipelineEnv, 'gate', 'check', ...target, '--to', 'prod')).toEqual([
      2,
      expect.stringContaining('--to must be one of: inception, design_and_development'),
    ]);
    expect(
      await cli(
        { ...pipelineEnv, AIMS_TOKEN: 'aims_not-a-token' },
        'gate',
        'check',
        ...target,
        '--to',
        'deployment',
      ),
    ).toEqual([2, expect.stringContaining('[UNAUTHENTICATED]')]);
    expect(
      await cli(
        pipelineEnv,
        'gate',
        'check',
        '--org',
        'acme-claims',
        '--system',
        'Nobody',
        '--to',
        'deployment',
      ),
    ).toEqual([2, expect.stringContaining('[NOT_FOUND]')]);
    expect(
      await cli(
        { ...pipelineEnv, AIMS_URL: 'http://127.0.0.1:9' },
        'gate',
        'check',
        ...target,
        '--to',
        'deployment',
      ),
    ).toEqual([2, expect.stringContaining('cannot reach http://127.0.0.1:9')]);
  });

  it('runs the gate check of the GitHub Actions and GitLab CI examples in docs/ci as written', async () => {
    fs.mkdirSync(path.join(work, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(work, 'reports/junit.xml'), '<testsuite tests="3" failures="0"/>\n');
    fs.writeFileSync(path.join(work, 'reports/metrics.json'), '{"f1": 0.91}\n');
    const vars: Record<string, string> = {
      AIMS_ORG: 'acme-claims',
      AIMS_SYSTEM: 'Claims triage',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/claims-triage',
      GITHUB_RUN_ID: '42',
      CI_PIPELINE_URL: 'https://gitlab.example.com/acme/claims-triage/-/pipelines/42',
    };
    for (const [file, version] of [
      ['github-actions.yml', '1.5.0'],
      ['gitlab-ci.yml', '1.6.0'],
    ] as const) {
      const argv = shellWords(gateCommandIn(path.resolve('docs/ci', file)), {
        ...vars,
        MODEL_VERSION: version,
      }).map((a) => a.replace(/^(\w+=)(?!\/)/, `$1${work}/`));
      expect(argv.slice(0, 3), file).toEqual(['aims', 'gate', 'check']);
      const out: string[] = [];
      const code = await runCli(
        [...argv.slice(1), '--json'],
        { out: (x) => out.push(x), err: (x) => out.push(x) },
        pipelineEnv,
      );
      expect([file, code], out.join('\n')).toEqual([file, 0]);
      expect(JSON.parse(out.join('\n')).pushed.map((p: { kind: string }) => p.kind)).toEqual([
        'test_report',
        'metrics',
        'model_card',
      ]);
    }
  });

  it('checks on the local database without a server, as the other commands do', async () => {
    const r = await cliInProcess('gate', 'check', ...target, '--to', 'retirement');
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASS  the gate into Retirement');
    expect(r.out).toContain('(no criteria for this stage)');
    const missing = await cliInProcess('gate', 'push', ...target);
    expect([missing.code, missing.err]).toEqual([
      2,
      'error: give at least one --evidence kind=path',
    ]);
  });
});
