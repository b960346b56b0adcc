import type { Kysely } from 'kysely';

/**
 * Decisions on planned changes get a table of their own, one row per step (approved, rejected, implemented, withdrawn, each with who, when and why), rather than columns on aims_changes that would hold only the last one.
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('aims_change_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('change_id', 'text')
    .addColumn('decision', 'text')
    .addColumn('member_id', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('aims_change_decisions_org')
    .on('aims_change_decisions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('aims_change_decisions_change_id')
    .on('aims_change_decisions')
    .columns(['org_id', 'change_id'])
    .execute();
}
