/**
 * The real server as a child process (bin/aims.mjs serve), 16 clients writing to it at once, and
 * SIGKILL at random moments: after each crash, every write that was acknowledged (2xx) is in the
 * database, `aims ledger verify` passes right away, and again after the restart, which starts
 * without an alarm. SQLite (a file both processes open) always; PostgreSQL when
 * AIMS_TEST_POSTGRES_URL names a server (PGlite lives inside one process and cannot be shared; the
 * in-process crash case of test/ledger-attacks.test.ts covers it there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { cli, freePort, sleep } from './processes.js';

const BIN = fileURLToPath(new URL('../bin/aims.mjs', import.meta.url));
const CLIENTS = 16;
const ROUNDS = 4;

interface Store {
  name: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

async function sqliteStore(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-crash-'));
  return {
    name: 'sqlite',
    env: { AIMS_DATA_DIR: dir },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(url: string): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-crash-'));
  const schema = `aims_crash_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgres',
    env: { AIMS_DATA_DIR: dir, AIMS_DATABASE_URL: u.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const stores: [string, () => Promise<Store>][] = [['SQLite', sqliteStore]];
if (process.env.AIMS_TEST_POSTGRES_URL) {
  const url = process.env.AIMS_TEST_POSTGRES_URL;
  stores.push(['PostgreSQL', () => postgresStore(url)]);
}

describe.each(stores)('crashes of the real server on %s', (_name, open) => {
  let store: Store;
  let server: ChildProcess | null = null;
  let output = '';
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await store?.cleanup();
  });

  async function start(port: number) {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        ...store.env,
        AIMS_HOST: '127.0.0.1',
        AIMS_PORT: String(port),
        AIMS_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    server = child;
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (r.ok) return (await r.json()) as { ledger: string; ledgerAlarms: string[] };
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`the server did not answer: ${output}`);
  }

  async function kill() {
    const child = server!;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    server = null;
  }

  it('keeps every acknowledged write and verifies after every SIGKILL', async () => {
    const init = await cli(
      store.env,
      'init',
      '--org',
      'Crash Test',
      '--email',
      'owner@crash.example',
      '--password',
      'correct horse battery',
    );
    expect(init.code, init.out).toBe(0);
    const tok = await cli(
      store.env,
      'token',
      'create',
      '--org',
      'crash-test',
      '--email',
      'owner@crash.example',
      '--name',
      'load',
      '--json',
    );
    expect(tok.code, tok.out).toBe(0);
    const { token } = JSON.parse(tok.out) as { token: string };
    const acknowledged: string[] = [];
    let inWindow = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const port = await freePort();
      const health = await start(port);
      // The restart recovered: nothing is in alarm.
      expect(health, output).toMatchObject({ ledger: 'ok', ledgerAlarms: [] });
      // After an odd round's crash, verification runs once the server is up again (and beside it).
      if (round % 2 === 0 && round > 0) {
        const v = await cli(store.env, 'ledger', 'verify');
        expect(v.code, v.out).toBe(0);
      }
      let stop = false;
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await fetch(`http://127.0.0.1:${port}/api/v1/orgs/crash-test/tokens`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: `r${round} c${c} #${i}`, scopes: ['read'] }),
            });
            const body = (await r.json()) as { id?: string };
            if (r.status === 201 && body.id) acknowledged.push(body.id);
            else if (r.status >= 500) throw new Error(`${r.status} ${JSON.stringify(body)}`);
          } catch (e) {
            // The server died under this request: its write was not acknowledged.
            if (stop) return;
            if (e instanceof TypeError) return;
            throw e;
          }
        }
      });
      // Let the writers run a random while, then kill the server mid-flight. Preferably between a
      // commit and its head's append: the server is frozen (SIGSTOP) at random moments until the
      // database's head is ahead of the head log, and killed there (or after enough tries).
      // A loaded machine acknowledges slowly: the kill waits until this round has had more writes
      // acknowledged than it has clients (or a minute), so every round tests real writes.
      const before = acknowledged.length;
      await sleep(300 + Math.floor(Math.random() * 700));
      for (let waited = 0; acknowledged.length - before <= CLIENTS && waited < 60_000; waited += 50)
        await sleep(50);
      const database = openDatabase(
        store.env.AIMS_DATABASE_URL ?? `sqlite:${path.join(store.env.AIMS_DATA_DIR!, 'aims.db')}`,
      );
      for (let tries = 0; ; tries++) {
        server!.kill('SIGSTOP');
        const head = await database.db
          .selectFrom('ledger_heads')
          .select(['org_id', 'seq'])
          .executeTakeFirstOrThrow();
        const log = fs.readFileSync(
          path.join(store.env.AIMS_DATA_DIR!, 'ledger', head.org_id, 'heads.log'),
          'utf8',
        );
        // Stopped in the middle of writing a line: that line is not logged yet; try again.
        const whole = log.endsWith('\n');
        const logged = whole
          ? (JSON.parse(log.slice(log.lastIndexOf('\n', log.length - 2) + 1)).seq as number)
          : Number.POSITIVE_INFINITY;
        if (head.seq > logged) {
          inWindow++;
          break;
        }
        if (tries >= 200) break;
        server!.kill('SIGCONT');
        await sleep(Math.floor(Math.random() * 30));
      }
      stop = true;
      await kill();
      await Promise.all(clients);

      // Every acknowledged write is there.
      try {
        const ids = new Set(
          (await database.db.selectFrom('api_tokens').select('id').execute()).map((r) => r.id),
        );
        expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      } finally {
        await database.close();
      }
      // After an even round's crash, verification runs right away, the server down (it signs what
      // the crash left unsigned).
      if (round % 2 === 0) {
        const v = await cli(store.env, 'ledger', 'verify');
        expect(v.code, v.out).toBe(0);
      }
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * CLIENTS);
    // At least one crash hit the window that recovery is for (in practice nearly every one does).
    expect(inWindow).toBeGreaterThanOrEqual(1);
    // After the last crash: a restart, then verification.
    await start(await freePort());
    const v = await cli(store.env, 'ledger', 'verify');
    expect(v.code, v.out).toBe(0);
    await kill();
    expect(output).not.toContain('ledger alarm');
  }, 120_000);
});
