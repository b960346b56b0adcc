import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EvidenceRow } from './schemas.js';

/** Evidence whose validity ends on a day from `from` to `to` (YYYY-MM-DD), soonest first. */
export function evidenceEnding(
  db: Kysely<DB>,
  orgId: string,
  from: string,
  to: string,
): Promise<EvidenceRow[]> {
  return db
    .selectFrom('evidence')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('valid_until', '>=', from)
    .where('valid_until', '<=', to)
    .orderBy('valid_until')
    .execute();
}
