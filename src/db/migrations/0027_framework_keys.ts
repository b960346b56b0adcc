import { sql, type Kysely } from 'kysely';

/**
 * Imported frameworks become targetable: each gets a key (`nist-800-53`), so that evidence and
 * crosswalks name one of its controls as `<key>:<control-id>`, and the crosswalk pairs the
 * organization states from ISO/IEC 42001 requirements onto its controls (`crosswalks`, JSON
 * `[{ref, requirement, relationship, confidence}]`). Both nullable without a default: frameworks
 * imported before keep their ledger state and get a key when imported again.
 *
 * Frozen: this file states the columns as they were created and never changes.
 */
const STATEMENTS = [
  'alter table "oscal_frameworks" add column "key" text',
  'alter table "oscal_frameworks" add column "crosswalks" text',
  'create unique index "oscal_frameworks_key_unique" on "oscal_frameworks" ("org_id", "key")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
