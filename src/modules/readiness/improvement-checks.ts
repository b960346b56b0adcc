import { addMonths } from './control-checks.js';
import * as Q from './queries.js';
import { improvementProgress, uncorrectedNonconformityIds } from './queries-controls.js';
import { R, REFS, type CheckFn } from './reasons.js';

/**
 * The checks of clause 10, over the nonconformities, their corrective actions and the improvement
 * log. A nonconformity counts as handled once a member independent of its corrective actions found
 * them effective (it is then verified or closed).
 */
const HANDLED = ['effectiveness_verified', 'closed'];
/** Days a nonconformity may stay open with no correction before readiness counts it late. */
const UNCORRECTED_DAYS = 30;

export const IMPROVEMENT_CHECKS: {
  nonconformities_effective: CheckFn<'nonconformities_effective'>;
  corrective_actions_on_time: CheckFn<'corrective_actions_on_time'>;
  improvements_decided: CheckFn<'improvements_decided'>;
  improvements_done: CheckFn<'improvements_done'>;
} = {
  // Continual: something was improved within the last year, and what was adopted is not left late.
  async improvements_done(db, orgId, c, f) {
    const n = await Q.countRows(db, 'improvements', orgId);
    if (n === 0) return R(c, 'missing', 'No opportunities for improvement logged.');
    const since = addMonths(f.today, -12);
    const p = await improvementProgress(db, orgId, since, f.today);
    const ref = (id: string) => ({ type: 'improvements', id });
    if (!p.done.length)
      return R(
        c,
        'partial',
        `${n} opportunities for improvement logged; none was carried out since ${since}.`,
        p.late.map(ref),
      );
    if (p.late.length)
      return R(
        c,
        'partial',
        `${p.late.length === 1 ? 'One adopted improvement is' : `${p.late.length} adopted improvements are`} past its due date.`,
        p.late.map(ref),
      );
    return R(
      c,
      'met',
      `${p.done.length === 10 ? 'At least 10' : p.done.length} improvement(s) carried out since ${since}; no adopted one is past its due date.`,
      p.done.map(ref),
    );
  },
  async nonconformities_effective(db, orgId, c, f) {
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
    // Reacting to a nonconformity cannot wait: one left without a correction for a month is late.
    const since = new Date(Date.parse(f.now) - UNCORRECTED_DAYS * 86_400_000).toISOString();
    const idle = await uncorrectedNonconformityIds(db, orgId, since);
    if (idle.length)
      return R(
        c,
        'partial',
        `${handled} of ${n} nonconformities had their corrective actions found effective, but ${idle.length === REFS ? `at least ${REFS}` : idle.length} ${idle.length === 1 ? 'has' : 'have'} had no correction for more than ${UNCORRECTED_DAYS} days.`,
        idle.map((id) => ({ type: 'nonconformities', id })),
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
