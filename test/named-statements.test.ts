import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { openPostgres } from '../src/db/connect.js';
import { AUTO_AFTER, AUTO_MAX, nameStatement, statementName } from '../src/db/named-statements.js';
import { sha256Hex } from '../src/kernel/ids.js';
import { apiTokenWithOrgByHash } from '../src/modules/identity/queries.js';
import { openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/**
 * On PostgreSQL the fixed queries run as named statements (src/db/named-statements.ts): each
 * connection parses and plans one once and runs it again with new values; other parameterized
 * SQL is named once it repeats, up to a bound; SQL without parameters stays unnamed; a schema change that alters a kept statement's columns is met by preparing it again.
 * The pool hands the most recently released connection out first, so the requests of a test and
 * its look-ups in pg_prepared_statements (which shows the current connection's) share one.
 */

interface Prepared {
  name: string;
  statement: string;
  runs: number;
}

async function preparedStatements(db: Kysely<DB>): Promise<Prepared[]> {
  const { rows } = await sql<Prepared>`
    select name, statement, (generic_plans + custom_plans)::int as runs
    from pg_prepared_statements`.execute(db);
  return rows;
}

/** The credential-with-organization query, as kept on the current connection. */
const authQuery = (all: Prepared[]) =>
  all.filter(
    (p) =>
      p.statement.includes('from "api_tokens"') &&
      p.statement.includes('"ledger_heads"') &&
      p.statement.includes('"o"."slug" = $'),
  );

describe('named statements on PostgreSQL', () => {
  let t: TestApp;
  let org: OrgFixture;
  let token: ApiClient;
  let secret: string;
  beforeAll(async () => {
    t = await openTestApp('postgres');
    org = await createOrgFixture(t);
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'lists',
      scopes: ['read'],
    });
    expect(r.statusCode).toBe(201);
    secret = r.json().token as string;
    token = new ApiClient(t.app, { token: secret });
  });
  afterAll(() => t.close());

  const db = () => t.services.database.db;

  it('a cached list runs the credential query as one statement, prepared once and run again', async () => {
    const url = `/api/v1/orgs/${org.slug}/risks?limit=50`;
    const first = await token.get(url);
    expect(first.statusCode).toBe(200);
    const [kept] = authQuery(await preparedStatements(db()));
    expect(kept?.name).toMatch(/^aims_[0-9a-f]{24}$/);
    for (let i = 0; i < 5; i++) {
      const again = await token.get(url);
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(first.body);
    }
    const after = authQuery(await preparedStatements(db()));
    // Still the one statement, run five more times (not parsed again under another name).
    expect(after.map((p) => p.name)).toEqual([kept!.name]);
    expect(after[0]!.runs - kept!.runs).toBe(5);
  });

  it('SQL without parameters is not kept, however often it runs', async () => {
    for (let i = 0; i < AUTO_AFTER * 2; i++) await sql`select 41 + 1 as answer`.execute(db());
    const all = await preparedStatements(db());
    expect(all.some((p) => p.statement.includes('41 + 1'))).toBe(false);
    expect(all.every((p) => p.name.startsWith('aims_'))).toBe(true);
  });

  it('a parameterized text is kept from its AUTO_AFTER-th run, and runs under its name after', async () => {
    const text = 'select $1::int * 3 as tripled';
    const run = (v: number) => db().executeQuery(CompiledQuery.raw(text, [v]));
    const kept = async () => (await preparedStatements(db())).filter((p) => p.statement === text);
    for (let i = 1; i < AUTO_AFTER; i++) expect((await run(i)).rows).toEqual([{ tripled: 3 * i }]);
    expect(await kept()).toEqual([]);
    expect(statementName(text)).toBeUndefined();
    expect((await run(7)).rows).toEqual([{ tripled: 21 }]);
    expect((await kept()).map((p) => [p.name, p.runs])).toEqual([[statementName(text), 1]]);
    expect((await run(8)).rows).toEqual([{ tripled: 24 }]);
    expect((await kept()).map((p) => p.runs)).toEqual([2]);
  });

  it(`no more than AUTO_MAX (${AUTO_MAX}) repeated texts are kept`, async () => {
    const texts = Array.from({ length: AUTO_MAX + 20 }, (_, i) => `select $1::int + ${i} as n`);
    for (const text of texts)
      for (let i = 0; i < AUTO_AFTER; i++) await db().executeQuery(CompiledQuery.raw(text, [i]));
    const kept = new Set((await preparedStatements(db())).map((p) => p.statement));
    const named = texts.filter((t) => kept.has(t));
    // Counted from the start of the process: the app's own repeated queries are among them.
    expect(kept.has(texts[0]!)).toBe(true);
    expect(named.length).toBeLessThanOrEqual(AUTO_MAX);
    expect(texts.slice(AUTO_MAX).some((t) => kept.has(t) || statementName(t))).toBe(false);
    // Unnamed past the bound, such a text still runs.
    const last = await db().executeQuery(CompiledQuery.raw(texts.at(-1)!, [1]));
    expect(last.rows).toEqual([{ n: 1 + AUTO_MAX + 19 }]);
  });

  it('a new connection prepares the statement for itself', async () => {
    const source = t.database.source;
    // PGlite has one session for all its clients: only a real server has other connections.
    if (source?.kind !== 'postgres') return;
    const pool = new pg.Pool({
      connectionString: source.connectionString,
      ...(source.options ? { options: source.options } : {}),
      max: 1,
    });
    const fresh = openPostgres(pool);
    try {
      expect(authQuery(await preparedStatements(fresh.db))).toEqual([]);
      const row = await apiTokenWithOrgByHash(fresh.db, sha256Hex(secret), org.slug);
      expect(row?.orgId).toBe(org.id);
      const kept = authQuery(await preparedStatements(fresh.db));
      expect(kept.map((p) => p.runs)).toEqual([1]);
      expect(kept[0]!.name).toBe(authQuery(await preparedStatements(db()))[0]!.name);
    } finally {
      await fresh.close();
    }
  });

  it('a schema change that alters a kept statement is met by preparing it again', async () => {
    await sql`create table named_probe (a integer)`.execute(db());
    await sql`insert into named_probe (a) values (1)`.execute(db());
    const text = 'select * from named_probe where a = $1';
    nameStatement(text);
    const probe = (on: Kysely<DB>) => on.executeQuery(CompiledQuery.raw(text, [1]));
    expect((await probe(db())).rows).toEqual([{ a: 1 }]);
    expect((await preparedStatements(db())).some((p) => p.statement === text)).toBe(true);
    // Outside a transaction: sent again under a new name, at once.
    await sql`alter table named_probe add column b text`.execute(db());
    expect((await probe(db())).rows).toEqual([{ a: 1, b: null }]);
    // Inside one the transaction has failed (as for any failed query); the next query is right.
    await sql`alter table named_probe add column c text`.execute(db());
    await expect(
      db()
        .transaction()
        .execute((tx) => probe(tx)),
    ).rejects.toThrow(/cached plan must not change result type/);
    expect((await probe(db())).rows).toEqual([{ a: 1, b: null, c: null }]);
  });

  it('a name the server already holds for another client (a pooler) is run unnamed', async () => {
    const text = 'select $1::int + 1 as next';
    nameStatement(text);
    const name = statementName(text)!;
    // Prepared on the connection behind the client's back, as a pooler's other client would.
    await sql.raw(`prepare ${name} (int) as select $1::int + 100 as next`).execute(db());
    const run = () => db().executeQuery(CompiledQuery.raw(text, [1]));
    // Unnamed, the query is the client's own text, not what the server holds under the name.
    expect((await run()).rows).toEqual([{ next: 2 }]);
    await sql.raw(`deallocate ${name}`).execute(db());
  });
});
