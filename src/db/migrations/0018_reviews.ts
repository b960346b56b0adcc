import { sql, type Kysely } from 'kysely';

/**
 * Management reviews (ISO/IEC 42001 9.3): a review planned for a date with its chair and
 * attendees; once held, the inputs it considered (9.3.2) frozen as canonical JSON with their
 * SHA-256 hash; the decisions it took (9.3.3), each of which may have raised a nonconformity or an
 * opportunity for improvement; and the actions decided, each with an owner and a due date.
 *
 * Frozen: these statements state the tables as they were created and never change. The same text
 * runs on SQLite and PostgreSQL.
 */
const STATEMENTS = [
  'create table "management_reviews" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "title" text not null, "planned_on" text not null, "chair_member_id" text not null, "attendees" text not null, "agenda" text, "status" text not null, "previous_review_id" text, "since" text, "held_on" text, "held_at" text, "held_by_member_id" text, "inputs" text, "inputs_hash" text, "summary" text, "issued_at" text, "issued_by_member_id" text)',
  'create unique index "management_reviews_org" on "management_reviews" ("org_id", "id")',
  'create index "management_reviews_status" on "management_reviews" ("org_id", "status")',

  'create table "management_review_decisions" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "review_id" text not null, "kind" text not null, "title" text not null, "description" text, "nonconformity_id" text, "improvement_id" text, "author_member_id" text, foreign key ("org_id", "review_id") references "management_reviews" ("org_id", "id"), foreign key ("org_id", "nonconformity_id") references "nonconformities" ("org_id", "id"), foreign key ("org_id", "improvement_id") references "improvements" ("org_id", "id"))',
  'create unique index "management_review_decisions_org" on "management_review_decisions" ("org_id", "id")',
  'create index "management_review_decisions_review_id" on "management_review_decisions" ("org_id", "review_id")',

  'create table "management_review_actions" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "review_id" text not null, "decision_id" text not null, "title" text not null, "owner_member_id" text not null, "due_date" text not null, "status" text not null, "completed_on" text, foreign key ("org_id", "review_id") references "management_reviews" ("org_id", "id"), foreign key ("org_id", "decision_id") references "management_review_decisions" ("org_id", "id"))',
  'create unique index "management_review_actions_org" on "management_review_actions" ("org_id", "id")',
  'create index "management_review_actions_review_id" on "management_review_actions" ("org_id", "review_id")',
  'create index "management_review_actions_decision_id" on "management_review_actions" ("org_id", "decision_id")',
  'create index "management_review_actions_status" on "management_review_actions" ("org_id", "status")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
