import type { Kysely } from 'kysely';

/**
 * Member lists page by (org_id, id); without this index each page sorted the whole organization.
 *
 * Frozen: this file never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('memberships_org')
    .on('memberships')
    .columns(['org_id', 'id'])
    .execute();
}
