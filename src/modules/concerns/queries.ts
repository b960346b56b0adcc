import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { ConcernStatus } from './schemas.js';

/** The fields a concern list sorts by, and their columns. */
export const CONCERN_SORTS = ['summary', 'status', 'createdAt', 'updatedAt'] as const;
const SORT_COLUMNS: Record<(typeof CONCERN_SORTS)[number], string> = {
  summary: 'summary',
  status: 'status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface ConcernFilter {
  status?: ConcernStatus | undefined;
  /** Search text: in the one-line summary. */
  q?: string | undefined;
  /** A field of CONCERN_SORTS, `-field` for descending; newest first without it. */
  sort?: string | undefined;
}

/** Concerns, newest first (or sorted), optionally only those in one state or matching a text. */
export function concernsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: ConcernFilter,
) {
  let q = db.selectFrom('concerns').selectAll().where('org_id', '=', orgId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(matching(f.q, ['summary']));
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof CONCERN_SORTS)[number]];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
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
