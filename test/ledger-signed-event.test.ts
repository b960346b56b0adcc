/**
 * The event at the head log's last signed seq is read in the statement that locks the head row
 * (src/kernel/stored-chain.ts `lockHeadForCheck`), not by a query of its own: the check before
 * signing still catches that event altered or removed in the database, also when another process
 * appended the log's last line (the event is then read on its own, under the lock).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DB } from '../src/db/schema.js';
import { createServices } from '../src/server.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

type Execute = (...args: unknown[]) => unknown;

/** The SQL of every query sent through any handle of this database (transactions too) while `run` runs. */
async function queriesOf<T>(db: Kysely<DB>, run: () => Promise<T>) {
  const proto = Object.getPrototypeOf(db.getExecutor()) as { executeQuery: Execute };
  const original = proto.executeQuery;
  const sent: string[] = [];
  proto.executeQuery = function (this: unknown, ...args: unknown[]) {
    sent.push((args[0] as { sql: string }).sql);
    return original.apply(this, args);
  };
  try {
    return { value: await run(), sent };
  } finally {
    proto.executeQuery = original;
  }
}

describe.each(DIALECTS)(
  'the event at the last signed seq, read with the head lock (%s)',
  (dialect) => {
    let t: TestApp;
    let db: Kysely<DB>;
    beforeAll(async () => {
      t = await openTestApp(dialect);
      db = t.database.db;
    });
    afterAll(() => t?.close());

    const base = (org: OrgFixture) => `/api/v1/orgs/${org.slug}`;
    const rename = (org: OrgFixture, name: string) => org.owner.patch(base(org), { name });
    const head = (orgId: string) =>
      db
        .selectFrom('ledger_heads')
        .selectAll()
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
    const eventCount = async (orgId: string) =>
      (
        await db
          .selectFrom('ledger_events')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n;

    async function orgWithHistory() {
      const org = await createOrgFixture(t, 'Signed Event');
      for (let i = 1; i <= 3; i++) expect((await rename(org, `Signed ${i}`)).statusCode).toBe(200);
      return { org, n: (await head(org.id)).seq };
    }

    /** The next write is refused, the organization is in alarm with `code`, nothing is written. */
    async function expectRefused(org: OrgFixture, code: string) {
      const before = { head: await head(org.id), events: await eventCount(org.id) };
      const w = await rename(org, 'After the change');
      expect(w.statusCode, w.body).toBe(503);
      expect(w.json().code).toBe('LEDGER_ALARM');
      expect(t.services.keys.alarms.of(org.id)?.code).toBe(code);
      expect(await head(org.id)).toEqual(before.head);
      expect(await eventCount(org.id)).toBe(before.events);
    }

    it('a write locks the head row and reads that event in one statement, and no other read of events', async () => {
      const { org } = await orgWithHistory();
      const { value, sent } = await queriesOf(db, () => rename(org, 'One statement'));
      expect(value.statusCode).toBe(200);
      // Before anything is written: the head row locked, the event at the signed seq beside it.
      const lock = sent.findIndex((q) => /^select .* from "ledger_heads" as "h"/.test(q));
      expect(lock).toBeGreaterThanOrEqual(0);
      expect(lock).toBeLessThan(sent.findIndex((q) => q.startsWith('update "orgs"')));
      expect(sent[lock]).toMatch(/left join "ledger_events" as "e" on .* "e"\."seq" = /);
      if (dialect === 'postgres') expect(sent[lock]).toMatch(/for update of "h"$/);
      expect(sent.filter((q) => /^select .* from "ledger_events"/.test(q))).toEqual([]);
      expect(sent.filter((q) => /ledger_events/.test(q) && q !== sent[lock])).toEqual([
        expect.stringMatching(/^insert into "ledger_events"/),
      ]);
    });

    it('that event altered in the database (the chain trusted by this process): HEAD_FILE_MISMATCH', async () => {
      const { org, n } = await orgWithHistory();
      await sql`update ledger_events set hash = ${'0'.repeat(64)} where org_id = ${org.id} and seq = ${n}`.execute(
        db,
      );
      await expectRefused(org, 'HEAD_FILE_MISMATCH');
    });

    it('that event removed from the database: TRUNCATED', async () => {
      const { org, n } = await orgWithHistory();
      await sql`delete from ledger_events where org_id = ${org.id} and seq = ${n}`.execute(db);
      await expectRefused(org, 'TRUNCATED');
    });

    describe('after another process appended the last line', () => {
      let other: FastifyInstance;
      beforeAll(async () => {
        const services = await createServices(
          { ...loadConfig({ AIMS_DATA_DIR: t.database.dir }), logLevel: 'silent' },
          t.database,
        );
        other = await buildApp(services, { logLevel: 'silent' });
        await other.ready();
      });
      afterAll(() => other?.close());

      /** A rename through the other process's app, so the log's last line is newer than this process saw. */
      async function renameElsewhere(org: OrgFixture) {
        const there = new ApiClient(other, org.owner.auth);
        const r = await there.patch(base(org), { name: 'Renamed elsewhere' });
        expect(r.statusCode, r.body).toBe(200);
        return (await head(org.id)).seq;
      }

      it('a clean chain still takes writes', async () => {
        const { org } = await orgWithHistory();
        await renameElsewhere(org);
        expect((await rename(org, 'Back here')).statusCode).toBe(200);
      });

      it('that event altered: HEAD_FILE_MISMATCH', async () => {
        const { org } = await orgWithHistory();
        const n = await renameElsewhere(org);
        await sql`update ledger_events set hash = ${'0'.repeat(64)} where org_id = ${org.id} and seq = ${n}`.execute(
          db,
        );
        await expectRefused(org, 'HEAD_FILE_MISMATCH');
      });

      it('that event removed: TRUNCATED', async () => {
        const { org } = await orgWithHistory();
        const n = await renameElsewhere(org);
        await sql`delete from ledger_events where org_id = ${org.id} and seq = ${n}`.execute(db);
        await expectRefused(org, 'TRUNCATED');
      });
    });
  },
);
