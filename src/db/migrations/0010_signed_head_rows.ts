import type { Kysely } from 'kysely';

/**
 * Each chain's head row carries the signature made with it in the appending transaction, so an
 * event that was committed but whose head did not reach the head log yet (a crash in between) can
 * be told from an event appended by someone without the key: only the first is signed. Rows
 * written before this migration have none; the head log vouches for them.
 *
 * Frozen: this file never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ledger_heads').addColumn('signed_at', 'text').execute();
  await db.schema.alterTable('ledger_heads').addColumn('signature', 'text').execute();
}
