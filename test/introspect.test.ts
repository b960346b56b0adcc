/**
 * On PostgreSQL, Kysely's migrator and the generated suites' snapshots learn the tables from the
 * introspector of src/db/introspect.ts: only the schema in use, read by oid. Kysely's own lists
 * every schema and looks names up again while it reads, which fails while another session drops
 * a schema (tests side by side, other tenants of a server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresIntrospector, sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from './harness.js';

describe('introspection on PostgreSQL', () => {
  let t: TestDatabase;
  const other = `introspect_other_${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    await sql.raw(`create schema ${other}`).execute(t.db);
    await sql.raw(`create table ${other}.elsewhere (a integer)`).execute(t.db);
  });
  afterAll(async () => {
    await sql.raw(`drop schema ${other} cascade`).execute(t.db);
    await t.close();
  });

  it('lists the tables of the schema in use, with their columns, and nothing of another schema', async () => {
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(t.db);
    const schema = rows[0]!.s;
    const tables = await t.db.introspection.getTables();
    expect(tables.every((x) => x.schema === schema)).toBe(true);
    expect(tables.map((x) => x.name)).not.toContain('elsewhere');
    expect(tables.map((x) => x.name)).not.toContain('kysely_migration');
    const events = tables.find((x) => x.name === 'ledger_events');
    expect(events?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['org_id', 'seq', 'entity', 'entity_id', 'body', 'hash']),
    );
    expect(events?.columns.find((c) => c.name === 'seq')).toMatchObject({
      isNullable: false,
      isAutoIncrementing: false,
    });
    const withKysely = await t.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(withKysely.map((x) => x.name)).toContain('kysely_migration');
    // Kysely's own introspector reads the other schema too.
    const all = await new PostgresIntrospector(t.db).getTables();
    expect(all.some((x) => x.name === 'elsewhere' && x.schema === other)).toBe(true);
  });

  it('marks a serial column as auto-incrementing and a default as a default', async () => {
    await sql`create table introspect_probe (id serial primary key, note text default 'x', n integer)`.execute(
      t.db,
    );
    try {
      const probe = (await t.db.introspection.getTables()).find(
        (x) => x.name === 'introspect_probe',
      );
      expect(probe?.columns).toEqual([
        expect.objectContaining({ name: 'id', isAutoIncrementing: true, hasDefaultValue: true }),
        expect.objectContaining({ name: 'note', isAutoIncrementing: false, hasDefaultValue: true }),
        expect.objectContaining({
          name: 'n',
          isAutoIncrementing: false,
          hasDefaultValue: false,
          isNullable: true,
        }),
      ]);
    } finally {
      await sql`drop table introspect_probe`.execute(t.db);
    }
  });
});
