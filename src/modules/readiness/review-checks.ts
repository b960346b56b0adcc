import { decodeJson } from '../../db/json.js';
import { INPUT_TOPICS, inputsHash } from '../reviews/index.js';
import {
  decisionsWithActions,
  heldReviewsForReadiness,
  plannedReviewIds,
} from './queries-reviews.js';
import { R, type CheckFn } from './reasons.js';

/**
 * The checks of clause 9.3, over the management reviews: one held within the interval between
 * reviews (a year unless the rules say otherwise), its frozen inputs covering every topic of
 * 9.3.2 and still matching their hash, and its decisions recorded with actions and owners.
 */
const ref = (id: string) => ({ type: 'management_reviews', id });

/** The date `months` before `today` (YYYY-MM-DD). */
function monthsBefore(today: string, months: number) {
  const d = new Date(`${today}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

export const REVIEW_CHECKS: {
  review_held: CheckFn<'review_held'>;
  review_inputs: CheckFn<'review_inputs'>;
  review_decisions: CheckFn<'review_decisions'>;
} = {
  async review_held(db, orgId, c, f) {
    const [last] = await heldReviewsForReadiness(db, orgId);
    const planned = await plannedReviewIds(db, orgId);
    const months = c.months ?? 12;
    if (!last)
      return planned.length
        ? R(
            c,
            'partial',
            'A management review is planned but none has been held.',
            planned.map(ref),
          )
        : R(c, 'missing', 'No management review planned or held.');
    const held = last.held_on ?? last.held_at!.slice(0, 10);
    if (held < monthsBefore(f.today, months))
      return R(
        c,
        'partial',
        `The last management review was held on ${held}, more than ${months} months ago.`,
        [ref(last.id), ...planned.map(ref)],
      );
    return R(c, 'met', `A management review was held on ${held}, within ${months} months.`, [
      ref(last.id),
    ]);
  },
  async review_inputs(db, orgId, c) {
    const [last] = await heldReviewsForReadiness(db, orgId);
    if (!last?.inputs) return R(c, 'missing', 'No management review was held with its inputs.');
    const inputs = decodeJson(last.inputs);
    if (inputsHash(inputs) !== last.inputs_hash)
      return R(
        c,
        'partial',
        'The inputs stored with the last management review no longer match their hash.',
        [ref(last.id)],
      );
    const present = new Map(inputs.sections.map((s) => [s.key, s]));
    const lacking = INPUT_TOPICS.filter((k) => !present.get(k)?.available).map(
      (k) => present.get(k)?.title ?? k.replace(/_/g, ' '),
    );
    if (lacking.length)
      return R(
        c,
        'partial',
        `The last management review had no information on: ${lacking.join('; ')}.`,
        [ref(last.id)],
      );
    return R(
      c,
      'met',
      `The last management review considered all ${INPUT_TOPICS.length} topics of its inputs.`,
      [ref(last.id)],
    );
  },
  async review_decisions(db, orgId, c) {
    const [last] = await heldReviewsForReadiness(db, orgId);
    if (!last) return R(c, 'missing', 'No management review held, so no decisions recorded.');
    const decisions = await decisionsWithActions(db, orgId, last.id);
    if (decisions.length === 0)
      return R(c, 'partial', 'The last management review has no decisions recorded.', [
        ref(last.id),
      ]);
    const actions = decisions.reduce((n, d) => n + d.actions, 0);
    if (actions === 0)
      return R(
        c,
        'partial',
        `The last management review recorded ${decisions.length} decisions but no actions with owners.`,
        [ref(last.id)],
      );
    return R(
      c,
      'met',
      `The last management review recorded ${decisions.length} decisions with ${actions} actions, each with an owner and a due date.`,
      [ref(last.id)],
    );
  },
};
