// `aims metrics push` on the local database and against a server (as a pipeline runs it): one
// idempotent batch per metric, a breach opening its incident, the same file again changing
// nothing, the same key with other points refused, a bad row named by its line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import type { Services } from '../src/api/route.js';
import { ApiClient } from './client.js';

const PASSWORD = 'correct horse battery';

describe('aims metrics push (SQLite)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let services: Services;
  let app: FastifyInstance;
  let api: ApiClient;
  let metricId: string;
  let url: string;
  let ingestToken: string;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const head = async () =>
    (await services.database.db.selectFrom('ledger_heads').select('seq').executeTakeFirstOrThrow())
      .seq;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-metrics-'));
    env = { AIMS_DATA_DIR: dir };
    expect(
      (await cli('init', '--org', 'Acme', '--email', 'ada@acme.example', '--password', PASSWORD))
        .code,
    ).toBe(0);
    const token = async (scopes: string) =>
      JSON.parse(
        (
          await cli(
            'token',
            'create',
            '--org',
            'acme',
            '--email',
            'ada@acme.example',
            '--name',
            scopes,
            '--scopes',
            scopes,
            '--json',
          )
        ).out,
      ).token as string;
    const owner = await token('write');
    ingestToken = await token('monitoring.ingest');
    services = await createServices({ ...loadConfig(env), logLevel: 'silent' });
    app = await buildApp(services, { logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    api = new ApiClient(app, { token: owner });
    const system = (
      await api.post('/api/v1/orgs/acme/ai-systems', { name: 'Claims', purpose: 'Sorts claims.' })
    ).json();
    metricId = (
      await api.post('/api/v1/orgs/acme/metrics', {
        aiSystemId: system.id,
        name: 'Precision',
        direction: 'higher_is_better',
        breachThreshold: 0.8,
        breachAction: 'incident',
      })
    ).json().id;
  });
  afterAll(async () => {
    await app?.close();
    await services?.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes a CSV into the local database once: the same file again changes nothing', async () => {
    const csv = file(
      'points.csv',
      `metric,at,value,note\n${metricId},${hoursAgo(3)},0.91,\n${metricId},${hoursAgo(2)},0.75,drift\n${metricId},${hoursAgo(1)},0.7,\n`,
    );
    const first = await cli('metrics', 'push', '--org', 'acme', '--file', csv);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('3 points (1 ok, 0 warn, 2 breach)');
    expect(first.out).toMatch(/breach: incident [0-9a-f-]{36} opened/);
    const seq = await head();
    const again = await cli('metrics', 'push', '--org', 'acme', '--file', csv);
    expect(again.out).toBe(first.out);
    expect(await head()).toBe(seq);
    const incidents = (await api.get('/api/v1/orgs/acme/incidents?source=monitoring')).json();
    expect(incidents.items).toHaveLength(1);
  });

  it('pushes JSON to a server with a token scoped to ingestion; refuses a reused key, names a bad row', async () => {
    const points = [{ metricId, at: hoursAgo(0.5), value: 0.95 }];
    const json = file('points.json', JSON.stringify({ points }));
    const remote = ['--url', url, '--token', ingestToken];
    const pushed = await cli(
      'metrics',
      'push',
      '--org',
      'acme',
      '--file',
      json,
      '--batch-key',
      'run-42',
      ...remote,
      '--json',
    );
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.out).batches[0]).toMatchObject({
      batchKey: 'run-42',
      pointCount: 1,
      counts: { ok: 1, warn: 0, breach: 0 },
    });
    const other = file('other.json', JSON.stringify([{ metricId, at: hoursAgo(0.4), value: 1 }]));
    const reused = await cli(
      'metrics',
      'push',
      '--org',
      'acme',
      '--file',
      other,
      '--batch-key',
      'run-42',
      ...remote,
    );
    expect(reused.code).toBe(1);
    expect(reused.err).toContain('BATCH_KEY_REUSED');
    const future = file('future.csv', `metric,at,value\n${metricId},2099-01-01T00:00:00Z,1\n`);
    const bad = await cli('metrics', 'push', '--org', 'acme', '--file', future, ...remote);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('INCONSISTENT_INPUT');
    expect(bad.err).toContain('row 2, column at: In the future');
    const notNumber = file('nan.csv', `metric,at,value\n${metricId},${hoursAgo(1)},high\n`);
    expect((await cli('metrics', 'push', '--org', 'acme', '--file', notNumber)).err).toContain(
      'row 2: value "high" is not a number',
    );
  });
});
