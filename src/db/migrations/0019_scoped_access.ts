import { sql, type Kysely } from 'kysely';

/**
 * Access matched to responsibilities: an organization setting (`orgs.scoped_access`, 1 = on; NULL
 * or 0 = off, so organizations made before keep working as they did) and the explicit assignments
 * of members to AI systems (`system_assignments`, one per member and system, made by managers and
 * owners). `member_id` is no foreign key, as everywhere: a record keeps the id of a member who left.
 *
 * Frozen: this file states the column and table as they were created and never changes.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  'alter table "orgs" add column "scoped_access" integer',
  `create table "system_assignments" (${BASE}, "member_id" text not null, "ai_system_id" text not null, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"))`,
  'create unique index "system_assignments_org" on "system_assignments" ("org_id", "id")',
  'create index "system_assignments_member_id" on "system_assignments" ("org_id", "member_id")',
  'create index "system_assignments_ai_system_id" on "system_assignments" ("org_id", "ai_system_id")',
  'create unique index "system_assignments_member_id_ai_system_id_unique" on "system_assignments" ("org_id", "member_id", "ai_system_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
