// A migration that adds a column to a ledgered table: records written before it still verify,
// while a value put in the new column behind the ledger's back is caught, and the next change
// records the column.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGERED } from '../src/db/schema.js';
import { stateAsOfNow, verifyOrg } from '../src/kernel/verify.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture } from './client.js';

describe('recorded states and later columns', () => {
  it('read a column missing from an older state as null and leave out columns no longer there', () => {
    expect(stateAsOfNow(['id', 'title', 'added'], { id: 'a', title: 'T', dropped: 1 })).toEqual({
      id: 'a',
      title: 'T',
      added: null,
    });
  });
});

describe.each(DIALECTS)('a column added to a ledgered table on %s', (dialect) => {
  let t: TestApp;
  const spec = LEDGERED.risks!;
  const before = spec.columns;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(async () => {
    (spec as { columns: readonly string[] }).columns = before;
    await t?.close();
  });

  it('verifies the records written before it, catches a value set behind the ledger, and records it from the next change', async () => {
    const org = await createOrgFixture(t);
    const base = `/api/v1/orgs/${org.slug}`;
    const risk = (
      await org.owner.post(`${base}/risks`, { title: 'Drift after retraining' })
    ).json();
    const db = t.database.db;
    const verified = async () =>
      (await verifyOrg(db, t.services.keys, org.id)).problems.map((p) => p.code);

    // The migration: a nullable column without a default, now among the ledgered columns.
    await sql`alter table risks add column board_note text`.execute(db);
    (spec as { columns: readonly string[] }).columns = [...before, 'board_note'];
    expect(await verified()).toEqual([]);

    await sql`update risks set board_note = ${'set by hand'} where id = ${risk.id}`.execute(db);
    expect(await verified()).toEqual(['RECORD_MISMATCH']);
    await sql`update risks set board_note = null where id = ${risk.id}`.execute(db);

    const renamed = await org.owner.patch(`${base}/risks/${risk.id}`, {
      title: 'Drift after each retraining',
    });
    expect(renamed.statusCode).toBe(200);
    const last = await db
      .selectFrom('ledger_events')
      .select('body')
      .where('org_id', '=', org.id)
      .where('entity_id', '=', risk.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.body).state).toHaveProperty('board_note', null);
    expect(await verified()).toEqual([]);
  });
});
