import type { Db } from './reasons.js';

/** The reviews held (issued ones too), most recently held first: what 9.3 readiness rests on. */
export function heldReviewsForReadiness(db: Db, orgId: string) {
  return db
    .selectFrom('management_reviews')
    .select(['id', 'held_on', 'held_at', 'inputs', 'inputs_hash'])
    .where('org_id', '=', orgId)
    .where('held_at', 'is not', null)
    .orderBy('held_at', 'desc')
    .execute();
}

/** The ids of the reviews planned and not held yet. */
export async function plannedReviewIds(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('management_reviews')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '=', 'planned')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The decisions of a review with how many actions each has. */
export async function decisionsWithActions(db: Db, orgId: string, reviewId: string) {
  const [decisions, actions] = await Promise.all([
    db
      .selectFrom('management_review_decisions')
      .select(['id', 'kind'])
      .where('org_id', '=', orgId)
      .where('review_id', '=', reviewId)
      .execute(),
    db
      .selectFrom('management_review_actions')
      .select(['id', 'decision_id', 'owner_member_id', 'due_date'])
      .where('org_id', '=', orgId)
      .where('review_id', '=', reviewId)
      .execute(),
  ]);
  return decisions.map((d) => ({
    ...d,
    actions: actions.filter((a) => a.decision_id === d.id).length,
  }));
}
