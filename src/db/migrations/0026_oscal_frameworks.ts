import { sql, type Kysely } from 'kysely';

/**
 * Frameworks an organization imported as OSCAL catalogs (NIST SP 800-53, its own catalog…):
 * the catalog's UUID, title, version and OSCAL version, and its groups and controls as entries
 * (`[{ref, title, kind, parent?}]`, JSON). One row per catalog UUID; a re-import updates it.
 *
 * Frozen: this file states the table as it was created and never changes.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  `create table "oscal_frameworks" (${BASE}, "source_uuid" text not null, "title" text not null, "framework_version" text not null, "oscal_version" text not null, "entries" text not null)`,
  'create unique index "oscal_frameworks_org" on "oscal_frameworks" ("org_id", "id")',
  'create unique index "oscal_frameworks_source_uuid_unique" on "oscal_frameworks" ("org_id", "source_uuid")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
