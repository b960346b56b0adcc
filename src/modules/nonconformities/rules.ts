import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { Action } from '../../kernel/permissions.js';
import { WORKING, type ActionRow, type NcStatus, type NonconformityRow } from './schemas.js';
import { formatRef } from '../../kernel/refs.js';

/**
 * The rules of a nonconformity's steps, as predicates: the commands throw what they return, and
 * the views turn them into abilities, so the web offers exactly what the commands accept.
 */
export type NcStep =
  'edit' | 'correct' | 'investigate' | 'addAction' | 'verify' | 'close' | 'reopen';

const STEPS: Record<NcStep, { action: Action; from: readonly NcStatus[] }> = {
  edit: { action: 'nonconformities.update', from: WORKING },
  correct: { action: 'nonconformities.correct', from: WORKING },
  investigate: { action: 'nonconformities.investigate', from: WORKING },
  addAction: { action: 'nonconformities.add_action', from: WORKING },
  verify: { action: 'nonconformities.verify', from: ['actions_done'] },
  close: { action: 'nonconformities.close', from: ['effectiveness_verified'] },
  reopen: { action: 'nonconformities.reopen', from: ['effectiveness_verified', 'closed'] },
};
export const NC_STEPS = Object.keys(STEPS) as NcStep[];

/** How people name a nonconformity: its ref, NC-0012 (its number written out). */
export const reference = (nc: Pick<NonconformityRow, 'number'>) =>
  formatRef('nonconformities', nc.number);
const words = (s: string) => s.replace(/_/g, ' ');

/** The actions of the nonconformity's current cycle that were not cancelled. */
export const liveActions = (nc: NonconformityRow, actions: ActionRow[]) =>
  actions.filter((a) => a.cycle === nc.cycle && a.status !== 'cancelled');

/**
 * Whose work an effectiveness check judges: the owner, the planner and the member who recorded
 * as done each live action of the current cycle. None of them may check it.
 */
export function actionPeople(nc: NonconformityRow, actions: ActionRow[]): Set<string> {
  const people = new Set<string>();
  for (const a of liveActions(nc, actions))
    for (const m of [a.owner_member_id, a.author_member_id, a.completed_by_member_id])
      if (m) people.add(m);
  return people;
}

function stateRefusal(step: NcStep, nc: NonconformityRow): AppError | null {
  const status = nc.status as NcStatus;
  if ((STEPS[step].from as readonly string[]).includes(status)) return null;
  const ref = reference(nc);
  if (step === 'verify')
    return new AppError(
      'INVALID_STATE',
      `${ref} is ${words(status)}; its effectiveness is checked once every corrective action of this cycle is done or cancelled.`,
    );
  if (step === 'close')
    return new AppError(
      'INVALID_STATE',
      `${ref} is ${words(status)}; it closes after a check found its corrective actions effective.`,
    );
  if (step === 'reopen')
    return new AppError(
      'INVALID_STATE',
      `${ref} is ${words(status)}; only a verified or closed nonconformity is reopened.`,
    );
  return new AppError(
    'INVALID_STATE',
    `${ref} is ${status === 'closed' ? 'closed' : 'verified effective'}: reopen it to change it.`,
  );
}

/** Why `memberId` may not take this step on the nonconformity now, or null when they may. */
export function stepRefusal(
  step: NcStep,
  nc: NonconformityRow,
  actions: ActionRow[],
  memberId: string | null,
): AppError | null {
  const state = stateRefusal(step, nc);
  if (state) return state;
  if (step === 'addAction' && nc.root_cause === null)
    return new AppError(
      'INVALID_STATE',
      `Record the root cause of ${reference(nc)} first: corrective actions address it.`,
    );
  if (step === 'verify') {
    if (memberId === null)
      return new AppError(
        'FORBIDDEN',
        'Checking effectiveness needs a member of the organization.',
      );
    if (actionPeople(nc, actions).has(memberId))
      return new AppError(
        'NOT_INDEPENDENT',
        `You own, planned or did a corrective action of ${reference(nc)}: someone else must check whether they worked.`,
      );
  }
  return null;
}

export function assertStep(
  step: NcStep,
  nc: NonconformityRow,
  actions: ActionRow[],
  memberId: string | null,
) {
  const refusal = stepRefusal(step, nc, actions, memberId);
  if (refusal) throw refusal;
}

/** What the caller may do with the nonconformity now: role and token, and the rules above. */
export function ncAbilities(nc: NonconformityRow, actions: ActionRow[], access: OrgAccess) {
  return Object.fromEntries(
    NC_STEPS.map((s) => [
      s,
      can(access, STEPS[s].action) && stepRefusal(s, nc, actions, access.memberId) === null,
    ]),
  ) as Record<NcStep, boolean>;
}

/** Why an action may not change now: its nonconformity is no longer worked on, or it is history. */
export function actionRefusal(nc: NonconformityRow, a: ActionRow): AppError | null {
  const state = stateRefusal('addAction', nc);
  if (state) return state;
  if (a.cycle !== nc.cycle)
    return new AppError(
      'INVALID_STATE',
      `This action belongs to an earlier cycle of ${reference(nc)} and stays as it was: plan a new one.`,
    );
  return null;
}

export const actionAbilities = (nc: NonconformityRow, a: ActionRow, access: OrgAccess) => ({
  update: can(access, 'nonconformities.update_action') && actionRefusal(nc, a) === null,
});

/**
 * Where a nonconformity stands after its actions changed: actions done once every live action
 * of the cycle is done, action planned while some are open; with none left (all cancelled), back
 * to where it stood before any was planned.
 */
export function statusAfterActions(nc: NonconformityRow, actions: ActionRow[]): NcStatus {
  const live = liveActions(nc, actions);
  if (live.length > 0)
    return live.every((a) => a.status === 'done') ? 'actions_done' : 'action_planned';
  if (nc.status !== 'action_planned' && nc.status !== 'actions_done') return nc.status as NcStatus;
  return nc.cycle > 1 ? 'reopened' : nc.correction !== null ? 'correction_done' : 'open';
}

/** An action not done or cancelled after its due date. */
export const isOverdue = (a: ActionRow, today: string) =>
  (a.status === 'planned' || a.status === 'in_progress') && a.due_date < today;
