import { sql, type Kysely } from 'kysely';

/**
 * Top management (clauses 5.1 and 5.2): an organization setting naming the roles whose members
 * count as top management (`orgs.top_management_roles`, a JSON list such as ["owner"]), so
 * readiness can ask that the AI policy and the scope were approved by top management. Nullable
 * without a default: organizations made before name none until they say.
 *
 * Frozen: this file states the column as it was created and never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('alter table "orgs" add column "top_management_roles" text').execute(db);
}
