import type { Kysely } from 'kysely';

/**
 * The Statement of Applicability (entries and versions), evidence, evidence links and custody events (6.1.3, 7.5).
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('soa_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('control_id', 'text')
    .addColumn('custom', 'integer')
    .addColumn('title', 'text')
    .addColumn('applicable', 'integer')
    .addColumn('justification', 'text')
    .addColumn('implementation_status', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('notes', 'text')
    .execute();
  await db.schema
    .createIndex('soa_entries_org')
    .on('soa_entries')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('soa_entries_control_id')
    .on('soa_entries')
    .columns(['org_id', 'control_id'])
    .execute();
  await db.schema
    .createTable('soa_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('number', 'integer')
    .addColumn('status', 'text')
    .addColumn('snapshot', 'text')
    .addColumn('content_sha256', 'text')
    .addColumn('change_note', 'text')
    .addColumn('author_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('approved_at', 'text')
    .execute();
  await db.schema
    .createIndex('soa_versions_org')
    .on('soa_versions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('kind', 'text')
    .addColumn('description', 'text')
    .addColumn('blob_sha256', 'text')
    .addColumn('size', 'integer')
    .addColumn('media_type', 'text')
    .addColumn('filename', 'text')
    .addColumn('url', 'text')
    .addColumn('record_type', 'text')
    .addColumn('record_id', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('owner_member_id', 'text')
    .execute();
  await db.schema.createIndex('evidence_org').on('evidence').columns(['org_id', 'id']).execute();
  await db.schema
    .createTable('evidence_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_links_org')
    .on('evidence_links')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('evidence_links_evidence_id')
    .on('evidence_links')
    .columns(['org_id', 'evidence_id'])
    .execute();
  await db.schema
    .createIndex('evidence_links_target_id')
    .on('evidence_links')
    .columns(['org_id', 'target_id'])
    .execute();
  await db.schema
    .createTable('custody_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text')
    .addColumn('event', 'text')
    .addColumn('blob_sha256', 'text')
    .addColumn('actor', 'text')
    .execute();
  await db.schema
    .createIndex('custody_events_org')
    .on('custody_events')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('custody_events_evidence_id')
    .on('custody_events')
    .columns(['org_id', 'evidence_id'])
    .execute();
}
