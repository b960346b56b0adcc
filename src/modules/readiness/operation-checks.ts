import { operationsOf, operationsWindow } from '../operations/index.js';
import { R, type CheckFn, type Facts } from './reasons.js';

/**
 * The checks of clause 8.2–8.4 over the operational planning records (src/modules/operations):
 * not that the assessments exist, but that they were performed at their planned dates and after
 * every significant change, and that chosen treatments were carried out. A date still ahead
 * (due soon) is on time; a date passed, a change not followed by a re-assessment, or an
 * assessment never performed is late.
 */
const windowOf = (f: Facts) => operationsWindow(new Date(f.now));

const late = (r: { status: string; reassessmentOwed: boolean }) =>
  r.status === 'overdue' || r.status === 'missing' || r.reassessmentOwed;

function lateWords(rows: { status: string; reassessmentOwed: boolean }[]) {
  const parts = [
    [rows.filter((r) => r.status === 'overdue').length, 'past the planned date'],
    [
      rows.filter((r) => r.reassessmentOwed).length,
      'owing a re-assessment after a significant change',
    ],
    [rows.filter((r) => r.status === 'missing').length, 'never assessed'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${n} ${w}`)
    .join(', ');
}

export const OPERATION_CHECKS: {
  risk_assessments_on_time: CheckFn<'risk_assessments_on_time'>;
  treatments_implemented: CheckFn<'treatments_implemented'>;
  impact_assessments_on_time: CheckFn<'impact_assessments_on_time'>;
} = {
  async risk_assessments_on_time(db, orgId, c, f) {
    const { risks } = await operationsOf(db, orgId, windowOf(f));
    if (!risks.some((r) => r.lastAssessedOn !== null))
      return R(c, 'missing', 'No risk has been assessed yet.');
    const behind = risks.filter(late);
    if (!behind.length)
      return R(
        c,
        'met',
        `All ${risks.length} open risks were assessed, none is past its review date and none owes a re-assessment after a change of its AI systems.`,
      );
    return R(
      c,
      'partial',
      `${behind.length} of ${risks.length} open risks are behind: ${lateWords(behind)}.`,
      behind.map((r) => ({ type: 'risks', id: r.riskId })),
    );
  },
  async treatments_implemented(db, orgId, c, f) {
    const { risks } = await operationsOf(db, orgId, windowOf(f));
    const chosen = risks.filter((r) => r.treatment.option !== null);
    if (!chosen.length) return R(c, 'missing', 'No risk has a treatment option chosen.');
    const open = chosen.filter(
      (r) => r.treatment.progress !== 'implemented' || r.treatment.overdue > 0,
    );
    const done = chosen.length - open.length;
    if (!open.length)
      return R(c, 'met', `The treatment of all ${chosen.length} treated risks was carried out.`);
    const overdue = open.reduce((n, r) => n + r.treatment.overdue, 0);
    return R(
      c,
      done === 0 ? 'missing' : 'partial',
      `${done} of ${chosen.length} chosen treatments are carried out; the others wait for their actions${overdue ? ` (${overdue} action(s) past their due date)` : ''}.`,
      open.map((r) => ({ type: 'risks', id: r.riskId })),
    );
  },
  async impact_assessments_on_time(db, orgId, c, f) {
    const { systems } = await operationsOf(db, orgId, windowOf(f));
    if (!systems.length) return R(c, 'missing', 'No AI systems in the inventory.');
    if (systems.every((s) => s.status === 'missing'))
      return R(c, 'missing', 'No AI system has an approved impact assessment.');
    const behind = systems.filter(late);
    if (!behind.length)
      return R(
        c,
        'met',
        `All ${systems.length} AI systems were assessed within their cycle and after their last significant change.`,
      );
    return R(
      c,
      'partial',
      `${behind.length} of ${systems.length} AI systems are behind: ${lateWords(behind)}.`,
      behind.map((s) => ({ type: 'ai_systems', id: s.aiSystemId })),
    );
  },
};
