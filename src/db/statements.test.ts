import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from './connect.js';
import type { DB } from './schema.js';
import { statement, statementFamily } from './statements.js';

async function orgsTable() {
  const database = openSqlite(':memory:');
  await sql`create table orgs (id text primary key, slug text, name text)`.execute(database.db);
  await sql`insert into orgs values ('1', 'a', 'A'), ('2', 'b', 'B')`.execute(database.db);
  return database;
}

describe('statements compiled once per database', () => {
  it('are built once, also across transactions (each a new handle), and see the transaction', async () => {
    const database = await orgsTable();
    const db = database.db;
    let builds = 0;
    const bySlug = statement(['slug'], (k: Kysely<DB>, p) => {
      builds++;
      return k.selectFrom('orgs').select(['id', 'name']).where('slug', '=', p.slug);
    });
    expect(await bySlug(db, { slug: 'a' })).toEqual([{ id: '1', name: 'A' }]);
    for (const name of ['B2', 'B3'])
      await db.transaction().execute(async (tx) => {
        await sql`update orgs set name = ${name} where id = '2'`.execute(tx);
        expect(await bySlug(tx, { slug: 'b' })).toEqual([{ id: '2', name }]);
      });
    expect(await bySlug(db, { slug: 'c' })).toEqual([]);
    expect(builds).toBe(1);
    // Another database compiles its own.
    const other = await orgsTable();
    expect(await bySlug(other.db, { slug: 'b' })).toEqual([{ id: '2', name: 'B' }]);
    expect(builds).toBe(2);
    await database.close();
    await other.close();
  });

  it('keep one compiled query per shape of a family, with the same SQL as the builder', async () => {
    const database = await orgsTable();
    const db = database.db;
    const built: string[] = [];
    const insert = statementFamily(
      (cols: readonly string[]) => cols.join(','),
      (cols) => cols,
      (k, cols, p) => {
        const q = k
          .insertInto('orgs')
          .values(Object.fromEntries(cols.map((c) => [c, p[c]])) as never);
        built.push(q.compile().sql);
        return q;
      },
    );
    await db.transaction().execute(async (tx) => {
      await insert(tx, ['id', 'slug'], { id: '3', slug: 'c' });
      await insert(tx, ['id', 'slug'], { id: '4', slug: 'd' });
      await insert(tx, ['id', 'slug', 'name'], { id: '5', slug: 'e', name: 'E' });
    });
    expect(built).toEqual([
      'insert into "orgs" ("id", "slug") values (?, ?)',
      'insert into "orgs" ("id", "slug", "name") values (?, ?, ?)',
    ]);
    const rows = await db.selectFrom('orgs').selectAll().where('id', '>=', '3').execute();
    expect(rows).toEqual([
      { id: '3', slug: 'c', name: null },
      { id: '4', slug: 'd', name: null },
      { id: '5', slug: 'e', name: 'E' },
    ]);
    await database.close();
  });

  it('refuse a parameter that does not end up as a value of the query', async () => {
    const database = await orgsTable();
    const shapeFromValue = statement(['slug'], (k: Kysely<DB>, p) =>
      k.selectFrom('orgs').select(sql.raw(`'${p.slug}'`).as('x')),
    );
    await expect(shapeFromValue(database.db, { slug: 'a' })).rejects.toThrow(/not a plain value/);
    await database.close();
  });
});
