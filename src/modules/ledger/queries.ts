import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';

const bySeq = { column: 'seq', numeric: true, key: (r: { seq: number }) => r.seq } as const;

/** A page of the organization's ledger, oldest first. */
export const ledgerPage = (db: Kysely<DB>, orgId: string, page: PageQuery) =>
  keysetPage(
    db.selectFrom('ledger_events').select(['seq', 'body', 'hash']).where('org_id', '=', orgId),
    page,
    bySeq,
  );

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
