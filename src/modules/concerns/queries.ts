import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
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

/** What the reporter of a concern may learn of it with its reference: where it stands, and when. */
export function concernForReporter(db: Kysely<DB>, orgId: string, id: string) {
  return db
    .selectFrom('concerns')
    .select(['id', 'status', 'created_at', 'updated_at', 'closed_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}
