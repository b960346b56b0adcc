import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Incidents not closed that nobody has yet decided serious or not (only `only` when given): a
 * serious one starts the legal reporting clocks only once classified.
 */
export function unclassifiedIncidents(db: Kysely<DB>, orgId: string, only?: readonly string[]) {
  let q = db
    .selectFrom('incidents')
    .select(['id', 'title', 'detected_at', 'reported_by_member_id'])
    .where('org_id', '=', orgId)
    .where('status', '<>', 'closed')
    .where('serious_decided_at', 'is', null);
  if (only) q = q.where('id', 'in', only);
  return q.orderBy('id').execute();
}
