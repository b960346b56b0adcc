/**
 * Nonconformities, corrective actions and opportunities for improvement for command tests, made
 * through the module's commands: a nonconformity raised (as the owner unless `as` says), one
 * analysed with a root cause, and one whose actions are all done, ready for its effectiveness check.
 */
import type { z } from 'zod';
import {
  addAction,
  createImprovement,
  raiseNonconformity,
  recordRootCause,
  updateAction,
} from '../../src/modules/nonconformities/index.js';
import type { Unit, UnitMember } from '../unit.js';

type RaiseInput = z.input<typeof raiseNonconformity.input>;
let n = 0;

export function makeNonconformity(
  u: Unit,
  overrides: Partial<RaiseInput> = {},
  as: UnitMember | 'host' = u.members.owner,
) {
  return u.run(
    raiseNonconformity,
    {
      title: `Release without a bias test ${++n}`,
      requirementId: 'A.6.2.4',
      severity: 'major',
      ...overrides,
    },
    { as },
  );
}

/** A nonconformity with a root cause (five whys), ready for corrective actions. */
export async function makeAnalysed(u: Unit, as: UnitMember = u.members.owner) {
  const nc = await makeNonconformity(u, {}, as);
  return u.run(
    recordRootCause,
    {
      nonconformityId: nc.id,
      rootCause: {
        method: 'five_whys',
        whys: ['The test did not run.', 'The pipeline made it optional.'],
        cause: 'Pipeline switches are not reviewed.',
      },
    },
    { as },
  );
}

/** Plans a corrective action on the nonconformity, owned by `owner`, planned by `as`. */
export function planAction(
  u: Unit,
  nonconformityId: string,
  owner: UnitMember,
  as: UnitMember = u.members.owner,
) {
  return u.run(
    addAction,
    {
      nonconformityId,
      title: 'Make the bias test a required step',
      ownerMemberId: owner.memberId,
      dueDate: '2026-06-30',
    },
    { as },
  );
}

/** Records the action as done, by `as` (its owner by default). */
export function finishAction(u: Unit, a: { id: string; nonconformity_id: string }, as: UnitMember) {
  return u.run(
    updateAction,
    {
      nonconformityId: a.nonconformity_id,
      correctiveActionId: a.id,
      status: 'done',
      outcome: 'The pipeline fails without a bias report.',
    },
    { as },
  );
}

/**
 * A nonconformity whose one corrective action is done: planned by `planner` (the owner by
 * default), owned and finished by `doer` (the contributor by default).
 */
export async function makeActionsDone(
  u: Unit,
  doer: UnitMember = u.members.contributor,
  planner: UnitMember = u.members.owner,
) {
  const nc = await makeAnalysed(u, planner);
  const action = await planAction(u, nc.id, doer, planner);
  await finishAction(u, action, doer);
  return { nc, action };
}

export function makeImprovement(
  u: Unit,
  overrides: Partial<z.input<typeof createImprovement.input>> = {},
  as: UnitMember = u.members.owner,
) {
  return u.run(
    createImprovement,
    { title: `Automate the fairness report ${++n}`, ...overrides },
    { as },
  );
}
