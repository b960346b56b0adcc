import { sql, type Kysely } from 'kysely';

/**
 * Nonconformities and corrective action (ISO/IEC 42001 10.2) and the improvement log (10.1):
 * a nonconformity with its correction, root cause and the review of similar cases; its corrective
 * actions, each with an owner and a due date; every step taken on it (raised, corrected, analysed,
 * checked, closed, reopened) as a row of its own; and opportunities for improvement.
 *
 * A nonconformity's source (an audit finding, an incident, a monitoring breach, a concern, a
 * management review) is a type and an id without a foreign key: the tables of several sources
 * do not exist yet, and the command checks the ones that do.
 *
 * Frozen: these statements state the tables as they were created and never change. The same text
 * runs on SQLite and PostgreSQL.
 */
const STATEMENTS = [
  'create table "nonconformities" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "number" integer not null, "title" text not null, "description" text, "requirement_id" text not null, "source_type" text not null, "source_id" text, "severity" text not null, "status" text not null, "cycle" integer not null, "detected_on" text not null, "raised_by_member_id" text, "owner_member_id" text, "correction" text, "root_cause" text, "similar" text, "verified_by_member_id" text, "verified_at" text, "closed_at" text)',
  'create unique index "nonconformities_org" on "nonconformities" ("org_id", "id")',
  'create unique index "nonconformities_number_unique" on "nonconformities" ("org_id", "number")',
  'create index "nonconformities_status" on "nonconformities" ("org_id", "status")',
  'create index "nonconformities_source_id" on "nonconformities" ("org_id", "source_id")',

  'create table "nonconformity_actions" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "nonconformity_id" text not null, "cycle" integer not null, "title" text not null, "description" text, "owner_member_id" text not null, "due_date" text not null, "status" text not null, "outcome" text, "completed_on" text, "completed_by_member_id" text, "author_member_id" text, foreign key ("org_id", "nonconformity_id") references "nonconformities" ("org_id", "id"))',
  'create unique index "nonconformity_actions_org" on "nonconformity_actions" ("org_id", "id")',
  'create index "nonconformity_actions_nonconformity_id" on "nonconformity_actions" ("org_id", "nonconformity_id")',
  'create index "nonconformity_actions_status" on "nonconformity_actions" ("org_id", "status")',

  'create table "nonconformity_steps" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "nonconformity_id" text not null, "cycle" integer not null, "step" text not null, "member_id" text, "note" text, foreign key ("org_id", "nonconformity_id") references "nonconformities" ("org_id", "id"))',
  'create unique index "nonconformity_steps_org" on "nonconformity_steps" ("org_id", "id")',
  'create index "nonconformity_steps_nonconformity_id" on "nonconformity_steps" ("org_id", "nonconformity_id")',

  'create table "improvements" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "title" text not null, "description" text, "source_type" text not null, "source_id" text, "owner_member_id" text, "decision" text not null, "decision_note" text, "decided_by_member_id" text, "decided_at" text, "status" text not null, "due_date" text, "completed_on" text)',
  'create unique index "improvements_org" on "improvements" ("org_id", "id")',
  'create index "improvements_status" on "improvements" ("org_id", "status")',
  'create index "improvements_source_id" on "improvements" ("org_id", "source_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
