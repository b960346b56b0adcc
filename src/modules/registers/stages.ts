import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { LIFECYCLE_STAGES } from './definitions.js';

export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/**
 * The life cycle rule: a system may move from any stage to any other (22989 stages are revisited:
 * re-evaluation, continuous validation), except that retirement is final. Why a move is refused,
 * or null when it is allowed.
 */
export function transitionRefusal(from: string, to: string): AppError | null {
  if (from === to)
    return new AppError('INVALID_TRANSITION', `The system is already in ${from}.`, [
      { pointer: '/body/toStage', message: 'Same as the current stage.' },
    ]);
  if (from === 'retirement')
    return new AppError(
      'INVALID_TRANSITION',
      'A retired system stays retired; register a new one to bring it back.',
      [{ pointer: '/body/toStage', message: 'The system is retired.' }],
    );
  return null;
}

/**
 * The stages this caller may move a system in `stage` to now (none without the permission, or,
 * while access is matched to responsibilities, for a contributor not assigned to the system).
 */
export function nextStages(stage: string, access: OrgAccess, systemId: string): LifecycleStage[] {
  if (!can(access, 'ai_systems.transition', [systemId])) return [];
  return LIFECYCLE_STAGES.filter((to) => transitionRefusal(stage, to) === null);
}
