import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { ScopeVersionRow } from './schemas.js';

/** The version in a state (one approved and at most one draft exist at a time). */
export function scopeVersionIn(
  db: Kysely<DB>,
  orgId: string,
  status: 'approved' | 'draft',
): Promise<ScopeVersionRow | undefined> {
  return db
    .selectFrom('scope_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', status)
    .executeTakeFirst();
}

/** The highest version number so far (0 before the first). */
export async function lastScopeNumber(db: Kysely<DB>, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('scope_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

export function approvedScopeVersions(db: Kysely<DB>, orgId: string): Promise<ScopeVersionRow[]> {
  return db
    .selectFrom('scope_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .execute();
}

/** Every version, newest first. */
export function scopeVersionsPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(db.selectFrom('scope_versions').selectAll().where('org_id', '=', orgId), page, {
    column: 'number',
    direction: 'desc',
    numeric: true,
    key: (r) => r.number,
  });
}
