import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RiskRow } from './acceptance.js';
import type { TreatmentRow } from './schemas.js';

/** Open risks with a residual level (the ones acceptance may concern); only `only` when given. */
export function assessedOpenRisks(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<RiskRow[]> {
  let q = db
    .selectFrom('risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '<>', 'closed')
    .where('residual_level', 'is not', null);
  if (only) q = q.where('id', 'in', only);
  return q.orderBy('id').execute();
}

/** Planned or started treatment actions that someone owns, with their risk's title. */
export function ownedOpenTreatments(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<(TreatmentRow & { risk_title: string })[]> {
  let q = db
    .selectFrom('risk_treatments as t')
    .innerJoin('risks as r', (j) =>
      j.onRef('r.id', '=', 't.risk_id').onRef('r.org_id', '=', 't.org_id'),
    )
    .selectAll('t')
    .select('r.title as risk_title')
    .where('t.org_id', '=', orgId)
    .where('t.status', 'in', ['planned', 'in_progress'])
    .where('t.owner_member_id', 'is not', null);
  if (only) q = q.where('t.id', 'in', only);
  return q.orderBy('t.id').execute();
}
