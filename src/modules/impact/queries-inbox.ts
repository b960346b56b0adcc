import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AssessmentRow } from './schemas.js';

/** Draft assessments with how many impacts each records (approval needs one); only `only` when given. */
export async function draftAssessments(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<(AssessmentRow & { impacts: number })[]> {
  let q = db
    .selectFrom('impact_assessments as a')
    .selectAll('a')
    .select((eb) =>
      eb
        .selectFrom('impact_items as i')
        .select((e) => e.fn.countAll().as('n'))
        .where('i.org_id', '=', orgId)
        .whereRef('i.assessment_id', '=', 'a.id')
        .as('impacts'),
    )
    .where('a.org_id', '=', orgId)
    .where('a.status', '=', 'draft');
  if (only) q = q.where('a.id', 'in', only);
  const rows = await q.orderBy('a.id').execute();
  return rows.map((r) => ({ ...r, impacts: Number(r.impacts ?? 0) }));
}

/** The owners of these AI systems, by system id (systems without an owner are left out). */
export async function systemOwners(
  db: Kysely<DB>,
  orgId: string,
  systemIds: readonly string[],
): Promise<Map<string, { owner: string; name: string }>> {
  if (systemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('ai_systems')
    .select(['id', 'name', 'owner_member_id'])
    .where('org_id', '=', orgId)
    .where('id', 'in', systemIds)
    .execute();
  return new Map(
    rows.flatMap((r) =>
      r.owner_member_id ? [[r.id, { owner: r.owner_member_id, name: r.name }]] : [],
    ),
  );
}
