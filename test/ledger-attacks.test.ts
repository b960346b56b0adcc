/**
 * An attacker who changes the database (and the data folder) of a running instance, then waits
 * for the next ordinary write: the server must not sign over what it has not checked. Each case
 * works on an organization of its own in one running app per dialect; the alarm of one does not
 * touch the others.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import type { DB } from '../src/db/schema.js';
import { canonicalize } from '../src/kernel/jcs.js';
import { linkHash, type LedgerBody } from '../src/kernel/ledger.js';
import { missingOrgs, orgIdsToVerify, readMirror, verifyLedger } from '../src/kernel/verify.js';
import { createServices } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface EventRow {
  seq: number;
  body: string;
  hash: string;
}

describe.each(DIALECTS)('attacks on the ledger (%s)', (dialect) => {
  let t: TestApp;
  let db: Kysely<DB>;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    db = t.database.db;
  });
  afterAll(() => t?.close());

  const base = (org: OrgFixture) => `/api/v1/orgs/${org.slug}`;
  const rename = (org: OrgFixture, name: string) => org.owner.patch(base(org), { name });
  const headRow = (orgId: string) =>
    db.selectFrom('ledger_heads').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const logFile = (orgId: string) => path.join(t.database.dir, 'ledger', orgId, 'heads.log');
  const logLines = (orgId: string) =>
    fs.readFileSync(logFile(orgId), 'utf8').split('\n').slice(0, -1);
  const events = async (orgId: string, from = 1) =>
    (
      await sql<EventRow>`select seq, body, hash from ledger_events where org_id = ${orgId} and seq >= ${from} order by seq`.execute(
        db,
      )
    ).rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  const setOrgRow = (orgId: string, state: Record<string, unknown>) =>
    sql`update orgs set name = ${String(state.name)}, version = ${Number(state.version)}, updated_at = ${String(state.updated_at)} where id = ${orgId}`.execute(
      db,
    );
  const health = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/health' })).json() as {
      ledger: string;
      ledgerAlarms: string[];
    };
  const verification = async (org: OrgFixture) =>
    (await org.owner.get(`${base(org)}/ledger/verification`)).json() as {
      ok: boolean;
      firstBroken: { seq: number | null; code: string } | null;
      problems?: unknown;
      instance: { ok: boolean; problems: { orgId: string; code: string }[] };
    };

  /** An organization with a few renames: one signed head per commit. */
  async function orgWithHistory(renames = 5) {
    const org = await createOrgFixture(t, 'Attack Target');
    for (let i = 1; i <= renames; i++)
      expect((await rename(org, `Target ${i}`)).statusCode).toBe(200);
    return { org, n: (await headRow(org.id)).seq };
  }

  /**
   * Rewrites events from `from` on as a careful attacker with the database would: new names,
   * every hash recomputed, the head row and the organization row made to match.
   */
  async function rewriteTail(orgId: string, from: number) {
    let prev = (await events(orgId, from - 1))[0]!.hash;
    let state: Record<string, unknown> | null = null;
    for (const r of await events(orgId, from)) {
      const body = JSON.parse(r.body) as LedgerBody;
      body.state = { ...body.state!, name: `Rewritten ${body.seq}` };
      body.prev_hash = prev;
      const text = canonicalize(body);
      prev = linkHash(prev, text);
      await sql`update ledger_events set body = ${text}, hash = ${prev} where org_id = ${orgId} and seq = ${r.seq}`.execute(
        db,
      );
      state = body.state;
    }
    await sql`update ledger_heads set hash = ${prev} where org_id = ${orgId}`.execute(db);
    await setOrgRow(orgId, state!);
  }

  /**
   * The next ordinary write is refused with 503 LEDGER_ALARM and writes nothing: no event, no
   * signed head, the evidence as it was; the next one too; reads go on; the health check and
   * the owner's session say so; verification names `code` first.
   */
  async function expectAlarm(org: OrgFixture, code: string) {
    const before = {
      head: await headRow(org.id),
      log: logLines(org.id),
      events: await events(org.id),
    };
    const w = await rename(org, 'After the attack');
    expect(w.statusCode, w.body).toBe(503);
    expect(w.json().code).toBe('LEDGER_ALARM');
    expect(await headRow(org.id)).toEqual(before.head);
    expect(logLines(org.id)).toEqual(before.log);
    expect(await events(org.id)).toEqual(before.events);
    const again = await org.owner.post(`${base(org)}/tokens`, { name: 'later' });
    expect(again.statusCode).toBe(503);
    expect((await org.owner.get(base(org))).statusCode).toBe(200);
    const h = await health();
    expect(h.ledger).toBe('alarm');
    expect(h.ledgerAlarms).toContain(org.id);
    const session = (await org.owner.get('/api/v1/auth/session')).json();
    expect(session.memberships.find((m: { orgId: string }) => m.orgId === org.id).ledgerAlarm).toBe(
      true,
    );
    const v = await verification(org);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.code).toBe(code);
    return v;
  }

  it('a clean organization: writes are signed, the health check and verification say ok', async () => {
    const { org, n } = await orgWithHistory(3);
    expect(logLines(org.id).map((l) => JSON.parse(l).seq)).toEqual([2, 3, 4, 5].slice(0, n - 1));
    const v = await verification(org);
    expect(v).toMatchObject({ ok: true, firstBroken: null, instance: { ok: true } });
    const session = (await org.owner.get('/api/v1/auth/session')).json();
    expect(session.memberships[0].ledgerAlarm).toBe(false);
  });

  it('the tail rewritten with recomputed hashes, then an ordinary write: refused, not signed over', async () => {
    const { org, n } = await orgWithHistory();
    await rewriteTail(org.id, n - 2);
    const v = await expectAlarm(org, 'HEAD_FILE_MISMATCH');
    expect(v.firstBroken?.seq).toBe(n - 2);
    // The rewritten events are still there for whoever looks.
    expect(JSON.parse((await events(org.id, n))[0]!.body).state.name).toBe(`Rewritten ${n}`);
    // Another organization of the instance still takes changes.
    const other = await createOrgFixture(t, 'Bystander');
    expect((await rename(other, 'Bystander renamed')).statusCode).toBe(200);
  });

  it('the tail deleted, the head row and the organization row moved back to match: refused', async () => {
    const { org, n } = await orgWithHistory();
    const keep = n - 2;
    const last = (await events(org.id, keep))[0]!;
    await sql`delete from ledger_events where org_id = ${org.id} and seq > ${keep}`.execute(db);
    await sql`update ledger_heads set seq = ${keep}, hash = ${last.hash} where org_id = ${org.id}`.execute(
      db,
    );
    await setOrgRow(org.id, (JSON.parse(last.body) as LedgerBody).state!);
    const v = await expectAlarm(org, 'TRUNCATED');
    expect(v.firstBroken?.seq).toBe(keep + 1);
  });

  it('the database rolled back to an earlier state (head row and its signature included): refused', async () => {
    const { org } = await orgWithHistory(2);
    const then = await headRow(org.id);
    const orgThen = await db
      .selectFrom('orgs')
      .selectAll()
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) expect((await rename(org, `Later ${i}`)).statusCode).toBe(200);
    // Everything the database holds is as it was, signatures included: only the head log knows more.
    await sql`delete from ledger_events where org_id = ${org.id} and seq > ${then.seq}`.execute(db);
    await sql`update ledger_heads set seq = ${then.seq}, hash = ${then.hash}, signed_at = ${then.signed_at}, signature = ${then.signature} where org_id = ${org.id}`.execute(
      db,
    );
    await setOrgRow(org.id, orgThen);
    const v = await expectAlarm(org, 'TRUNCATED');
    expect(v.firstBroken?.seq).toBe(then.seq + 1);
  });

  it('an event forged with a correct hash, the head row and the table made to match: refused, and not signed at the next start either', async () => {
    const { org, n } = await orgWithHistory(2);
    const last = (await events(org.id, n))[0]!;
    const body: LedgerBody = {
      ...(JSON.parse(last.body) as LedgerBody),
      seq: n + 1,
      prev_hash: last.hash,
      state: { ...(JSON.parse(last.body) as LedgerBody).state!, name: 'Forged', version: 99 },
      version: 99,
    };
    const text = canonicalize(body);
    const hash = linkHash(last.hash, text);
    await sql`insert into ledger_events (org_id, seq, entity, entity_id, body, hash) values (${org.id}, ${n + 1}, 'orgs', ${org.id}, ${text}, ${hash})`.execute(
      db,
    );
    await sql`update ledger_heads set seq = ${n + 1}, hash = ${hash} where org_id = ${org.id}`.execute(
      db,
    );
    await setOrgRow(org.id, body.state!);
    const log = logLines(org.id);
    // A restart: the recovery that signs what a crash left unsigned does not sign this.
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
      t.database,
    );
    expect(restarted.keys.alarms.of(org.id)?.code).toBe('UNSIGNED_EVENTS');
    expect(logLines(org.id)).toEqual(log);
    const v = await expectAlarm(org, 'UNSIGNED_EVENTS');
    expect(v.firstBroken?.seq).toBe(n + 1);
  });

  it('a crash between a commit and its head reaching the log: the restart signs it, verification passes', async () => {
    const { org, n } = await orgWithHistory(2);
    // The state a crash leaves: the commit is in the database (its head row signed), the head
    // log never got its line.
    const lines = logLines(org.id);
    fs.writeFileSync(
      logFile(org.id),
      lines
        .slice(0, -1)
        .map((l) => `${l}\n`)
        .join(''),
    );
    // A stray temporary file of an earlier version's head write.
    fs.writeFileSync(
      path.join(path.dirname(logFile(org.id)), 'head.000000000099.json.123.tmp'),
      '{',
    );
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
      t.database,
    );
    expect(restarted.keys.alarms.of(org.id)).toBeUndefined();
    const after = logLines(org.id);
    expect(after.slice(0, -1)).toEqual(lines.slice(0, -1));
    expect(JSON.parse(after.at(-1)!)).toMatchObject({ seq: n, hash: (await headRow(org.id)).hash });
    expect(fs.readdirSync(path.dirname(logFile(org.id)))).toEqual(['heads.log']);
    const report = await verifyLedger(restarted.database, restarted.keys, org.id);
    expect(report.problems).toEqual([]);
  });

  it('an organization deleted from the database: verification names it, the start-up raises the alarm', async () => {
    const { org } = await orgWithHistory(1);
    const witness = await createOrgFixture(t, 'Witness');
    // Every row of the organization, children first.
    for (const table of [
      'api_tokens',
      'memberships',
      'ledger_checkpoints',
      'ledger_heads',
      'ledger_events',
    ] as const)
      await sql`delete from ${sql.table(table)} where org_id = ${org.id}`.execute(db);
    await sql`delete from orgs where id = ${org.id}`.execute(db);
    expect(await orgIdsToVerify(db, t.services.keys)).toContain(org.id);
    const report = await verifyLedger(t.database, t.services.keys, org.id);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ code: 'ORG_MISSING' });
    expect(await missingOrgs(db, t.services.keys)).toEqual([
      expect.objectContaining({ orgId: org.id, code: 'ORG_MISSING' }),
    ]);
    // Another organization's auditors see that the instance lost one.
    const v = await verification(witness);
    expect(v.ok).toBe(true);
    expect(v.instance).toEqual({
      ok: false,
      problems: [expect.objectContaining({ orgId: org.id, code: 'ORG_MISSING' })],
    });
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
      t.database,
    );
    expect(restarted.keys.alarms.of(org.id)?.code).toBe('ORG_MISSING');
    if (dialect === 'sqlite') {
      const lines: string[] = [];
      const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
      const code = await runCli(['ledger', 'verify'], io, { AIMS_DATA_DIR: t.database.dir });
      expect(code).toBe(1);
      expect(lines.join('\n')).toContain(`FAIL ${org.id}: `);
      expect(lines.join('\n')).toContain('[ORG_MISSING]');
      expect(lines.join('\n')).toContain(`ok   ${witness.slug}: `);
    }
  });

  it('a data folder of an earlier version (a signed head file, an unsigned head row): carried over at start, writes and verification go on', async () => {
    const { org, n } = await orgWithHistory(2);
    const dir = path.dirname(logFile(org.id));
    const head = await headRow(org.id);
    // The layout before the head log: the newest head in a file of its own, the row unsigned.
    fs.rmSync(logFile(org.id));
    const old = t.services.keys.signHead(org.id, head.seq, head.hash, '2026-11-01T00:00:00.000Z');
    fs.writeFileSync(
      path.join(dir, `head.${String(n).padStart(12, '0')}.json`),
      JSON.stringify(old),
    );
    await sql`update ledger_heads set signed_at = null, signature = null where org_id = ${org.id}`.execute(
      db,
    );
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
      t.database,
    );
    expect(restarted.keys.alarms.of(org.id)).toBeUndefined();
    expect(logLines(org.id).map((l) => JSON.parse(l))).toEqual([old]);
    expect((await rename(org, 'After the upgrade')).statusCode).toBe(200);
    expect(logLines(org.id)).toHaveLength(2);
    expect((await verification(org)).ok).toBe(true);
    // The old file stays where it was.
    expect(fs.readdirSync(dir).sort()).toEqual([
      `head.${String(n).padStart(12, '0')}.json`,
      'heads.log',
    ]);
  });

  it('a head file of an earlier version with a bad signature: not carried over, the organization in alarm', async () => {
    const { org, n } = await orgWithHistory(1);
    const dir = path.dirname(logFile(org.id));
    const head = await headRow(org.id);
    fs.rmSync(logFile(org.id));
    const forged = {
      ...t.services.keys.signHead(org.id, head.seq, head.hash, '2026-11-01T00:00:00.000Z'),
      signed_at: '2026-11-02T00:00:00.000Z',
    };
    fs.writeFileSync(
      path.join(dir, `head.${String(n).padStart(12, '0')}.json`),
      JSON.stringify(forged),
    );
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
      t.database,
    );
    expect(restarted.keys.alarms.of(org.id)?.code).toBe('HEAD_SIGNATURE');
    expect(fs.existsSync(logFile(org.id))).toBe(false);
    const report = await verifyLedger(restarted.database, restarted.keys, org.id);
    expect(report.problems.map((p) => p.code)).toContain('HEAD_SIGNATURE');
  });

  describe('the head log altered', () => {
    /** Verification of an organization whose head log `alter` changed. */
    async function verifyAltered(
      alter: (lines: string[]) => string[],
      opts: { mirror?: string } = {},
    ) {
      const { org, n } = await orgWithHistory(5);
      const lines = logLines(org.id);
      fs.writeFileSync(
        logFile(org.id),
        alter(lines)
          .map((l) => `${l}\n`)
          .join(''),
      );
      const report = await verifyLedger(t.database, t.services.keys, org.id, {
        mirror: opts.mirror ? readMirror(opts.mirror) : null,
      });
      return { report, lines, n, org };
    }
    const seqOf = (line: string) => JSON.parse(line).seq as number;

    it('a line removed from the middle (a gap): HEAD_LOG_LINK at the line after it', async () => {
      const { report, lines } = await verifyAltered((l) => [...l.slice(0, 2), ...l.slice(3)]);
      expect(report.firstBroken).toMatchObject({ code: 'HEAD_LOG_LINK', seq: seqOf(lines[3]!) });
    });

    it('a line rewritten: HEAD_SIGNATURE', async () => {
      const { report, lines } = await verifyAltered((l) =>
        l.map((line, i) =>
          i === 2 ? line.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'a'.repeat(64)}"`) : line,
        ),
      );
      expect(report.firstBroken).toMatchObject({ code: 'HEAD_SIGNATURE', seq: seqOf(lines[2]!) });
    });

    it('an earlier head appended again (the log rolled back): HEAD_LOG_LINK and HEAD_LOG_ORDER', async () => {
      const { report, lines } = await verifyAltered((l) => [...l, l[1]!]);
      expect(report.problems.map((p) => p.code)).toEqual(['HEAD_LOG_LINK', 'HEAD_LOG_ORDER']);
      expect(report.firstBroken?.seq).toBe(seqOf(lines[1]!));
    });

    it('its last lines removed, a mirror kept elsewhere: HEAD_LOG_ROLLED_BACK', async () => {
      const mirror = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aims-mirror-')), 'heads');
      let copied = false;
      const { report, lines } = await verifyAltered(
        (l) => {
          fs.writeFileSync(mirror, l.map((x) => `${x}\n`).join(''));
          copied = true;
          return l.slice(0, -2);
        },
        { mirror },
      );
      expect(copied).toBe(true);
      // Verification signed the head row again (it is signed: the database was not touched),
      // but the mirror still holds the heads the log lost.
      expect(report.problems.map((p) => p.code)).toEqual(['HEAD_LOG_ROLLED_BACK']);
      expect(report.firstBroken?.seq).toBe(seqOf(lines.at(-2)!));
      fs.rmSync(path.dirname(mirror), { recursive: true, force: true });
    });

    it('the database and the log rolled back together: only the mirror tells, as TRUNCATED', async () => {
      const mirror = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aims-mirror-')), 'heads');
      const { org } = await orgWithHistory(2);
      const then = await headRow(org.id);
      const orgThen = await db
        .selectFrom('orgs')
        .selectAll()
        .where('id', '=', org.id)
        .executeTakeFirstOrThrow();
      const logThen = logLines(org.id);
      for (let i = 0; i < 2; i++) expect((await rename(org, `Later ${i}`)).statusCode).toBe(200);
      fs.writeFileSync(
        mirror,
        logLines(org.id)
          .map((x) => `${x}\n`)
          .join(''),
      );
      await sql`delete from ledger_events where org_id = ${org.id} and seq > ${then.seq}`.execute(
        db,
      );
      await sql`update ledger_heads set seq = ${then.seq}, hash = ${then.hash}, signed_at = ${then.signed_at}, signature = ${then.signature} where org_id = ${org.id}`.execute(
        db,
      );
      await setOrgRow(org.id, orgThen);
      fs.writeFileSync(logFile(org.id), logThen.map((l) => `${l}\n`).join(''));
      expect((await verifyLedger(t.database, t.services.keys, org.id, { mirror: null })).ok).toBe(
        true,
      );
      const report = await verifyLedger(t.database, t.services.keys, org.id, {
        mirror: readMirror(mirror),
      });
      expect(report.firstBroken).toMatchObject({ code: 'TRUNCATED', seq: then.seq + 1 });
      expect(report.problems.map((p) => p.code)).toContain('HEAD_LOG_ROLLED_BACK');
      fs.rmSync(path.dirname(mirror), { recursive: true, force: true });
    });
  });
});
