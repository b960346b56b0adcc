/**
 * Several API processes on one database: two real servers (bin/aims.mjs serve) share one
 * database and one data folder, and each takes 16 concurrent writers to the same organization.
 * Afterwards the chain has not forked (one event per seq, each linking to the one before, the head
 * log one line per signed head, linked), every acknowledged write is in the database, and
 * `aims ledger verify` passes. PostgreSQL when AIMS_TEST_POSTGRES_URL names a server (CI sets it;
 * PGlite lives inside one process and cannot be shared); SQLite (one file, two processes) always.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { checkLink, GENESIS_HASH, type StoredEvent } from '../src/kernel/chain.js';
import { parseLog } from '../src/kernel/head-log.js';
import { cli, freePort, sleep } from './processes.js';

const BIN = fileURLToPath(new URL('../bin/aims.mjs', import.meta.url));
const PROCESSES = 2;
const WRITERS = 16;
const WRITES_EACH = 8;

interface Store {
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

async function sqliteStore(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-multi-'));
  return {
    env: { AIMS_DATA_DIR: dir },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(url: string): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-multi-'));
  const schema = `aims_multi_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
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
} else {
  console.warn(
    'test/multi-process.test.ts: PostgreSQL case skipped: AIMS_TEST_POSTGRES_URL is not set (PGlite cannot be shared by two processes)',
  );
}

describe.each(stores)('two server processes on one %s database', (_name, open) => {
  let store: Store;
  const servers: ChildProcess[] = [];
  let output = '';
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
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
    servers.push(child);
    for (let i = 0; i < 600; i++) {
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

  it('keeps one chain and every acknowledged write, and verifies', async () => {
    const init = await cli(
      store.env,
      'init',
      '--org',
      'Multi',
      '--email',
      'owner@multi.example',
      '--password',
      'correct horse battery',
    );
    expect(init.code, init.out).toBe(0);
    const tok = await cli(
      store.env,
      'token',
      'create',
      '--org',
      'multi',
      '--email',
      'owner@multi.example',
      '--name',
      'load',
      '--json',
    );
    expect(tok.code, tok.out).toBe(0);
    const { token } = JSON.parse(tok.out) as { token: string };

    const ports = await Promise.all(Array.from({ length: PROCESSES }, freePort));
    for (const p of ports) expect(await start(p), output).toMatchObject({ ledger: 'ok' });

    const acknowledged: string[] = [];
    const refused: string[] = [];
    await Promise.all(
      ports.flatMap((port, s) =>
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < WRITES_EACH; i++) {
            const r = await fetch(`http://127.0.0.1:${port}/api/v1/orgs/multi/context-issues`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                title: `s${s} w${w} #${i}`,
                kind: 'internal',
                category: 'technical',
                effect: 'Written by one of two processes.',
              }),
            });
            const body = (await r.json()) as { id?: string };
            if (r.status === 201 && body.id) acknowledged.push(body.id);
            else refused.push(`${r.status} ${JSON.stringify(body)}`);
          }
        }),
      ),
    );
    expect(refused.slice(0, 3)).toEqual([]);
    expect(acknowledged).toHaveLength(PROCESSES * WRITERS * WRITES_EACH);

    // Both processes see every write.
    for (const port of ports) {
      const h = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(await h.json()).toMatchObject({ ledger: 'ok', ledgerAlarms: [] });
    }

    const database = openDatabase(
      store.env.AIMS_DATABASE_URL ?? `sqlite:${path.join(store.env.AIMS_DATA_DIR!, 'aims.db')}`,
    );
    try {
      const ids = new Set(
        (await database.db.selectFrom('context_issues').select('id').execute()).map((r) => r.id),
      );
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      // No fork: one event per seq, 1..n, each linking to the hash of the one before.
      const org = await database.db
        .selectFrom('orgs')
        .select('id')
        .where('slug', '=', 'multi')
        .executeTakeFirstOrThrow();
      const events: StoredEvent[] = await database.db
        .selectFrom('ledger_events')
        .select(['seq', 'entity', 'entity_id', 'body', 'hash'])
        .where('org_id', '=', org.id)
        .orderBy('seq')
        .execute();
      events.forEach((e, i) => {
        const link = checkLink(e, org.id, i + 1, i === 0 ? GENESIS_HASH : events[i - 1]!.hash);
        expect('code' in link ? link : null).toBe(null);
      });
      expect(events.filter((e) => e.entity === 'context_issues')).toHaveLength(acknowledged.length);
      // The head log: one chain of lines, seqs rising, the last at most the database's head.
      const log = parseLog(
        fs.readFileSync(path.join(store.env.AIMS_DATA_DIR!, 'ledger', org.id, 'heads.log'), 'utf8'),
        org.id,
      );
      expect(log.torn).toBe(false);
      let prevSeq = 0;
      for (const line of log.lines) {
        expect(line.head).not.toBe(null);
        expect(line.head!.seq).toBeGreaterThan(prevSeq);
        expect(line.head!.hash).toBe(events[line.head!.seq - 1]!.hash);
        prevSeq = line.head!.seq;
      }
    } finally {
      await database.close();
    }

    // Verification passes while both still run, and again once they stopped.
    const v = await cli(store.env, 'ledger', 'verify');
    expect(v.code, v.out).toBe(0);
    for (const s of servers.splice(0)) {
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGTERM');
      await exited;
    }
    const after = await cli(store.env, 'ledger', 'verify');
    expect(after.code, after.out).toBe(0);
    expect(output).not.toContain('ledger alarm');
  }, 180_000);
});
