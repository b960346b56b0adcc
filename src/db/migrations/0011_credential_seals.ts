import type { Kysely } from 'kysely';

/**
 * Stored credentials get a seal: an HMAC with a key kept outside the database, so a password hash
 * or a token hash put in by someone who can write the database is refused. The columns are
 * filled for the rows that exist by the first start after this migration (the key is not in
 * the database, so a migration cannot).
 *
 * Frozen: this file never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_mac', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('mac', 'text').execute();
  await db.schema.alterTable('api_tokens').addColumn('token_mac', 'text').execute();
}
