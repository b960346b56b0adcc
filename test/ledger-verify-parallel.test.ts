/**
 * Ledger verification in worker threads (src/kernel/verify-chain.ts) gives the very report of the
 * one-thread walk: on a clean chain, and on each kind of tampering, placed at the boundaries of the
 * workers' ranges where the main thread has to join them. SQLite: a copy of the database file per
 * case, altered through its own connection (workers read committed data). PostgreSQL (a server,
 * AIMS_TEST_POSTGRES_URL; PGlite cannot be opened by a worker): the clean chain and a committed
 * alteration, undone afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/db/connect.js';
import { canonicalize } from '../src/kernel/jcs.js';
import { CHECKPOINT_INTERVAL, linkHash, type LedgerBody } from '../src/kernel/ledger.js';
import { KeyStore } from '../src/kernel/keys.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { scanChainInWorkers, WORKER_LIMITS } from '../src/kernel/verify-chain.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { openTestApp, type TestApp } from './harness.js';

const WORKERS = 2;

async function makeChain(t: TestApp, org: OrgFixture, minEvents: number) {
  const base = `/api/v1/orgs/${org.slug}`;
  await org.member('manager');
  await org.owner.post(`${base}/tokens`, { name: 'ci' });
  for (let i = 1; ; i++) {
    const head = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    if (head.seq >= minEvents) return head.seq;
    const r = await org.owner.patch(base, { name: `Parallel ${i}` });
    if (r.statusCode !== 200) throw new Error(r.body);
  }
}

/** The first seq of each worker's range but the first, as scanChainInWorkers cuts 1..n. */
const boundaries = (n: number) =>
  Array.from({ length: WORKERS - 1 }, (_, i) => Math.floor((n * (i + 1)) / WORKERS) + 1);

describe('ledger verification in worker threads, SQLite', () => {
  let t: TestApp;
  let org: OrgFixture;
  let clean: string;
  let N: number;
  const scratch: string[] = [];

  beforeAll(async () => {
    t = await openTestApp('sqlite');
    org = await createOrgFixture(t, 'Parallel Test');
    N = await makeChain(t, org, 2 * CHECKPOINT_INTERVAL + 10);
    clean = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-parallel-clean-'));
    scratch.push(clean);
    const live = new SQLite(path.join(t.database.dir, 'aims.db'), { readonly: true });
    await live.backup(path.join(clean, 'aims.db'));
    live.close();
    for (const sub of ['keys', 'ledger'])
      fs.cpSync(path.join(t.database.dir, sub), path.join(clean, sub), { recursive: true });
  });
  afterAll(async () => {
    for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
    await t?.close();
  });

  /** Both reports of a copy of the clean state altered by `alter`: one thread, and workers. */
  async function both(alter: (c: SQLite.Database) => void, workers = WORKERS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-parallel-'));
    scratch.push(dir);
    fs.cpSync(clean, dir, { recursive: true });
    const c = new SQLite(path.join(dir, 'aims.db'));
    c.transaction(() => alter(c))();
    c.close();
    const database = openSqlite(path.join(dir, 'aims.db'));
    try {
      expect(database.source).toEqual({ kind: 'sqlite', file: path.join(dir, 'aims.db') });
      const k = new KeyStore(dir);
      const one = await verifyOrg(database.db, k, org.id);
      const parallel = await verifyOrg(database.db, k, org.id, {
        source: database.source,
        parallelMin: 0,
        workers,
      });
      // Whether the workers settled the chain (null: verifyOrg walked it in one thread after all).
      const scan = await scanChainInWorkers(database.source!, org.id, N, [], workers);
      return { one, parallel, scan };
    } finally {
      await database.close();
    }
  }

  const event = (c: SQLite.Database, seq: number) =>
    c
      .prepare('select body, hash from ledger_events where org_id = ? and seq = ?')
      .get(org.id, seq) as { body: string; hash: string };
  const setEvent = (c: SQLite.Database, seq: number, body: string, hash: string) =>
    c
      .prepare('update ledger_events set body = ?, hash = ? where org_id = ? and seq = ?')
      .run(body, hash, org.id, seq);

  it('a clean chain: the same report with 1, 2, 3 and 7 workers', async () => {
    for (const w of [1, 2, 3, 7]) {
      const { one, parallel, scan } = await both(() => {}, w);
      expect(scan?.count).toBe(N);
      expect(one.ok).toBe(true);
      expect(one.events).toBe(N);
      expect(parallel).toEqual(one);
    }
  });

  const cases: [string, (c: SQLite.Database, at: number) => void][] = [
    [
      'a body edited and re-canonicalized (hash kept)',
      (c, at) => {
        const e = event(c, at);
        const b = JSON.parse(e.body) as LedgerBody;
        b.actor = 'someone else';
        setEvent(c, at, canonicalize(b), e.hash);
      },
    ],
    [
      'a body no longer canonical',
      (c, at) => {
        const e = event(c, at);
        setEvent(c, at, e.body.replace('{', '{ '), e.hash);
      },
    ],
    [
      'a hash edited',
      (c, at) => {
        const e = event(c, at);
        setEvent(c, at, e.body, '0'.repeat(64));
      },
    ],
    [
      'an event deleted',
      (c, at) => {
        c.prepare('delete from ledger_events where org_id = ? and seq = ?').run(org.id, at);
      },
    ],
    [
      'an event rewritten with a correct hash (the next one no longer links)',
      (c, at) => {
        const e = event(c, at);
        const b = JSON.parse(e.body) as LedgerBody;
        b.actor = 'someone else';
        const text = canonicalize(b);
        setEvent(c, at, text, linkHash(b.prev_hash, text));
      },
    ],
    [
      'the tail from here deleted',
      (c, at) => {
        c.prepare('delete from ledger_events where org_id = ? and seq >= ?').run(org.id, at);
      },
    ],
  ];

  for (const [name, alter] of cases)
    it(`${name}: the same report at and around each range boundary`, async () => {
      for (const b of boundaries(N))
        for (const at of [b - 1, b]) {
          const { one, parallel, scan } = await both((c) => alter(c, at));
          expect(scan, `${name} at ${at}: left to the one-thread walk`).toBeNull();
          expect(one.ok, `${name} at ${at}`).toBe(false);
          expect(parallel, `${name} at ${at}`).toEqual(one);
        }
    });

  it('a worker that runs out of memory leaves the chain to the one-thread walk: the same report', async () => {
    const old = WORKER_LIMITS.maxOldGenerationSizeMb;
    // Enough for V8 to start the worker's isolate, too little to load the walk (tsx and the
    // sources). Below what the start-up needs, Node 24 ends the whole process ("GC during
    // deserialization"), not just the worker.
    WORKER_LIMITS.maxOldGenerationSizeMb = 4;
    try {
      const r = await both(() => {});
      expect(r.scan).toBeNull();
      expect(r.one.ok).toBe(true);
      expect(r.parallel).toEqual(r.one);
    } finally {
      WORKER_LIMITS.maxOldGenerationSizeMb = old;
    }
  });

  it('problems outside the chain (a checkpoint row deleted, a record changed): the same report', async () => {
    const cp = await both((c) =>
      c
        .prepare('delete from ledger_checkpoints where org_id = ? and seq = ?')
        .run(org.id, CHECKPOINT_INTERVAL),
    );
    expect(cp.scan).not.toBeNull();
    expect(cp.one.problems.map((p) => p.code)).toContain('CHECKPOINT_MISSING');
    expect(cp.parallel).toEqual(cp.one);
    const rec = await both((c) =>
      c.prepare('update orgs set name = ? where id = ?').run('Renamed behind', org.id),
    );
    expect(rec.scan).not.toBeNull();
    expect(rec.one.firstBroken?.code).toBe('RECORD_MISMATCH');
    expect(rec.parallel).toEqual(rec.one);
  });
});

describe.skipIf(!process.env.AIMS_TEST_POSTGRES_URL)(
  'ledger verification in worker threads, PostgreSQL server',
  () => {
    let t: TestApp;
    let org: OrgFixture;

    beforeAll(async () => {
      t = await openTestApp('postgres');
      org = await createOrgFixture(t, 'Parallel Test');
      await makeChain(t, org, CHECKPOINT_INTERVAL + 10);
    });
    afterAll(async () => {
      await t?.close();
    });

    const reports = async () => {
      const { db, source } = t.database;
      expect(source?.kind).toBe('postgres');
      const one = await verifyOrg(db, t.services.keys, org.id);
      const parallel = await verifyOrg(db, t.services.keys, org.id, {
        source,
        parallelMin: 0,
        workers: WORKERS,
      });
      return { one, parallel };
    };

    it('the clean chain, and an event edited at a range boundary: the same report', async () => {
      const clean = await reports();
      expect(clean.one.ok).toBe(true);
      expect(clean.parallel).toEqual(clean.one);
      const n = clean.one.events;
      expect((await scanChainInWorkers(t.database.source!, org.id, n, [], WORKERS))?.count).toBe(n);
      const at = boundaries(n)[0]!;
      const db = t.database.db;
      const { hash } = await db
        .selectFrom('ledger_events')
        .select('hash')
        .where('org_id', '=', org.id)
        .where('seq', '=', at)
        .executeTakeFirstOrThrow();
      await sql`update ledger_events set hash = ${'0'.repeat(64)} where org_id = ${org.id} and seq = ${at}`.execute(
        db,
      );
      try {
        const broken = await reports();
        expect(broken.one.firstBroken?.seq).toBe(at);
        expect(broken.parallel).toEqual(broken.one);
      } finally {
        await sql`update ledger_events set hash = ${hash} where org_id = ${org.id} and seq = ${at}`.execute(
          db,
        );
      }
      expect((await reports()).parallel.ok).toBe(true);
    });
  },
);
