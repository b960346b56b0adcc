import type { Kysely } from 'kysely';

/**
 * Risk criteria (versioned), the risk register, treatments and acceptances (6.1).
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('risk_criteria')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('number', 'integer')
    .addColumn('status', 'text')
    .addColumn('likelihood_scale', 'text')
    .addColumn('impact_scale', 'text')
    .addColumn('levels', 'text')
    .addColumn('matrix', 'text')
    .addColumn('acceptance_level', 'text')
    .addColumn('author_member_id', 'text')
    .addColumn('change_note', 'text')
    .execute();
  await db.schema
    .createIndex('risk_criteria_org')
    .on('risk_criteria')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('ai_system_ids', 'text')
    .addColumn('lifecycle_stage', 'text')
    .addColumn('risk_sources', 'text')
    .addColumn('objectives', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('criteria_id', 'text')
    .addColumn('inherent_likelihood', 'integer')
    .addColumn('inherent_impact', 'integer')
    .addColumn('inherent_level', 'text')
    .addColumn('treatment', 'text')
    .addColumn('control_ids', 'text')
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('residual_level', 'text')
    .addColumn('review_date', 'text')
    .addColumn('status', 'text')
    .execute();
  await db.schema.createIndex('risks_org').on('risks').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('risks_status').on('risks').columns(['org_id', 'status']).execute();
  await db.schema
    .createTable('risk_treatments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('risk_id', 'text')
    .addColumn('title', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text')
    .addColumn('completed_on', 'text')
    .execute();
  await db.schema
    .createIndex('risk_treatments_org')
    .on('risk_treatments')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('risk_treatments_risk_id')
    .on('risk_treatments')
    .columns(['org_id', 'risk_id'])
    .execute();
  await db.schema
    .createTable('risk_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('risk_id', 'text')
    .addColumn('accepted_by_member_id', 'text')
    .addColumn('justification', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('residual_level', 'text')
    .addColumn('criteria_id', 'text')
    .execute();
  await db.schema
    .createIndex('risk_acceptances_org')
    .on('risk_acceptances')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('risk_acceptances_risk_id')
    .on('risk_acceptances')
    .columns(['org_id', 'risk_id'])
    .execute();
}
