import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ChangeRow } from './schemas.js';

/** Proposed changes, waiting for a decision; only `only` when given. */
export function proposedChanges(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<ChangeRow[]> {
  let q = db
    .selectFrom('aims_changes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'proposed');
  if (only) q = q.where('id', 'in', only);
  return q.orderBy('id').execute();
}
