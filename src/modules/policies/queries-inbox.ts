import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PolicyRow, PolicyVersionRow } from './schemas.js';

/** A version with the title of its policy. */
export type TitledPolicyVersion = PolicyVersionRow & { policy_title: string };

function versionsIn(db: Kysely<DB>, orgId: string, status: string, only?: readonly string[]) {
  let q = db
    .selectFrom('policy_versions as v')
    .innerJoin('policies as p', (j) =>
      j.onRef('p.id', '=', 'v.policy_id').onRef('p.org_id', '=', 'v.org_id'),
    )
    .selectAll('v')
    .select('p.title as policy_title')
    .where('v.org_id', '=', orgId)
    .where('v.status', '=', status);
  if (only) q = q.where('v.id', 'in', only);
  return q.orderBy('v.id').execute();
}

/** Versions in review (waiting for someone other than their author); only `only` when given. */
export const versionsInReview = (
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<TitledPolicyVersion[]> => versionsIn(db, orgId, 'in_review', only);

/** The published versions (one in force per policy); only `only` when given. */
export const publishedVersions = (
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<TitledPolicyVersion[]> => versionsIn(db, orgId, 'published', only);

/** Who acknowledged which of these versions, as `versionId:memberId`. */
export async function acknowledgementPairs(
  db: Kysely<DB>,
  orgId: string,
  versionIds: readonly string[],
): Promise<Set<string>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('policy_acknowledgements')
    .select(['policy_version_id', 'member_id'])
    .where('org_id', '=', orgId)
    .where('policy_version_id', 'in', versionIds)
    .execute();
  return new Set(rows.map((r) => `${r.policy_version_id}:${r.member_id}`));
}

/** Policies in force whose next review falls before `day` (overdue ones too), soonest first. */
export function policiesToReview(db: Kysely<DB>, orgId: string, day: string): Promise<PolicyRow[]> {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('current_version_id', 'is not', null)
    .where('next_review_date', '<', day)
    .orderBy('next_review_date')
    .execute();
}
