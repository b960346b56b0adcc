import type { Kysely } from 'kysely';

/**
 * The registers of clauses 4, 5 and 7 and Annex A: context issues, interested parties, the legal register, AI systems with their transitions, model versions, datasets and resources, third parties, responsibilities, competences and training records.
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('context_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('kind', 'text')
    .addColumn('category', 'text')
    .addColumn('description', 'text')
    .addColumn('effect', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('review_date', 'text')
    .execute();
  await db.schema
    .createIndex('context_issues_org')
    .on('context_issues')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('interested_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('kind', 'text')
    .addColumn('needs', 'text')
    .addColumn('requirements', 'text')
    .addColumn('addressed_by', 'text')
    .addColumn('owner_member_id', 'text')
    .execute();
  await db.schema
    .createIndex('interested_parties_org')
    .on('interested_parties')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('legal_requirements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('instrument', 'text')
    .addColumn('jurisdiction', 'text')
    .addColumn('obligations', 'text')
    .addColumn('applicability', 'text')
    .addColumn('justification', 'text')
    .addColumn('ai_system_ids', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('review_date', 'text')
    .execute();
  await db.schema
    .createIndex('legal_requirements_org')
    .on('legal_requirements')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('ai_systems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('purpose', 'text')
    .addColumn('owner_member_id', 'text')
    .addColumn('business_unit', 'text')
    .addColumn('ai_roles', 'text')
    .addColumn('intended_use', 'text')
    .addColumn('foreseeable_misuse', 'text')
    .addColumn('automation_level', 'text')
    .addColumn('human_oversight', 'text')
    .addColumn('affected_people', 'text')
    .addColumn('deployment_context', 'text')
    .addColumn('sector', 'text')
    .addColumn('lifecycle_stage', 'text')
    .addColumn('eu_ai_act_tier', 'text')
    .addColumn('eu_ai_act_reason', 'text')
    .execute();
  await db.schema
    .createIndex('ai_systems_org')
    .on('ai_systems')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('ai_system_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .execute();
  await db.schema
    .createIndex('ai_system_transitions_org')
    .on('ai_system_transitions')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('ai_system_transitions_ai_system_id')
    .on('ai_system_transitions')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('ai_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('name', 'text')
    .addColumn('model_version', 'text')
    .addColumn('source', 'text')
    .addColumn('model_card_url', 'text')
    .addColumn('release_date', 'text')
    .addColumn('change_summary', 'text')
    .execute();
  await db.schema.createIndex('ai_models_org').on('ai_models').columns(['org_id', 'id']).execute();
  await db.schema
    .createIndex('ai_models_ai_system_id')
    .on('ai_models')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('name', 'text')
    .addColumn('source', 'text')
    .addColumn('acquisition', 'text')
    .addColumn('provenance', 'text')
    .addColumn('personal_data', 'integer')
    .addColumn('quality_checks', 'text')
    .addColumn('preparation', 'text')
    .addColumn('licence', 'text')
    .execute();
  await db.schema.createIndex('datasets_org').on('datasets').columns(['org_id', 'id']).execute();
  await db.schema
    .createIndex('datasets_ai_system_id')
    .on('datasets')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('ai_resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ai_system_id', 'text')
    .addColumn('kind', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .execute();
  await db.schema
    .createIndex('ai_resources_org')
    .on('ai_resources')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('ai_resources_ai_system_id')
    .on('ai_resources')
    .columns(['org_id', 'ai_system_id'])
    .execute();
  await db.schema
    .createTable('third_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('relation', 'text')
    .addColumn('supplies', 'text')
    .addColumn('ai_system_ids', 'text')
    .addColumn('responsibilities', 'text')
    .addColumn('assessed_on', 'text')
    .addColumn('assessment_outcome', 'text')
    .execute();
  await db.schema
    .createIndex('third_parties_org')
    .on('third_parties')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('responsibilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('raci', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('responsibilities_org')
    .on('responsibilities')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('responsibilities_subject_id')
    .on('responsibilities')
    .columns(['org_id', 'subject_id'])
    .execute();
  await db.schema
    .createTable('competences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('aims_role', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .execute();
  await db.schema
    .createIndex('competences_org')
    .on('competences')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('training_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('competence_id', 'text')
    .addColumn('title', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('evidence', 'text')
    .execute();
  await db.schema
    .createIndex('training_records_org')
    .on('training_records')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('training_records_member_id')
    .on('training_records')
    .columns(['org_id', 'member_id'])
    .execute();
}
