import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CLOSED_STATES, type ConcernRow } from './schemas.js';

/** Concerns not yet resolved or dismissed; only `only` when given. */
export function openConcerns(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<ConcernRow[]> {
  let q = db
    .selectFrom('concerns')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'not in', CLOSED_STATES);
  if (only) q = q.where('id', 'in', only);
  return q.orderBy('id').execute();
}
