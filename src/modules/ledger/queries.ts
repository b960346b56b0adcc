import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';

const bySeq = { column: 'seq', numeric: true, key: (r: { seq: number }) => r.seq } as const;

/** What the ledger list may be narrowed to. */
export interface LedgerFilter {
  order?: 'asc' | 'desc';
  entity?: string;
  entityId?: string;
  /** Events by this user (`user:<id>`, with or without a token), among `readable` entities. */
  userId?: string;
  /** The entity types the caller may read: an actor filter looks at these only. */
  readable?: string[];
}

/** A page of the organization's ledger, oldest first unless asked otherwise. */
export function ledgerPage(db: Kysely<DB>, orgId: string, page: PageQuery, f: LedgerFilter = {}) {
  let q = db
    .selectFrom('ledger_events')
    .select(['seq', 'body', 'hash'])
    .where('org_id', '=', orgId);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.userId) {
    // The body is canonical JSON (keys sorted, no spaces): the actor member reads exactly so.
    q = q
      .where('entity', 'in', f.readable?.length ? f.readable : [''])
      .where((eb) =>
        eb.or([
          eb('body', 'like', `%"actor":"user:${f.userId}"%`),
          eb('body', 'like', `%"actor":"user:${f.userId}/token:%`),
        ]),
      );
  }
  return keysetPage(q, page, { ...bySeq, direction: f.order ?? 'asc' });
}

/** A page of one record's events, oldest first. */
export const historyPage = (
  db: Kysely<DB>,
  orgId: string,
  entity: string,
  entityId: string,
  page: PageQuery,
) =>
  keysetPage(
    db
      .selectFrom('ledger_events')
      .select(['seq', 'body', 'hash'])
      .where('org_id', '=', orgId)
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId),
    page,
    bySeq,
  );

/** The user id of a member of the organization, or undefined. */
export async function userOfMember(db: Kysely<DB>, orgId: string, memberId: string) {
  const row = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.user_id;
}
