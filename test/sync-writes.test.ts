/**
 * AIMS_SYNC=full: SQLite fsyncs its WAL at each commit and the head logs are fdatasynced after a
 * batch's append, before any of its commands answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { KeyStore } from '../src/kernel/keys.js';
import { GENESIS_HASH } from '../src/kernel/ledger.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { openUnit, type Unit } from './unit.js';

describe('AIMS_SYNC', () => {
  it('is normal by default, full when asked, and refused otherwise', () => {
    expect(loadConfig({}).syncWrites).toBe(false);
    expect(loadConfig({ AIMS_SYNC: 'full' }).syncWrites).toBe(true);
    expect(() => loadConfig({ AIMS_SYNC: 'always' })).toThrow(/AIMS_SYNC must be normal or full/);
  });

  it('opens SQLite with synchronous=FULL (2) when asked, NORMAL (1) otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-sync-'));
    try {
      for (const [syncFull, level] of [
        [true, 2],
        [false, 1],
      ] as const) {
        const database = openSqlite(path.join(dir, `${level}.db`), { syncFull });
        const r = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
        expect(r.rows[0]!.synchronous).toBe(level);
        await database.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fdatasyncs each head log appended to (and the mirror) once per flush, and nothing when not asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-sync-'));
    const opened = vi.spyOn(fs.promises, 'open');
    try {
      const mirror = path.join(dir, 'mirror.log');
      const keys = new KeyStore(dir, { syncHeads: true, headMirror: mirror });
      const orgId = '0190a0a0-0000-7000-8000-000000000001';
      keys.keyPair(orgId, { create: true });
      keys.heads.append(orgId, 1, GENESIS_HASH.replace(/0$/, '1'), new Date().toISOString());
      keys.heads.append(orgId, 2, GENESIS_HASH.replace(/0$/, '2'), new Date().toISOString());
      await keys.heads.flush();
      expect(opened.mock.calls.map((c) => c[0]).sort()).toEqual(
        [keys.heads.file(orgId), mirror].sort(),
      );
      opened.mockClear();
      await keys.heads.flush();
      expect(opened).not.toHaveBeenCalled();
      const relaxed = new KeyStore(path.join(dir, 'b'));
      relaxed.keyPair(orgId, { create: true });
      relaxed.heads.append(orgId, 1, GENESIS_HASH.replace(/0$/, '1'), new Date().toISOString());
      await relaxed.heads.flush();
      expect(opened).not.toHaveBeenCalled();
    } finally {
      opened.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a batch answers after its head logs are flushed', () => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit('sqlite');
  });
  afterAll(async () => u?.close());

  it('no command of a batch answers before the flush has finished; a failed flush acknowledges none', async () => {
    const heads = u.services.keys.heads;
    const flush = heads.flush;
    const order: string[] = [];
    heads.flush = async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('flushed');
    };
    const create = (name: string) =>
      u
        .run(createTokenFor, { name, scopes: ['read'], userId: u.members.owner.userId })
        .then(() => order.push(name));
    try {
      await Promise.all([create('sync a'), create('sync b'), create('sync c')]);
      expect(order[0]).toBe('flushed');
      expect(order).toHaveLength(3 + order.filter((o) => o === 'flushed').length);
      heads.flush = () => Promise.reject(new Error('the disk is gone'));
      const settled = await Promise.allSettled([create('sync d'), create('sync e')]);
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    } finally {
      heads.flush = flush;
    }
    expect(await u.verify()).toEqual([]);
  });
});
