import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { UUID_RE } from '../../kernel/ids.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { ConcernStatus } from './schemas.js';

/** Concerns, newest first, optionally only those in one state. */
export function concernsPage(
  db: Kysely<DB>,
  orgId: string,
  page: PageQuery,
  status: ConcernStatus | undefined,
) {
  let q = db.selectFrom('concerns').selectAll().where('org_id', '=', orgId);
  if (status) q = q.where('status', '=', status);
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/** An organization by slug or id, for its public page: nothing but its name. */
export function publicOrg(db: Kysely<DB>, ref: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'slug'])
    .where(UUID_RE.test(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
}

export async function aiSystemInOrg(db: Kysely<DB>, orgId: string, id: string): Promise<boolean> {
  const s = await db
    .selectFrom('ai_systems')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!s;
}

export async function memberInOrg(db: Kysely<DB>, orgId: string, id: string): Promise<boolean> {
  const m = await db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!m;
}
