/**
 * Tampering with the ledger behind the application's back, and `aims ledger verify` naming the
 * first broken event. SQLite: a running instance's database file, copied in its clean state and
 * altered through a separate better-sqlite3 connection per case. PostgreSQL: the same kinds of
 * alteration with Kysely's sql inside a transaction that is rolled back after verifyOrg.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import type { DB } from '../src/db/schema.js';
import { canonicalize } from '../src/kernel/jcs.js';
import { CHECKPOINT_INTERVAL, linkHash, type LedgerBody } from '../src/kernel/ledger.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

interface EventRow {
  seq: number;
  entity: string;
  entity_id: string;
  body: string;
  hash: string;
}

/** Makes real changes through the API: members, tokens, a role change, a revocation, a removal, then renames until `minEvents`. */
async function makeHistory(t: TestApp, org: OrgFixture, minEvents: number) {
  const base = `/api/v1/orgs/${org.slug}`;
  const manager = await org.member('manager');
  const contributor = await org.member('contributor');
  const viewer = await org.member('viewer');
  await org.member('auditor');
  const ok = (r: { statusCode: number; body: string }, status = 200) => {
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
    return r as unknown as { json(): Record<string, string> };
  };
  const t1 = ok(await org.owner.post(`${base}/tokens`, { name: 'ci' }), 201).json();
  ok(await org.owner.post(`${base}/tokens`, { name: 'reporting', scopes: ['read'] }), 201);
  ok(await contributor.post(`${base}/tokens`, { name: 'mine' }), 201);
  ok(await manager.post(`${base}/tokens`, { name: 'manager tool' }), 201);
  ok(await org.owner.delete(`${base}/tokens/${t1.id}`));
  ok(await org.owner.patch(`${base}/members/${viewer.memberId}`, { role: 'auditor' }));
  ok(await org.owner.delete(`${base}/members/${manager.memberId}`), 204); // also revokes the manager's token
  let i = 0;
  for (;;) {
    const head = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    if (head.seq >= minEvents) break;
    ok(await org.owner.patch(base, { name: `Tamper Test ${++i}` }));
  }
  return { contributor, viewer, manager, renames: i };
}

async function verifyCli(dataDir: string, ...args: string[]) {
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
  const code = await runCli(['ledger', 'verify', ...args], io, { AIMS_DATA_DIR: dataDir });
  return { code, out: lines.join('\n') };
}

describe('ledger tampering on a SQLite file, caught by aims ledger verify', () => {
  let t: TestApp;
  let org: OrgFixture;
  let clean: string;
  const scratch: string[] = [];
  let N: number; // events in the clean chain
  let checkpoints: number[];
  let people: Awaited<ReturnType<typeof makeHistory>>;
  let removedManagerUserId: string;

  beforeAll(async () => {
    t = await openTestApp('sqlite');
    org = await createOrgFixture(t, 'Tamper Test');
    const managerUser = async () =>
      (
        await t.database.db
          .selectFrom('users')
          .select('id')
          .where('email', 'like', 'manager-%')
          .executeTakeFirstOrThrow()
      ).id;
    people = await makeHistory(t, org, CHECKPOINT_INTERVAL + 30);
    removedManagerUserId = await managerUser();
    const db = t.database.db;
    N = (
      await db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).seq;
    checkpoints = (
      await db
        .selectFrom('ledger_checkpoints')
        .select('seq')
        .where('org_id', '=', org.id)
        .orderBy('seq')
        .execute()
    ).map((c) => c.seq);
    // The clean state: an online backup of the live file, the keys and the signed heads.
    clean = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-tamper-clean-'));
    const live = new SQLite(path.join(t.database.dir, 'aims.db'), { readonly: true });
    await live.backup(path.join(clean, 'aims.db'));
    live.close();
    for (const sub of ['keys', 'ledger'])
      fs.cpSync(path.join(t.database.dir, sub), path.join(clean, sub), { recursive: true });
  });
  afterAll(async () => {
    for (const d of [clean, ...scratch]) if (d) fs.rmSync(d, { recursive: true, force: true });
    await t?.close();
  });

  /** A copy of the clean state, altered through its own connection. */
  function tampered(alter: (c: SQLite.Database) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-tamper-'));
    scratch.push(dir);
    fs.cpSync(clean, dir, { recursive: true });
    const c = new SQLite(path.join(dir, 'aims.db'));
    try {
      c.transaction(() => alter(c))();
    } finally {
      c.close();
    }
    return dir;
  }

  const events = (c: SQLite.Database, from = 1) =>
    c
      .prepare(
        'select seq, entity, entity_id, body, hash from ledger_events where org_id = ? and seq >= ? order by seq',
      )
      .all(org.id, from) as EventRow[];
  const event = (c: SQLite.Database, seq: number) =>
    c
      .prepare(
        'select seq, entity, entity_id, body, hash from ledger_events where org_id = ? and seq = ?',
      )
      .get(org.id, seq) as EventRow;
  const lastSeqOf = (c: SQLite.Database, entityId: string) =>
    (
      c
        .prepare('select max(seq) as s from ledger_events where org_id = ? and entity_id = ?')
        .get(org.id, entityId) as { s: number }
    ).s;
  const setOrgRow = (c: SQLite.Database, state: Record<string, unknown>) =>
    c
      .prepare('update orgs set name = ?, version = ?, updated_at = ? where id = ?')
      .run(state.name, state.version, state.updated_at, org.id);

  /**
   * Rewrites events from `from` to the end as a careful attacker would: new state, every body
   * re-canonicalized and every hash recomputed, the head row and the organization row made to match.
   */
  function rewriteTail(
    c: SQLite.Database,
    from: number,
    mutate: (b: LedgerBody, i: number) => void,
  ) {
    let prev = event(c, from - 1).hash;
    let lastOrgState: Record<string, unknown> | null = null;
    events(c, from).forEach((r, i) => {
      const body = JSON.parse(r.body) as LedgerBody;
      mutate(body, i);
      body.prev_hash = prev;
      const text = canonicalize(body);
      prev = linkHash(prev, text);
      c.prepare('update ledger_events set body = ?, hash = ? where org_id = ? and seq = ?').run(
        text,
        prev,
        org.id,
        r.seq,
      );
      if (body.entity === 'orgs') lastOrgState = body.state;
    });
    c.prepare('update ledger_heads set hash = ? where org_id = ?').run(prev, org.id);
    if (lastOrgState) setOrgRow(c, lastOrgState);
  }

  async function expectBroken(dir: string, seq: number, code: string) {
    const r = await verifyCli(dir);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`FAIL ${org.slug}: first broken event: ${seq}: `);
    expect(r.out.split('\n')[0]).toContain(`[${code}]`);
    return r;
  }

  it('made a chain of more than one checkpoint interval, whose tail is renames', () => {
    expect(N).toBeGreaterThan(CHECKPOINT_INTERVAL + 20);
    expect(checkpoints.filter((s) => s >= CHECKPOINT_INTERVAL).length).toBeGreaterThanOrEqual(1);
    expect(people.renames).toBeGreaterThan(CHECKPOINT_INTERVAL);
    const c = new SQLite(path.join(clean, 'aims.db'), { readonly: true });
    try {
      const firstRename = N - people.renames + 1;
      expect(events(c, firstRename).every((e) => e.entity === 'orgs')).toBe(true);
      expect(firstRename).toBeLessThan(CHECKPOINT_INTERVAL - 5);
    } finally {
      c.close();
    }
  });

  it('verifies the clean state: exit 0', async () => {
    const r = await verifyCli(clean);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        `^ok {3}${org.slug}: ${N} events, ${checkpoints.length} checkpoints, \\d+ records$`,
      ),
    );
    const json = await verifyCli(clean, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: true,
      organizations: [{ ok: true, events: N, firstBroken: null }],
    });
  });

  it('an event body edited (re-canonicalized, hash kept): names that event', async () => {
    const dir = tampered((c) => {
      const body = JSON.parse(event(c, 50).body) as LedgerBody;
      body.actor = 'user:someone-else';
      c.prepare('update ledger_events set body = ? where org_id = ? and seq = 50').run(
        canonicalize(body),
        org.id,
      );
    });
    await expectBroken(dir, 50, 'HASH_MISMATCH');
  });

  it('an event body edited by hand (no longer canonical): names that event', async () => {
    const dir = tampered((c) => {
      c.prepare(
        'update ledger_events set body = replace(body, \'"seq":40,\', \'"seq": 40,\') where org_id = ? and seq = 40',
      ).run(org.id);
    });
    await expectBroken(dir, 40, 'BODY_NOT_CANONICAL');
  });

  it('an event hash edited: names that event, and --json reports ok:false with firstBroken.seq', async () => {
    const dir = tampered((c) => {
      c.prepare('update ledger_events set hash = ? where org_id = ? and seq = 60').run(
        'f'.repeat(64),
        org.id,
      );
    });
    await expectBroken(dir, 60, 'HASH_MISMATCH');
    const json = await verifyCli(dir, '--json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out);
    expect(parsed.ok).toBe(false);
    expect(parsed.organizations[0].ok).toBe(false);
    expect(parsed.organizations[0].firstBroken.seq).toBe(60);
    expect(parsed.organizations[0].firstBroken.code).toBe('HASH_MISMATCH');
  });

  it('an event deleted in the middle: names the missing event', async () => {
    const dir = tampered((c) => {
      c.prepare('delete from ledger_events where org_id = ? and seq = 70').run(org.id);
    });
    await expectBroken(dir, 70, 'SEQ_GAP');
  });

  it('two events swapped: names the first of them', async () => {
    const dir = tampered((c) => {
      const swap = c.prepare('update ledger_events set seq = ? where org_id = ? and seq = ?');
      swap.run(-1, org.id, 80);
      swap.run(80, org.id, 81);
      swap.run(81, org.id, -1);
    });
    await expectBroken(dir, 80, 'BODY_MISPLACED');
  });

  it('the tail deleted, the head row and the organization row moved back to match: the signed head names the first missing event', async () => {
    const keep = N - 3;
    const dir = tampered((c) => {
      const last = event(c, keep);
      c.prepare('delete from ledger_events where org_id = ? and seq > ?').run(org.id, keep);
      c.prepare('update ledger_heads set seq = ?, hash = ? where org_id = ?').run(
        keep,
        last.hash,
        org.id,
      );
      setOrgRow(c, (JSON.parse(last.body) as LedgerBody).state!);
    });
    await expectBroken(dir, keep + 1, 'TRUNCATED');
  });

  it('the tail deleted without fixing the head row: names the first missing event', async () => {
    const dir = tampered((c) => {
      c.prepare('delete from ledger_events where org_id = ? and seq > ?').run(org.id, N - 2);
    });
    const r = await verifyCli(dir);
    expect(r.code).toBe(1);
    // The organization row no longer equals the replay either; the first problem is that row's last event.
    expect(r.out).toContain(`first broken event: ${N - 2}: `);
  });

  it('a forged event appended with a bogus hash: names it', async () => {
    const dir = tampered((c) => {
      const last = event(c, N);
      const body = {
        ...(JSON.parse(last.body) as LedgerBody),
        seq: N + 1,
        prev_hash: last.hash,
        action: 'orgs.update',
      };
      c.prepare(
        'insert into ledger_events (org_id, seq, entity, entity_id, body, hash) values (?, ?, ?, ?, ?, ?)',
      ).run(org.id, N + 1, body.entity, body.entity_id, canonicalize(body), '0'.repeat(64));
    });
    await expectBroken(dir, N + 1, 'HASH_MISMATCH');
  });

  it('a forged event appended with a correct hash, granting a membership that is not in the tables: names it', async () => {
    const dir = tampered((c) => {
      const last = event(c, N);
      const state = {
        id: '01900000-0000-7000-8000-000000000001',
        org_id: org.id,
        user_id: removedManagerUserId,
        email: 'intruder@example.com',
        role: 'owner',
        version: 1,
        created_at: '2020-01-01T00:00:00.000Z',
        updated_at: '2020-01-01T00:00:00.000Z',
      };
      const body: LedgerBody = {
        ...(JSON.parse(last.body) as LedgerBody),
        seq: N + 1,
        prev_hash: last.hash,
        action: 'members.add',
        entity: 'memberships',
        entity_id: state.id,
        version: 1,
        state,
      };
      const text = canonicalize(body);
      c.prepare(
        'insert into ledger_events (org_id, seq, entity, entity_id, body, hash) values (?, ?, ?, ?, ?, ?)',
      ).run(org.id, N + 1, 'memberships', state.id, text, linkHash(last.hash, text));
    });
    // Nothing signed it (UNSIGNED_EVENTS); its membership missing from the tables is listed too.
    await expectBroken(dir, N + 1, 'UNSIGNED_EVENTS');
  });

  // Someone with write access to the database appends a well-formed event (the hash needs no key),
  // moves the head row and inserts the record: nothing signed it, so verify names it.
  it('a forged membership appended with a correct hash, the head row and the table made to match: caught by the signed head', async () => {
    const dir = tampered((c) => {
      const last = event(c, N);
      const state = {
        id: '01900000-0000-7000-8000-000000000002',
        org_id: org.id,
        user_id: removedManagerUserId,
        email: 'intruder@example.com',
        role: 'owner',
        version: 1,
        created_at: '2020-01-01T00:00:00.000Z',
        updated_at: '2020-01-01T00:00:00.000Z',
      };
      const body: LedgerBody = {
        ...(JSON.parse(last.body) as LedgerBody),
        seq: N + 1,
        prev_hash: last.hash,
        action: 'members.add',
        entity: 'memberships',
        entity_id: state.id,
        version: 1,
        state,
      };
      const text = canonicalize(body);
      const hash = linkHash(last.hash, text);
      c.prepare(
        'insert into ledger_events (org_id, seq, entity, entity_id, body, hash) values (?, ?, ?, ?, ?, ?)',
      ).run(org.id, N + 1, 'memberships', state.id, text, hash);
      c.prepare('update ledger_heads set seq = ?, hash = ? where org_id = ?').run(
        N + 1,
        hash,
        org.id,
      );
      c.prepare(
        'insert into memberships (id, org_id, user_id, email, role, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        state.id,
        state.org_id,
        state.user_id,
        state.email,
        state.role,
        state.version,
        state.created_at,
        state.updated_at,
      );
    });
    await expectBroken(dir, N + 1, 'UNSIGNED_EVENTS');
  });

  it('a membership role changed in the table: names the last event of that membership', async () => {
    let expected = 0;
    const dir = tampered((c) => {
      expected = lastSeqOf(c, people.viewer.memberId);
      c.prepare("update memberships set role = 'owner' where id = ?").run(people.viewer.memberId);
    });
    expect(expected).toBeGreaterThan(0);
    await expectBroken(dir, expected, 'RECORD_MISMATCH');
  });

  it('the organization renamed in the table: names its last event', async () => {
    const dir = tampered((c) => {
      c.prepare("update orgs set name = 'Quietly Renamed' where id = ?").run(org.id);
    });
    await expectBroken(dir, N, 'RECORD_MISMATCH');
  });

  it('a membership row deleted: names the last event of that membership', async () => {
    let expected = 0;
    const dir = tampered((c) => {
      expected = lastSeqOf(c, people.contributor.memberId);
      c.prepare('delete from memberships where id = ?').run(people.contributor.memberId);
    });
    expect(expected).toBeGreaterThan(0);
    await expectBroken(dir, expected, 'RECORD_MISSING');
  });

  it('a membership row inserted without an event: names the event that should have followed the chain', async () => {
    const dir = tampered((c) => {
      c.prepare(
        'insert into memberships (id, org_id, user_id, email, role, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        '01900000-0000-7000-8000-000000000003',
        org.id,
        removedManagerUserId,
        'back-door@example.com',
        'owner',
        1,
        '2020-01-01T00:00:00.000Z',
        '2020-01-01T00:00:00.000Z',
      );
    });
    await expectBroken(dir, N + 1, 'RECORD_WITHOUT_EVENT');
  });

  it('the tail rewritten with recomputed hashes, head row and table matching: the head log names the first rewritten event', async () => {
    const dir = tampered((c) =>
      rewriteTail(c, N - 4, (b, i) => (b.state!.name = `Rewritten ${i}`)),
    );
    // Every hash, link and record is consistent now: only the signature outside the database differs.
    const c = new SQLite(path.join(dir, 'aims.db'), { readonly: true });
    const name = (c.prepare('select name from orgs where id = ?').get(org.id) as { name: string })
      .name;
    c.close();
    expect(name).toBe('Rewritten 4');
    // Every commit signed a head, so the first rewritten event is the first that differs.
    const r = await expectBroken(dir, N - 4, 'HEAD_FILE_MISMATCH');
    // The head row's signature was made with the original hash.
    expect(r.out).toContain('[HEAD_ROW_SIGNATURE]');
  });

  it('the chain rewritten from before a checkpoint: the first rewritten signed head names itself, the checkpoint too', async () => {
    const cp = checkpoints.find((s) => s >= CHECKPOINT_INTERVAL)!;
    const dir = tampered((c) =>
      rewriteTail(c, cp - 3, (b, i) => (b.state!.name = `Rewritten ${i}`)),
    );
    const r = await expectBroken(dir, cp - 3, 'HEAD_FILE_MISMATCH');
    expect(r.out).toContain(
      `event ${cp} differs from what was signed at a checkpoint [CHECKPOINT_MISMATCH]`,
    );
  });

  // A checkpoint is due at the first event and wherever a transaction reaches a multiple of
  // CHECKPOINT_INTERVAL: a deleted one is reported.
  it('a checkpoint row deleted: reported', async () => {
    const cp = checkpoints.find((s) => s >= CHECKPOINT_INTERVAL)!;
    const dir = tampered((c) => {
      c.prepare('delete from ledger_checkpoints where org_id = ? and seq = ?').run(org.id, cp);
    });
    const r = await verifyCli(dir);
    expect(r.code, r.out).toBe(1);
  });

  it("the running instance's own file altered: the CLI and the API both name the event", async () => {
    const db = t.database.db;
    const expected = (
      await db
        .selectFrom('ledger_events')
        .select((e) => e.fn.max('seq').as('s'))
        .where('org_id', '=', org.id)
        .where('entity_id', '=', people.contributor.memberId)
        .executeTakeFirstOrThrow()
    ).s;
    const c = new SQLite(path.join(t.database.dir, 'aims.db'));
    c.prepare("update memberships set role = 'manager' where id = ?").run(
      people.contributor.memberId,
    );
    c.close();
    await expectBroken(t.database.dir, Number(expected), 'RECORD_MISMATCH');
    const api = await org.owner.get(`/api/v1/orgs/${org.slug}/ledger/verification`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(expected), code: 'RECORD_MISMATCH' },
    });
  });
});

class Rollback extends Error {}

describe('ledger tampering on PostgreSQL, caught by verifyOrg', () => {
  let t: TestApp;
  let org: OrgFixture;
  let people: Awaited<ReturnType<typeof makeHistory>>;
  let N: number;

  beforeAll(async () => {
    t = await openTestApp('postgres');
    org = await createOrgFixture(t, 'Tamper Test PG');
    people = await makeHistory(t, org, 24);
    N = (
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).seq;
  });
  afterAll(() => t?.close());

  /** Alters the database in a transaction, verifies inside it, and rolls everything back. */
  async function verifyTampered(alter: (trx: Kysely<DB>) => Promise<void>) {
    let report: Awaited<ReturnType<typeof verifyOrg>> | undefined;
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await alter(trx);
        report = await verifyOrg(trx, t.services.keys, org.id);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    // The rollback restored the clean state.
    expect((await verifyOrg(t.database.db, t.services.keys, org.id)).ok).toBe(true);
    return report!;
  }

  const eventAt = async (db: Kysely<DB>, seq: number) =>
    (
      await sql<EventRow>`select seq, entity, entity_id, body, hash from ledger_events where org_id = ${org.id} and seq = ${seq}`.execute(
        db,
      )
    ).rows[0]!;

  it('verifies the clean state', async () => {
    const r = await verifyOrg(t.database.db, t.services.keys, org.id);
    expect(r).toMatchObject({ ok: true, events: N, firstBroken: null });
    expect(N).toBeGreaterThanOrEqual(24);
  });

  it('a membership role changed in the table: names the last event of that membership', async () => {
    const expected = (
      await sql<{
        s: number;
      }>`select max(seq) as s from ledger_events where org_id = ${org.id} and entity_id = ${people.viewer.memberId}`.execute(
        t.database.db,
      )
    ).rows[0]!.s;
    const r = await verifyTampered(async (trx) => {
      await sql`update memberships set role = 'owner' where id = ${people.viewer.memberId}`.execute(
        trx,
      );
    });
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: Number(expected), code: 'RECORD_MISMATCH' });
  });

  it('an event body edited: names that event', async () => {
    const r = await verifyTampered(async (trx) => {
      const body = JSON.parse((await eventAt(trx, 10)).body) as LedgerBody;
      body.at = '2001-01-01T00:00:00.000Z';
      await sql`update ledger_events set body = ${canonicalize(body)} where org_id = ${org.id} and seq = 10`.execute(
        trx,
      );
    });
    expect(r.firstBroken).toMatchObject({ seq: 10, code: 'HASH_MISMATCH' });
  });

  it('the tail rewritten with recomputed hashes, head row and table matching: the head log names the first rewritten event', async () => {
    const r = await verifyTampered(async (trx) => {
      let prev = (await eventAt(trx, N - 3)).hash;
      let state: Record<string, unknown> | null = null;
      for (let seq = N - 2; seq <= N; seq++) {
        const body = JSON.parse((await eventAt(trx, seq)).body) as LedgerBody;
        expect(body.entity).toBe('orgs');
        body.state!.name = `Rewritten ${seq}`;
        body.prev_hash = prev;
        const text = canonicalize(body);
        prev = linkHash(prev, text);
        await sql`update ledger_events set body = ${text}, hash = ${prev} where org_id = ${org.id} and seq = ${seq}`.execute(
          trx,
        );
        state = body.state;
      }
      await sql`update ledger_heads set hash = ${prev} where org_id = ${org.id}`.execute(trx);
      await sql`update orgs set name = ${String(state!.name)} where id = ${org.id}`.execute(trx);
    });
    // The first rewritten event differs from the head signed with it; the head row's signature
    // was made with the original hash.
    expect(r.problems.map((p) => p.code)).toEqual(['HEAD_FILE_MISMATCH', 'HEAD_ROW_SIGNATURE']);
    expect(r.firstBroken).toMatchObject({ seq: N - 2, code: 'HEAD_FILE_MISMATCH' });
  });
});
