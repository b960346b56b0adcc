import type { Kysely } from 'kysely';

/**
 * Scope versions, policies with versions and acknowledgements, documents with versions, and concerns.
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scope_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('number', 'integer')
    .addColumn('status', 'text')
    .addColumn('statement', 'text')
    .addColumn('boundaries', 'text')
    .addColumn('exclusions', 'text')
    .addColumn('ai_roles', 'text')
    .addColumn('author_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('change_note', 'text')
    .execute();
  await db.schema
    .createIndex('scope_versions_org')
    .on('scope_versions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('kind', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('review_cycle_months', 'integer')
    .addColumn('next_review_date', 'text')
    .addColumn('alignment', 'text')
    .addColumn('related_policy_ids', 'text')
    .addColumn('current_version_id', 'text')
    .execute();
  await db.schema.createIndex('policies_org').on('policies').columns(['org_id', 'id']).execute();
  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text')
    .addColumn('number', 'integer')
    .addColumn('status', 'text')
    .addColumn('content', 'text')
    .addColumn('change_note', 'text')
    .addColumn('author_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createIndex('policy_versions_org')
    .on('policy_versions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('policy_versions_policy_id')
    .on('policy_versions')
    .columns(['org_id', 'policy_id'])
    .execute();
  await db.schema
    .createTable('policy_acknowledgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'text')
    .addColumn('policy_id', 'text')
    .addColumn('member_id', 'text')
    .addColumn('acknowledged_at', 'text')
    .execute();
  await db.schema
    .createIndex('policy_acknowledgements_org')
    .on('policy_acknowledgements')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('policy_acknowledgements_policy_version_id')
    .on('policy_acknowledgements')
    .columns(['org_id', 'policy_version_id'])
    .execute();
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('kind', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('classification', 'text')
    .addColumn('retention_months', 'integer')
    .addColumn('source_register', 'text')
    .addColumn('current_version_id', 'text')
    .execute();
  await db.schema.createIndex('documents_org').on('documents').columns(['org_id', 'id']).execute();
  await db.schema
    .createTable('document_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('number', 'integer')
    .addColumn('status', 'text')
    .addColumn('content', 'text')
    .addColumn('content_type', 'text')
    .addColumn('content_sha256', 'text')
    .addColumn('change_note', 'text')
    .addColumn('author_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('approved_at', 'text')
    .execute();
  await db.schema
    .createIndex('document_versions_org')
    .on('document_versions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('document_versions_document_id')
    .on('document_versions')
    .columns(['org_id', 'document_id'])
    .execute();
  await db.schema
    .createTable('concerns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('summary', 'text')
    .addColumn('details', 'text')
    .addColumn('channel', 'text')
    .addColumn('anonymous', 'integer')
    .addColumn('reporter_member_id', 'text')
    .addColumn('reporter_contact', 'text')
    .addColumn('status', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('concerns_org').on('concerns').columns(['org_id', 'id']).execute();
  await db.schema
    .createIndex('concerns_status')
    .on('concerns')
    .columns(['org_id', 'status'])
    .execute();
}
