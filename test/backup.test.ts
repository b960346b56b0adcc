/**
 * `aims backup` and `aims restore`: an instance with the example organization is backed up, more
 * is written, and the backup is restored into a fresh database and data folder: every table
 * equals the backup (not what came after), the keys, head logs and blobs are there, and
 * `aims ledger verify` passes. A restore into a place that is not empty is refused, and so is a
 * damaged backup. SQLite always; PostgreSQL (and SQLite → PostgreSQL) when AIMS_TEST_POSTGRES_URL
 * names a server (the CLI opens the database by URL, which PGlite has none of).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../src/blobs/store.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { backup, tableLines } from '../src/db/backup.js';
import { TABLES, type TableName } from '../src/db/tables.js';
import { cli } from './processes.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

function sqlitePlace(): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-backup-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return { AIMS_DATA_DIR: dir, AIMS_PROGRESS: '0' };
}

async function postgresPlace(url: string): Promise<NodeJS.ProcessEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-backup-'));
  const schema = `aims_backup_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { AIMS_DATA_DIR: dir, AIMS_DATABASE_URL: u.toString(), AIMS_PROGRESS: '0' };
}

async function dump(env: NodeJS.ProcessEnv): Promise<Record<string, string[]>> {
  const database = openDatabase(loadConfig(env).databaseUrl);
  try {
    const out: Record<string, string[]> = {};
    for (const t of Object.keys(TABLES) as TableName[]) {
      out[t] = [];
      for await (const line of tableLines(database.db, t)) out[t].push(line);
    }
    return out;
  } finally {
    await database.close();
  }
}

const url = process.env.AIMS_TEST_POSTGRES_URL;
const cases: [string, () => Promise<NodeJS.ProcessEnv>, () => Promise<NodeJS.ProcessEnv>][] = [
  ['SQLite', async () => sqlitePlace(), async () => sqlitePlace()],
];
if (url) {
  cases.push(['PostgreSQL', () => postgresPlace(url), () => postgresPlace(url)]);
  cases.push(['SQLite into PostgreSQL', async () => sqlitePlace(), () => postgresPlace(url)]);
}

describe.each(cases)('backup and restore (%s)', (_name, source, target) => {
  it('restores the backup moment into an empty place, verified, and refuses a full one', async () => {
    const env = await source();
    const demo = await cli(
      env,
      'demo',
      '--email',
      'owner@backup.example',
      '--password',
      'correct horse battery',
    );
    expect(demo.code, demo.out).toBe(0);
    // A file, as evidence uploads store them.
    const blob = await new BlobStore(path.join(loadConfig(env).dataDir, 'blobs')).put(
      Readable.from([Buffer.from('the model card, version 3')]),
      1_000_000,
    );
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aims-backup-out-')), 'b');
    cleanups.push(async () => fs.rmSync(path.dirname(out), { recursive: true, force: true }));
    const b = await cli(env, 'backup', '--out', out);
    expect(b.code, b.out).toBe(0);
    const atBackup = await dump(env);
    const blobs = fs
      .readdirSync(path.join(out, 'blobs', 'sha256'), { recursive: true })
      .filter((n) => /[0-9a-f]{64}$/.test(String(n)));
    expect(blobs.map((n) => path.basename(String(n)))).toContain(blob.sha256);
    // A backup goes only into an empty folder.
    expect((await cli(env, 'backup', '--out', out)).code).toBe(1);

    // More writes after the backup.
    const slug = (JSON.parse(atBackup.orgs![0]!) as { slug: string }).slug;
    const tok = await cli(
      env,
      'token',
      'create',
      '--org',
      slug,
      '--email',
      'owner@backup.example',
      '--name',
      'after the backup',
    );
    expect(tok.code, tok.out).toBe(0);

    const into = await target();
    const r = await cli(into, 'restore', out);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^ok /m);
    const restored = await dump(into);
    expect(restored).toEqual(atBackup);
    expect(restored.api_tokens!.some((l) => l.includes('after the backup'))).toBe(false);
    const cfg = loadConfig(into);
    for (const n of blobs)
      expect(fs.existsSync(path.join(cfg.dataDir, 'blobs', 'sha256', String(n)))).toBe(true);
    const v = await cli(into, 'ledger', 'verify');
    expect(v.code, v.out).toBe(0);

    // The restored instance works: a write, then verify again.
    const more = await cli(
      into,
      'token',
      'create',
      '--org',
      slug,
      '--email',
      'owner@backup.example',
      '--name',
      'after the restore',
    );
    expect(more.code, more.out).toBe(0);
    expect((await cli(into, 'ledger', 'verify')).code).toBe(0);

    // Not into a place that is not empty.
    const again = await cli(into, 'restore', out);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty/);
  }, 180_000);
});

describe('a damaged backup', () => {
  it('is refused before anything is written', async () => {
    const env = sqlitePlace();
    expect(
      (
        await cli(
          env,
          'init',
          '--org',
          'Dmg',
          '--email',
          'o@dmg.example',
          '--password',
          'correct horse battery',
        )
      ).code,
    ).toBe(0);
    const out = path.join(loadConfig(env).dataDir, 'backup');
    expect((await cli(env, 'backup', '--out', out)).code).toBe(0);
    fs.appendFileSync(path.join(out, 'db', 'orgs.jsonl'), '\n');
    const into = sqlitePlace();
    const r = await cli(into, 'restore', out);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/damaged: db\/orgs.jsonl differs/);
    expect(fs.existsSync(loadConfig(into).keysDir)).toBe(false);
  });
});

describe('writes between the snapshot and the copy of the files', () => {
  it('are left out of the head logs, so the restored ledger verifies', async () => {
    const env = sqlitePlace();
    const init = await cli(
      env,
      'init',
      '--org',
      'Window',
      '--email',
      'o@window.example',
      '--password',
      'correct horse battery',
    );
    expect(init.code, init.out).toBe(0);
    const out = path.join(loadConfig(env).dataDir, 'backup');
    const database = openDatabase(loadConfig(env).databaseUrl);
    try {
      const m = await backup(database, loadConfig(env), out, new Date(), async () => {
        // The head log moves past the snapshot while the files are not copied yet.
        const tok = await cli(
          env,
          'token',
          'create',
          '--org',
          'window',
          '--email',
          'o@window.example',
          '--name',
          'in the window',
        );
        expect(tok.code, tok.out).toBe(0);
      });
      const [orgId, head] = Object.entries(m.heads)[0]!;
      const live = fs.readFileSync(
        path.join(loadConfig(env).dataDir, 'ledger', orgId, 'heads.log'),
        'utf8',
      );
      const copied = fs.readFileSync(path.join(out, 'ledger', orgId, 'heads.log'), 'utf8');
      expect(live.length).toBeGreaterThan(copied.length);
      expect(copied).toContain(`"seq":${head.seq},`);
    } finally {
      await database.close();
    }
    const into = sqlitePlace();
    const r = await cli(into, 'restore', out);
    expect(r.code, r.out).toBe(0);
    expect((await cli(into, 'ledger', 'verify')).code).toBe(0);
  });
});

describe('a backup in one .tar file', () => {
  it('is a tar that tar reads, and restores', async () => {
    const env = sqlitePlace();
    const init = await cli(
      env,
      'init',
      '--org',
      'Tarred',
      '--email',
      'o@tar.example',
      '--password',
      'correct horse battery',
    );
    expect(init.code, init.out).toBe(0);
    const file = path.join(loadConfig(env).dataDir, 'aims-backup.tar');
    const b = await cli(env, 'backup', '--out', file);
    expect(b.code, b.out).toBe(0);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith('.aims-backup-'))).toEqual(
      [],
    );
    const listed = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
    expect(listed).toContain('manifest.json');
    expect(listed).toContain('db/orgs.jsonl');
    expect((await cli(env, 'backup', '--out', file)).code).toBe(1);
    const into = sqlitePlace();
    const r = await cli(into, 'restore', file);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^ok {3}tarred:/m);
  });
});
