import { sql, type Kysely } from 'kysely';

/**
 * Life cycle gates (8.1): the gate criteria as versions (one in force, earlier ones kept), the
 * evidence pushed for a gate (which evidence, for which AI system and model version, of which
 * kind), every gate check a pipeline or a person made, and every transition that overrode a
 * failed gate with its justification. References to other records are foreign keys on
 * (org_id, reference), declared in the tables since they are new.
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
const STATEMENTS = [
  'create table "gate_criteria" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "number" integer not null, "status" text not null, "enforced" integer not null, "gates" text not null, "author_member_id" text, "change_note" text)',
  'create unique index "gate_criteria_org" on "gate_criteria" ("org_id", "id")',
  'create unique index "gate_criteria_number_unique" on "gate_criteria" ("org_id", "number")',

  'create table "gate_evidence" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "ai_system_id" text not null, "evidence_id" text not null, "kind" text not null, "model_version" text, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "evidence_id") references "evidence" ("org_id", "id"))',
  'create unique index "gate_evidence_org" on "gate_evidence" ("org_id", "id")',
  'create index "gate_evidence_ai_system_id" on "gate_evidence" ("org_id", "ai_system_id")',

  'create table "gate_checks" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "ai_system_id" text not null, "from_stage" text not null, "to_stage" text not null, "model_version" text, "criteria_id" text, "passed" integer not null, "results" text not null, "reference" text, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "criteria_id") references "gate_criteria" ("org_id", "id"))',
  'create unique index "gate_checks_org" on "gate_checks" ("org_id", "id")',
  'create index "gate_checks_ai_system_id" on "gate_checks" ("org_id", "ai_system_id")',

  'create table "gate_overrides" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "ai_system_id" text not null, "transition_id" text not null, "from_stage" text not null, "to_stage" text not null, "criteria_id" text not null, "unmet" text not null, "justification" text not null, "member_id" text, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "transition_id") references "ai_system_transitions" ("org_id", "id"), foreign key ("org_id", "criteria_id") references "gate_criteria" ("org_id", "id"))',
  'create unique index "gate_overrides_org" on "gate_overrides" ("org_id", "id")',
  'create index "gate_overrides_ai_system_id" on "gate_overrides" ("org_id", "ai_system_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
