import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { pendingMigrations } from '../src/db/migrate.js';
import { createServices } from '../src/server.js';
import type { Services } from '../src/api/route.js';
// @ts-expect-error a plain JavaScript build script, without types
import { serverBuildIsFresh } from '../scripts/build-server.mjs';
import { createOrgFixture } from './client.js';
import { DIALECTS, openTestApp, openTestDatabase, type TestDatabase } from './harness.js';
import { freePort } from './processes.js';

/**
 * What runs aims needs of it: the probes and metrics (both dialects), the web bundle served
 * compressed and cacheable, and the compiled build starting the server.
 */
const TOKEN = 'metrics-token-for-the-test';

describe.each(DIALECTS)('probes and metrics on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const env = { AIMS_DATA_DIR: database.dir, AIMS_METRICS_TOKEN: TOKEN };
    services = await createServices({ ...loadConfig(env), logLevel: 'silent' }, database);
    app = await buildApp(services, { logLevel: 'silent' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers /livez and /readyz without credentials, and never from a cache', async () => {
    const live = await app.inject({ method: 'GET', url: '/livez' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'live' });
    expect(live.headers['cache-control']).toBe('no-store');
    // A bad token elsewhere is refused; the probes do not look at it.
    const ready = await app.inject({
      method: 'GET',
      url: '/readyz',
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', ledger: 'ok' },
    });
  });

  it('knows a migration the database has not run', async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    const more = { ...MIGRATIONS, '9999_later': { up: async () => {} } };
    expect(await pendingMigrations(database.db, more)).toEqual(['9999_later']);
  });

  it('serves /metrics to its token only, counting requests, commands and alarms', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = { authorization: 'Bearer not-the-token' };
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: wrong })).statusCode).toBe(
      401,
    );
    const org = await createOrgFixture({ app, services });
    await org.member('viewer');
    expect((await org.owner.get(`/api/v1/orgs/${org.slug}`)).statusCode).toBe(200);

    const res = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(text).toMatch(
      /^aims_http_requests_total\{method="GET",route="\/api\/v1\/orgs\/:org",status="200"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^aims_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/orgs\/:org",status="200",le="\+Inf"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^aims_http_requests_total\{method="GET",route="\/metrics",status="401"\} /m,
    );
    expect(text).toMatch(/^aims_commands_committed_total\{action="members\.[a-z_]+"\} [1-9]\d*$/m);
    expect(text).toMatch(/^aims_ledger_alarms 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes [1-9]\d*$/m);
    expect(text).toMatch(/^process_cpu_seconds_total [\d.e-]+$/m);
    // Every sample line is `name{labels} value` after its # HELP and # TYPE.
    for (const line of text.trimEnd().split('\n'))
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z][a-z0-9_]* .+|[a-z][a-z0-9_]*(\{[^}]*\})? [^ ]+)$/,
      );
  });

  it('is not ready while a ledger is in alarm, and says so in /metrics', async () => {
    const org = await createOrgFixture({ app, services });
    services.keys.alarms.raise(org.id, 'TEST_ALARM', 'raised by the test');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: 'not ready',
      checks: { database: 'ok', migrations: 'ok', ledger: 'alarm (1 organization)' },
    });
    // Still alive: restarting does not clear an alarm whose cause is in the data.
    expect((await app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    const m = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(m.body).toMatch(/^aims_ledger_alarms 1$/m);
  });
});

describe('metrics without a token', () => {
  it('has no /metrics at all', async () => {
    const t = await openTestApp('sqlite');
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('the web bundle', () => {
  const dist = path.resolve('web/dist');
  let t: Awaited<ReturnType<typeof openTestApp>>;
  let asset: string;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(dist, 'index.html')))
      throw new Error('the web app is not built: npm run build:web');
    t = await openTestApp('sqlite');
    const index = await t.app.inject({ method: 'GET', url: '/' });
    asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)![1]!;
  });
  afterAll(() => t?.close());

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
  ])('sends the %s copy of a hashed asset, cached for good', async (accept, encoding) => {
    const res = await t.app.inject({
      method: 'GET',
      url: asset,
      headers: { 'accept-encoding': accept },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const ext = encoding === 'br' ? '.br' : '.gz';
    expect(res.rawPayload.equals(fs.readFileSync(path.join(dist, asset + ext)))).toBe(true);
  });

  it('sends the plain file to a client that accepts no compression', async () => {
    const res = await t.app.inject({ method: 'GET', url: asset });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.equals(fs.readFileSync(path.join(dist, asset)))).toBe(true);
  });

  it('has index.html checked each time, also for the app routes it answers', async () => {
    for (const url of ['/', '/index.html', '/orgs/some-org/risks']) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });
});

describe('the compiled server', () => {
  const servers: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-compiled-'));
  afterAll(() => {
    for (const s of servers) s.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `bin/aims.mjs serve` and waits until it is ready; its output is collected. */
  async function serve(extra: NodeJS.ProcessEnv) {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const server = spawn(process.execPath, [path.resolve('bin/aims.mjs'), 'serve'], {
      env: { ...env, AIMS_DATA_DIR: dir, AIMS_PORT: String(port), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    servers.push(server);
    const out = { stdout: '', stderr: '' };
    server.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const exited = new Promise<number | null>((r) => server.once('exit', r));
    let ready: Response | null = null;
    for (let i = 0; i < 600 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      if (!ready) {
        const gone = await Promise.race([exited, new Promise((r) => setTimeout(r, 100, 'up'))]);
        if (gone !== 'up') throw new Error(`the server exited (${String(gone)}): ${out.stderr}`);
      }
    }
    return { port, ready, out, stop: () => server.kill('SIGTERM') };
  }

  it('is built from the sources when needed and starts the server (bin/aims.mjs serve)', async () => {
    const { port, ready, out, stop } = await serve({});
    expect(ready?.status).toBe(200);
    expect(await ready!.json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    // It ran the build (dist/aims.mjs), which is now as new as every source it came from.
    expect(fs.existsSync('dist/aims.mjs')).toBe(true);
    expect(serverBuildIsFresh()).toBe(true);
    // ASCII only, so V8 holds its source in one byte a character (build-server.mjs, asciiOnly).
    expect(fs.readFileSync('dist/aims.mjs', 'utf8')).not.toMatch(/[^\0-\x7f]/);
    // A person starting it sees one plain line with the address, and nothing else: no JSON
    // logs at the default level, no warnings.
    stop();
    expect(out.stdout).toBe(
      `aims is running at http://127.0.0.1:${port} (SQLite in ${dir}); stop it with Ctrl+C\n`,
    );
    expect(out.stderr).toBe('');
  });

  it('logs one line per request at debug level', async () => {
    const { port, out, stop } = await serve({ AIMS_LOG_LEVEL: 'debug' });
    await fetch(`http://127.0.0.1:${port}/livez`);
    await new Promise((r) => setTimeout(r, 200));
    stop();
    const lines = out.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, msg: 'request', url: '/livez', status: 200 }),
    );
  });
});
