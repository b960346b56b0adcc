import { sql, type Kysely } from 'kysely';

/**
 * The imports an organization applied, one row per file (src/modules/imports): which register or
 * statement it went into, the SHA-256 of the file's bytes, when, by whom, what it did, and the
 * request id of the transaction whose ledger events hold the records it wrote. A second import of
 * the same file into the same place is recognized by (org_id, target, sha256).
 *
 * Not ledgered: the records an import creates or changes are ledger events already (action
 * `<register>.import`, one request id); this row is the memory that recognizes the file again.
 *
 * Frozen: this file states the table as it was created and never changes.
 */
const STATEMENTS = [
  `create table "import_runs" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "target" text not null, "sha256" text not null, "file_name" text, "member_id" text, "request_id" text not null, "rows" integer not null, "created" integer not null, "updated" integer not null, "skipped" integer not null, "created_at" text not null)`,
  'create unique index "import_runs_org" on "import_runs" ("org_id", "id")',
  'create index "import_runs_file" on "import_runs" ("org_id", "target", "sha256")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
