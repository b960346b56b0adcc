/**
 * The head-log transaction after a batch's commit (src/db/head-locks.ts `withHeadsLocked`): on
 * PostgreSQL `begin` and the lock of the heads go in one message, `commit` in a second; the rows
 * are locked before the work runs and let go after, also when the work throws.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withHeadsLocked } from '../src/db/head-locks.js';
import type { DB } from '../src/db/schema.js';
import { createOrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

type Execute = (...args: unknown[]) => unknown;

/** The SQL of every query sent through any handle of this database while `run` runs. */
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

const realServer = !!process.env.AIMS_TEST_POSTGRES_URL;

describe.each(DIALECTS)('the heads locked for the head log (%s)', (dialect) => {
  let t: TestApp;
  let orgIds: string[];
  beforeAll(async () => {
    t = await openTestApp(dialect);
    orgIds = [];
    for (let i = 0; i < 3; i++) {
      const org = await createOrgFixture(t, `Locks ${i}`);
      expect(
        (await org.owner.patch(`/api/v1/orgs/${org.slug}`, { name: `L ${i}` })).statusCode,
      ).toBe(200);
      orgIds.push(org.id);
    }
  });
  afterAll(() => t?.close());

  it('runs the work inside and answers its value; on PostgreSQL in two round trips', async () => {
    const { value, sent } = await queriesOf(t.database.db, () =>
      withHeadsLocked(t.database, [...orgIds].reverse(), () => 'done'),
    );
    expect(value).toBe('done');
    if (dialect === 'postgres') {
      const sorted = [...orgIds].sort();
      expect(sent).toEqual([
        `begin; select org_id from ledger_heads where org_id in (${sorted.map((id) => `'${id}'`).join(', ')}) order by org_id for update`,
        'commit',
      ]);
    }
  });

  it('a work that throws: the error, and the connection left outside any transaction', async () => {
    await expect(
      withHeadsLocked(t.database, orgIds, () => {
        throw new Error('cannot append');
      }),
    ).rejects.toThrow('cannot append');
    // The connection it ran on (the pool hands it out again first) is in no transaction.
    if (dialect === 'postgres') {
      const { rows } = await sql<{
        open: boolean;
      }>`select txid_current_if_assigned() is not null as open`.execute(t.database.db);
      expect(rows[0]!.open).toBe(false);
    }
    // And the heads can be locked again.
    for (let i = 0; i < 3; i++)
      expect(await withHeadsLocked(t.database, orgIds.slice(0, 1), () => i)).toBe(i);
  });

  it.runIf(dialect === 'postgres' && realServer)(
    'waits for a head lock another transaction holds, and holds it while the work runs',
    async () => {
      const [a, b] = [...orgIds].sort();
      let ran = false;
      await t.database.db.connection().execute(async (other) => {
        await sql.raw('begin').execute(other);
        await sql`select org_id from ledger_heads where org_id = ${b} for update`.execute(other);
        const sealing = withHeadsLocked(t.database, [a!, b!], () => {
          ran = true;
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(ran).toBe(false);
        // Meanwhile the first row is already locked by the waiting transaction.
        await expect(
          sql`select org_id from ledger_heads where org_id = ${a} for update nowait`.execute(other),
        ).rejects.toMatchObject({ code: '55P03' });
        await sql.raw('rollback').execute(other);
        await sealing;
        expect(ran).toBe(true);
      });
      // And let go after the commit.
      const { rows } = await sql<{
        org_id: string;
      }>`select org_id from ledger_heads where org_id = ${a} for update nowait`.execute(
        t.database.db,
      );
      expect(rows).toHaveLength(1);
    },
  );
});
