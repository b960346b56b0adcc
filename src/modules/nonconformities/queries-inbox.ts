import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { actionsOf } from './queries.js';
import type { ActionRow, NonconformityRow } from './schemas.js';

/**
 * Corrective actions planned or in progress in the current cycle of a nonconformity still worked
 * on, with their nonconformity's number and title; only `only` (action ids) when given.
 */
export function openCorrectiveActions(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<(ActionRow & { nc_number: number; nc_title: string })[]> {
  let q = db
    .selectFrom('nonconformity_actions as a')
    .innerJoin('nonconformities as n', (j) =>
      j.onRef('n.id', '=', 'a.nonconformity_id').onRef('n.org_id', '=', 'a.org_id'),
    )
    .selectAll('a')
    .select(['n.number as nc_number', 'n.title as nc_title'])
    .where('a.org_id', '=', orgId)
    .where('a.status', 'in', ['planned', 'in_progress'])
    .whereRef('a.cycle', '=', 'n.cycle')
    .where('n.status', 'not in', ['effectiveness_verified', 'closed']);
  if (only) q = q.where('a.id', 'in', only);
  return q.orderBy('a.id').execute();
}

/** Nonconformities in these states (only `only` when given), with their actions. */
export async function nonconformitiesIn(
  db: Kysely<DB>,
  orgId: string,
  states: readonly string[],
  only?: readonly string[],
): Promise<{ nc: NonconformityRow; actions: ActionRow[] }[]> {
  let q = db
    .selectFrom('nonconformities')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'in', states);
  if (only) q = q.where('id', 'in', only);
  const rows = await q.orderBy('number').execute();
  const actions = await actionsOf(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((nc) => ({ nc, actions: actions.get(nc.id) ?? [] }));
}
