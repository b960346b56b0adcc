import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from './connect.js';
import { prepared } from './prepared.js';
import type { DB } from './schema.js';

describe('prepared queries', () => {
  it('compile once per handle and run with each call’s values, also in a transaction', async () => {
    const database = openSqlite(':memory:');
    const db = database.db;
    await sql`create table orgs (id text primary key, slug text, name text)`.execute(db);
    await sql`insert into orgs values ('1', 'a', 'A'), ('2', 'b', 'B')`.execute(db);
    let builds = 0;
    const bySlug = prepared(['slug'], (k: Kysely<DB>, p) => {
      builds++;
      return k.selectFrom('orgs').select(['id', 'name']).where('slug', '=', p.slug).limit(1);
    });
    expect(await bySlug(db, { slug: 'a' })).toEqual([{ id: '1', name: 'A' }]);
    expect(await bySlug(db, { slug: 'b' })).toEqual([{ id: '2', name: 'B' }]);
    expect(await bySlug(db, { slug: 'c' })).toEqual([]);
    expect(builds).toBe(1);
    await db.transaction().execute(async (tx) => {
      await sql`update orgs set name = 'B2' where id = '2'`.execute(tx);
      expect(await bySlug(tx, { slug: 'b' })).toEqual([{ id: '2', name: 'B2' }]);
    });
    await database.close();
  });

  it('refuses a parameter that does not end up as a value of the query', async () => {
    const database = openSqlite(':memory:');
    const shapeFromValue = prepared(['slug'], (k: Kysely<DB>, p) =>
      k.selectFrom('orgs').select(sql.raw(`'${p.slug}'`).as('x')),
    );
    await expect(shapeFromValue(database.db, { slug: 'a' })).rejects.toThrow(/not a plain value/);
    await database.close();
  });
});
