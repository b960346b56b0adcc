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

/** How many concerns are not yet resolved or dismissed (the dashboard). */
export async function openConcernCount(db: Kysely<DB>, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId)
    .where('status', 'not in', CLOSED_STATES)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
