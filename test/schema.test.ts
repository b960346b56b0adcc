import fs from 'node:fs';
import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { LEDGERED } from '../src/db/schema.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './harness.js';
import { expectedShapes, introspect } from './schema-introspect.js';

const upTo = (last: string): Record<string, Migration> =>
  Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name <= last));

describe('the migration set', () => {
  it('lists every file of src/db/migrations, in order, and nothing else', () => {
    const files = fs
      .readdirSync(new URL('../src/db/migrations/', import.meta.url))
      .filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(MIGRATIONS)).toEqual(files);
  });

  it('derives the ledgered columns from the registry, secrets left out', () => {
    expect(LEDGERED.api_tokens.columns).toContain('scopes');
    expect(LEDGERED.api_tokens.columns).not.toContain('token_hash');
    expect(LEDGERED.risks.columns).toEqual(expect.arrayContaining(['id', 'org_id', 'title']));
    expect(Object.keys(LEDGERED)).not.toContain('users');
    expect(Object.keys(LEDGERED)).not.toContain('sessions');
  });
});

describe.each(DIALECTS)('the schema on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is what the table registry says: columns, types, NOT NULL, keys, indexes, foreign keys', async () => {
    t = await openTestDatabase(dialect);
    const actual = await introspect(t.db, dialect);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expectedShapes()).sort());
    for (const [name, shape] of Object.entries(expectedShapes())) {
      expect(actual[name], name).toEqual(shape);
    }
  });

  it('keeps the rows of an existing database through 0009 and then enforces its rules', async () => {
    t = await openTestDatabase(dialect, { migrations: upTo('0008_change_decisions') });
    const db = t.db;
    await sql`insert into orgs (id, slug, name, version, created_at, updated_at)
      values ('o1', 'one', 'One', 1, 't', 't'), ('o2', 'two', 'Two', 1, 't', 't')`.execute(db);
    await sql`insert into ai_systems (id, org_id, version, created_at, updated_at, name, purpose, lifecycle_stage, eu_ai_act_tier)
      values ('s1', 'o1', 1, 't', 't', 'Triage', 'Sorts', 'inception', 'unclassified')`.execute(db);
    await sql`insert into ai_models (id, org_id, version, created_at, updated_at, ai_system_id, name, model_version, source)
      values ('m1', 'o1', 1, 't', 't', 's1', 'Model', '1.0', 'internal')`.execute(db);
    expect(await migrateToLatest(db, upTo('0009_constraints'))).toEqual(['0009_constraints']);

    const models = await sql<{ id: string; name: string }>`select id, name from ai_models`.execute(
      db,
    );
    expect(models.rows).toEqual([{ id: 'm1', name: 'Model' }]);
    // A model of the system, filed under another organization: refused by the database itself.
    await expect(
      sql`insert into ai_models (id, org_id, version, created_at, updated_at, ai_system_id, name, model_version, source)
        values ('m2', 'o2', 1, 't', 't', 's1', 'Model', '1.0', 'internal')`.execute(db),
    ).rejects.toThrow();
    await expect(
      sql`insert into ai_models (id, org_id, version, created_at, updated_at, ai_system_id, name, model_version, source)
        values ('m3', 'o1', 1, 't', 't', 's1', null, '1.0', 'internal')`.execute(db),
    ).rejects.toThrow();
  });

  it('stops 0009 on data that breaks its rules, names each problem and changes nothing', async () => {
    t = await openTestDatabase(dialect, { migrations: upTo('0008_change_decisions') });
    const db = t.db;
    await sql`insert into orgs (id, slug, name, version, created_at, updated_at)
      values ('o1', 'one', 'One', 1, 't', 't'), ('o2', 'two', 'Two', 1, 't', 't')`.execute(db);
    await sql`insert into ai_systems (id, org_id, version, created_at, updated_at, name, purpose, lifecycle_stage, eu_ai_act_tier)
      values ('s1', 'o1', 1, 't', 't', 'Triage', null, 'inception', 'unclassified')`.execute(db);
    await sql`insert into ai_models (id, org_id, version, created_at, updated_at, ai_system_id, name, model_version, source)
      values ('m1', 'o2', 1, 't', 't', 's1', 'Model', '1.0', 'internal')`.execute(db);
    const before = await introspect(db, dialect);
    const failed = await migrateToLatest(db).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(failed).toContain('ai_systems.purpose is empty in 1 row(s)');
    expect(failed).toContain(
      'ai_models.ai_system_id names no ai_systems record of its organization in 1 row(s)',
    );
    expect(await introspect(db, dialect)).toEqual(before);
  });
});
