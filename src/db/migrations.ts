import {
  ASSESSMENT_INDEXES,
  ASSESSMENT_TABLES,
  CHANGE_DECISION_INDEXES,
  CHANGE_DECISION_TABLES,
  REGISTER_INDEXES,
  SOA_INDEXES,
  SOA_TABLES,
  REGISTER_TABLES,
  RISK_INDEXES,
  RISK_TABLES,
  WORKFLOW_INDEXES,
  WORKFLOW_TABLES,
  columnName,
} from './register-tables.js';
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';

/**
 * One migration set for SQLite and PostgreSQL: only portable types (text, integer) and the
 * schema builder, so the same statements run on both.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orgs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('memberships_org_user', ['org_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('api_tokens_org')
        .on('api_tokens')
        .columns(['org_id', 'id'])
        .execute();
      await db.schema
        .createTable('ledger_events')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_events_pk', ['org_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('ledger_events_entity')
        .on('ledger_events')
        .columns(['org_id', 'entity', 'entity_id', 'seq'])
        .execute();
      await db.schema
        .createTable('ledger_heads')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ledger_checkpoints')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_checkpoints_pk', ['org_id', 'seq'])
        .execute();
    },
  },
  '0002_registers': {
    up: (db: Kysely<unknown>) => createRecordTables(db, REGISTER_TABLES, REGISTER_INDEXES),
  },
  '0003_workflows': {
    up: (db: Kysely<unknown>) => createRecordTables(db, WORKFLOW_TABLES, WORKFLOW_INDEXES),
  },
  '0004_risks': {
    up: (db: Kysely<unknown>) => createRecordTables(db, RISK_TABLES, RISK_INDEXES),
  },
  '0005_assessments': {
    up: (db: Kysely<unknown>) => createRecordTables(db, ASSESSMENT_TABLES, ASSESSMENT_INDEXES),
  },
  '0006_soa_evidence': {
    up: (db: Kysely<unknown>) => createRecordTables(db, SOA_TABLES, SOA_INDEXES),
  },
  '0007_member_pages': {
    // Member lists page by (org_id, id); without this index each page sorted the whole organization.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('memberships_org')
        .on('memberships')
        .columns(['org_id', 'id'])
        .execute();
    },
  },
  '0008_change_decisions': {
    // Decisions on planned changes get a table of their own, one row per step (approved, rejected,
    // implemented, withdrawn, each with who, when and why), rather than columns on aims_changes
    // that would hold only the last one.
    up: (db: Kysely<unknown>) =>
      createRecordTables(db, CHANGE_DECISION_TABLES, CHANGE_DECISION_INDEXES),
  },
};

/** Record tables: the common columns, the listed ones (i: integer, else text), and org-scoped indexes. */
async function createRecordTables(
  db: Kysely<unknown>,
  tables: Record<string, readonly string[]>,
  indexes: Record<string, string[] | undefined>,
) {
  for (const [table, columns] of Object.entries(tables)) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull());
    for (const c of columns)
      t = t.addColumn(columnName(c), c.startsWith('i:') ? 'integer' : 'text');
    await t.execute();
    await db.schema.createIndex(`${table}_org`).on(table).columns(['org_id', 'id']).execute();
    for (const c of indexes[table] ?? []) {
      await db.schema.createIndex(`${table}_${c}`).on(table).columns(['org_id', c]).execute();
    }
  }
}

export const MIGRATION_NAMES = Object.keys(migrations);

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** Brings the schema up to date; safe to run on every start. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
