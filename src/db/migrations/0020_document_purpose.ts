import { sql, type Kysely } from 'kysely';

/**
 * The documented information a document fulfils (`documents.purpose`, a key of DOCUMENT_PURPOSES
 * in src/catalog/documented-information.ts, such as `risk_assessment_process`), so readiness can
 * ask for the approved document of each kind the standard requires. Nullable without a default:
 * documents made before keep their ledger state.
 *
 * Frozen: this file states the column as it was created and never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('alter table "documents" add column "purpose" text').execute(db);
  await sql
    .raw('create index "documents_purpose" on "documents" ("org_id", "purpose")')
    .execute(db);
}
