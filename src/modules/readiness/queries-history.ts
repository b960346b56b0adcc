import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { LedgerBody } from '../../kernel/chain.js';

// The readiness read model, continued: what the readiness history needs of the ledger.

/** The moment of the organization's first ledger event, or null before it has one. */
export async function firstEventAt(db: Kysely<DB>, orgId: string): Promise<string | null> {
  const r = await db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('seq', '=', 1)
    .executeTakeFirst();
  return r ? (JSON.parse(r.body) as LedgerBody).at : null;
}
