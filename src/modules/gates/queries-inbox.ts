import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The latest gate check of each AI system, when it failed and the system has not reached the
 * stage it was checked for since (only these systems when `only` is given), with the system's
 * name and owner.
 */
export async function failedLatestGateChecks(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
) {
  let q = db
    .selectFrom('gate_checks as c')
    .innerJoin('ai_systems as s', (j) =>
      j.onRef('s.id', '=', 'c.ai_system_id').onRef('s.org_id', '=', 'c.org_id'),
    )
    .select([
      'c.id',
      'c.ai_system_id',
      'c.to_stage',
      'c.passed',
      'c.created_at',
      's.name as system_name',
      's.owner_member_id',
      's.lifecycle_stage',
    ])
    .where('c.org_id', '=', orgId)
    .where('s.lifecycle_stage', '<>', 'retirement');
  if (only) q = q.where('c.ai_system_id', 'in', only);
  const latest = new Map<string, Awaited<ReturnType<typeof q.execute>>[number]>();
  for (const c of await q.orderBy('c.created_at').orderBy('c.id').execute())
    latest.set(c.ai_system_id, c);
  return [...latest.values()].filter(
    (c) => Number(c.passed) === 0 && c.lifecycle_stage !== c.to_stage,
  );
}
