/**
 * Management reviews for command tests, made through the module's commands: a planned review
 * (chaired by the owner unless told), and one held with a decision and an action.
 */
import type { z } from 'zod';
import { holdReview, planReview, recordDecision } from '../../src/modules/reviews/index.js';
import type { Unit } from '../unit.js';

let n = 0;

export function makeReview(u: Unit, overrides: Partial<z.input<typeof planReview.input>> = {}) {
  return u.run(
    planReview,
    {
      title: `Management review ${++n}`,
      plannedOn: '2026-06-30',
      chairMemberId: u.members.owner.memberId,
      attendees: [{ memberId: u.members.manager.memberId, role: 'AIMS manager' }],
      ...overrides,
    },
    { as: u.members.manager },
  );
}

/** A review held now, with one decision whose one action the contributor owns. */
export async function makeHeldReview(u: Unit) {
  const r = await makeReview(u);
  const held = await u.run(holdReview, { reviewId: r.id }, { as: u.members.manager });
  const decision = await u.run(
    recordDecision,
    {
      reviewId: r.id,
      kind: 'change',
      title: 'Review the monitoring plan',
      actions: [
        {
          title: 'Rewrite the monitoring plan',
          ownerMemberId: u.members.contributor.memberId,
          dueDate: '2026-09-30',
        },
      ],
    },
    { as: u.members.manager },
  );
  return { review: held, decision };
}
