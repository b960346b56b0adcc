import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { ReviewRow, ReviewStatus } from './schemas.js';

/** What may be done to a review in each state: the commands enforce it, the views report it. */
const STEPS = {
  edit: { action: 'reviews.update', from: ['planned'] },
  hold: { action: 'reviews.hold', from: ['planned'] },
  decide: { action: 'reviews.decide', from: ['held'] },
  issue: { action: 'reviews.issue', from: ['held'] },
} as const satisfies Record<string, { action: string; from: readonly ReviewStatus[] }>;
export type ReviewStep = keyof typeof STEPS;

const SAID: Record<ReviewStep, string> = {
  edit: 'Only a planned review can be changed.',
  hold: 'Only a planned review can be held.',
  decide: 'Decisions are recorded on a review that was held and whose minutes are not issued.',
  issue: 'Only a held review can have its minutes issued.',
};

/** Throws 409 INVALID_STATE unless the review is in a state the step starts from. */
export function assertStep(step: ReviewStep, r: ReviewRow) {
  if (!(STEPS[step].from as readonly string[]).includes(r.status))
    throw new AppError('INVALID_STATE', SAID[step]);
}

/** What the caller may do with the review now. */
export function reviewAbilities(r: ReviewRow, access: OrgAccess) {
  const may = (s: ReviewStep) =>
    can(access, STEPS[s].action) && (STEPS[s].from as readonly string[]).includes(r.status);
  return {
    edit: may('edit'),
    hold: may('hold'),
    decide: may('decide'),
    issue: may('issue'),
    updateActions: can(access, 'reviews.update_action') && r.status !== 'planned',
  };
}
