import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** AI systems still in use (retired ones owe no assessment), by name. */
export function activeSystems(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name', 'lifecycle_stage', 'owner_member_id'])
    .where('org_id', '=', orgId)
    .where('lifecycle_stage', '<>', 'retirement')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Impact assessments that are approved or in draft (superseded ones are history). */
export function liveAssessments(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('impact_assessments')
    .select(['id', 'ai_system_id', 'title', 'status', 'approved_at', 'next_due_date', 'created_at'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['approved', 'draft'])
    .orderBy('id')
    .execute();
}

/** Stage changes of the organization's AI systems, oldest first. */
export function transitions(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('ai_system_transitions')
    .select(['ai_system_id', 'to_stage', 'created_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

/** Model versions of the organization's AI systems, oldest first. */
export function modelVersions(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('ai_models')
    .select(['ai_system_id', 'name', 'model_version', 'created_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

/** Risks not closed (only `only` when given), by title. */
export function openRisks(db: Kysely<DB>, orgId: string, only?: readonly string[]) {
  let q = db
    .selectFrom('risks')
    .select([
      'id',
      'title',
      'status',
      'owner_member_id',
      'ai_system_ids',
      'inherent_level',
      'treatment',
      'review_date',
      'updated_at',
    ])
    .where('org_id', '=', orgId)
    .where('status', '<>', 'closed');
  if (only) q = q.where('id', 'in', only);
  return q.orderBy('title').orderBy('id').execute();
}

/** The treatment actions of the organization's open risks. */
export function treatmentActions(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('risk_treatments as t')
    .innerJoin('risks as r', (j) =>
      j.onRef('r.id', '=', 't.risk_id').onRef('r.org_id', '=', 't.org_id'),
    )
    .select(['t.risk_id', 't.status', 't.due_date'])
    .where('t.org_id', '=', orgId)
    .where('r.status', '<>', 'closed')
    .execute();
}
