import type { Kysely } from 'kysely';

/**
 * EU AI Act classifications, impact assessments with their impacts, objectives with measurements, and planned changes (6.1.4, 6.2, 6.3).
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ai_act_classifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('answers', 'text')
    .addColumn('role', 'text')
    .addColumn('proposed_tier', 'text')
    .addColumn('reasons', 'text')
    .addColumn('obligations', 'text')
    .addColumn('status', 'text')
    .addColumn('answered_by_member_id', 'text')
    .addColumn('confirmed_by_member_id', 'text')
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema
    .createIndex('ai_act_classifications_org')
    .on('ai_act_classifications')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('ai_act_classifications_ai_system_id')
    .on('ai_act_classifications')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('impact_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('ai_model_id', 'text')
    .addColumn('title', 'text')
    .addColumn('status', 'text')
    .addColumn('summary', 'text')
    .addColumn('dpia_reference', 'text')
    .addColumn('review_cycle_months', 'integer')
    .addColumn('author_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('next_due_date', 'text')
    .execute();
  await db.schema
    .createIndex('impact_assessments_org')
    .on('impact_assessments')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('impact_assessments_ai_system_id')
    .on('impact_assessments')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('impact_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('assessment_id', 'text')
    .addColumn('affected', 'text')
    .addColumn('dimension', 'text')
    .addColumn('description', 'text')
    .addColumn('severity', 'integer')
    .addColumn('likelihood', 'integer')
    .addColumn('mitigation', 'text')
    .addColumn('risk_ids', 'text')
    .addColumn('control_ids', 'text')
    .execute();
  await db.schema
    .createIndex('impact_items_org')
    .on('impact_items')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('impact_items_assessment_id')
    .on('impact_items')
    .columns(['org_id', 'assessment_id'])
    .execute();
  await db.schema
    .createTable('objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('metric', 'text')
    .addColumn('direction', 'text')
    .addColumn('target', 'text')
    .addColumn('unit', 'text')
    .addColumn('frequency', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('plan', 'text')
    .addColumn('ai_system_ids', 'text')
    .execute();
  await db.schema
    .createIndex('objectives_org')
    .on('objectives')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('objective_measurements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('objective_id', 'text')
    .addColumn('measured_on', 'text')
    .addColumn('value', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('objective_measurements_org')
    .on('objective_measurements')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('objective_measurements_objective_id')
    .on('objective_measurements')
    .columns(['org_id', 'objective_id'])
    .execute();
  await db.schema
    .createTable('aims_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('purpose', 'text')
    .addColumn('consequences', 'text')
    .addColumn('resources', 'text')
    .addColumn('responsibilities', 'text')
    .addColumn('status', 'text')
    .addColumn('requested_by_member_id', 'text')
    .addColumn('approver_member_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('planned_on', 'text')
    .execute();
  await db.schema
    .createIndex('aims_changes_org')
    .on('aims_changes')
    .columns(['org_id', 'id'])
    .execute();
}
