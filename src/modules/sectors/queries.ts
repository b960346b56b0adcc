import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';

/** The organization's sector settings (one row at most). */
export function sectorSettingsRow(
  db: Kysely<DB>,
  orgId: string,
): Promise<Row<'sector_settings'> | undefined> {
  return db
    .selectFrom('sector_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

/** The titles of the legal requirements already in the register, among `titles`. */
export async function legalTitlesIn(
  db: Kysely<DB>,
  orgId: string,
  titles: string[],
): Promise<Set<string>> {
  if (titles.length === 0) return new Set();
  const rows = await db
    .selectFrom('legal_requirements')
    .select('title')
    .where('org_id', '=', orgId)
    .where('title', 'in', titles)
    .execute();
  return new Set(rows.map((r) => r.title));
}
