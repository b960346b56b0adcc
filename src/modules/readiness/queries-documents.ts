import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

// The readiness read model, continued (queries.ts holds the rest): documents by the documented
// information they fulfil, and the ledger head that names an organization's state.

/** The documents that fulfil one piece of documented information, approved ones first. */
export async function documentsFor(
  db: Kysely<DB>,
  orgId: string,
  purpose: string,
): Promise<{ id: string; title: string; current_version_id: string | null }[]> {
  return db
    .selectFrom('documents')
    .select(['id', 'title', 'current_version_id'])
    .where('org_id', '=', orgId)
    .where('purpose', '=', purpose)
    .orderBy('current_version_id', (ob) => ob.desc().nullsLast())
    .orderBy('id')
    .limit(10)
    .execute();
}

/** The organization's ledger head (0 before its first event): what readiness is a function of. */
export async function ledgerHeadSeq(db: Kysely<DB>, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('ledger_heads')
    .select('seq')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}
