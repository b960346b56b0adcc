import * as Q from './queries.js';
import { R, REFS, type CheckFn } from './reasons.js';

/**
 * The checks of clause 10, over the nonconformities, their corrective actions and the improvement
 * log. A nonconformity counts as handled once a member independent of its corrective actions found
 * them effective (it is then verified or closed).
 */
const HANDLED = ['effectiveness_verified', 'closed'];

export const IMPROVEMENT_CHECKS: {
  nonconformities_effective: CheckFn<'nonconformities_effective'>;
  corrective_actions_on_time: CheckFn<'corrective_actions_on_time'>;
  improvements_decided: CheckFn<'improvements_decided'>;
} = {
  async nonconformities_effective(db, orgId, c) {
    const n = await Q.countRows(db, 'nonconformities', orgId);
    if (n === 0)
      return R(
        c,
        'missing',
        'No nonconformities recorded: nothing yet shows that they are corrected and their actions checked.',
      );
    let handled = 0;
    const refs: string[] = [];
    for (const status of HANDLED) {
      handled += await Q.countRows(db, 'nonconformities', orgId, { status });
      refs.push(...(await Q.sampleIds(db, 'nonconformities', orgId, REFS, { status })));
    }
    if (handled === 0)
      return R(
        c,
        'partial',
        `${n} nonconformities recorded; none has had its corrective actions checked and found effective yet.`,
        (await Q.sampleIds(db, 'nonconformities', orgId, REFS)).map((id) => ({
          type: 'nonconformities',
          id,
        })),
      );
    return R(
      c,
      'met',
      `${handled} of ${n} nonconformities had their corrective actions found effective by someone independent of them.`,
      refs.map((id) => ({ type: 'nonconformities', id })),
    );
  },
  async corrective_actions_on_time(db, orgId, c, f) {
    const actions = await Q.countRows(db, 'nonconformity_actions', orgId);
    if (actions === 0) return R(c, 'missing', 'No corrective actions recorded.');
    const late = await Q.overdueActionNonconformityIds(db, orgId, f.today, REFS);
    if (late.length)
      return R(
        c,
        'partial',
        `${late.length === REFS ? `At least ${REFS} nonconformities have` : late.length === 1 ? 'One nonconformity has' : `${late.length} nonconformities have`} a corrective action past its due date.`,
        late.map((id) => ({ type: 'nonconformities', id })),
      );
    return R(c, 'met', `None of the ${actions} corrective actions is past its due date.`);
  },
  async improvements_decided(db, orgId, c) {
    const n = await Q.countRows(db, 'improvements', orgId);
    if (n === 0) return R(c, 'missing', 'No opportunities for improvement logged.');
    const pending = await Q.sampleIds(db, 'improvements', orgId, REFS, { decision: 'pending' });
    if (pending.length)
      return R(
        c,
        'partial',
        'Some opportunities for improvement wait for a decision.',
        pending.map((id) => ({ type: 'improvements', id })),
      );
    return R(c, 'met', `All ${n} opportunities for improvement are decided.`);
  },
};
