import { operationsOf, operationsWindow } from '../operations/index.js';
import { supplierStanding } from './control-checks.js';
import { documentsFor } from './queries-documents.js';
import { gatedSystemIds, systemStages } from './queries-controls.js';
import { R, type CheckFn, type Facts } from './reasons.js';

/**
 * The checks of clause 8.2–8.4 over the operational planning records (src/modules/operations):
 * not that the assessments exist, but that they were performed at their planned dates and after
 * every significant change, and that chosen treatments were carried out. A date still ahead
 * (due soon) is on time; a date passed, a change not followed by a re-assessment, or an
 * assessment never performed is late.
 */
const windowOf = (f: Facts) => operationsWindow(new Date(f.now));

type Planned = { status: string; reassessmentOwed: boolean; nextDueOn: string | null };
/** Performed with no date planned for the next one is no planned interval either. */
const unplanned = (r: Planned) => r.status !== 'missing' && r.nextDueOn === null;
const late = (r: Planned) =>
  r.status === 'overdue' || r.status === 'missing' || r.reassessmentOwed || unplanned(r);

function lateWords(rows: Planned[]) {
  const parts = [
    [rows.filter((r) => r.status === 'overdue').length, 'past the planned date'],
    [rows.filter(unplanned).length, 'with no date planned for the next assessment'],
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
  gates_passed: CheckFn<'gates_passed'>;
  outsourced_controlled: CheckFn<'outsourced_controlled'>;
  risk_assessments_on_time: CheckFn<'risk_assessments_on_time'>;
  treatments_implemented: CheckFn<'treatments_implemented'>;
  impact_assessments_on_time: CheckFn<'impact_assessments_on_time'>;
} = {
  // 8.1: the systems beyond inception went through a gate on record. Registering a system in a
  // stage writes a transition, but passes no gate.
  async gates_passed(db, orgId, c) {
    const systems = await systemStages(db, orgId);
    if (!systems.length) return R(c, 'missing', 'No AI systems in the inventory.');
    const beyond = systems.filter((s) => s.lifecycle_stage !== 'inception');
    if (!beyond.length)
      return R(
        c,
        'missing',
        `All ${systems.length} AI systems are still in inception: none has passed a life cycle gate yet.`,
      );
    const gated = await gatedSystemIds(db, orgId);
    const lacking = beyond.filter((s) => !gated.has(s.id));
    if (!lacking.length)
      return R(
        c,
        'met',
        `All ${beyond.length} AI systems beyond inception have passed a life cycle gate on record (a passed gate check, a transition under enforced criteria, or a justified override).`,
      );
    return R(
      c,
      lacking.length === beyond.length ? 'missing' : 'partial',
      `${lacking.length} of ${beyond.length} AI systems beyond inception have no record of passing a life cycle gate (being registered in a stage passes none).`,
      lacking.map((s) => ({ type: 'ai_systems', id: s.id })),
    );
  },
  // 8.1: externally provided processes are controlled: an approved document says how, and every
  // supplier on record was assessed.
  async outsourced_controlled(db, orgId, c, f) {
    const docs = await documentsFor(db, orgId, 'outsourced_processes');
    const doc = docs.find((d) => d.current_version_id !== null);
    const s = await supplierStanding(db, orgId, f);
    const docRefs = docs.map((d) => ({ type: 'documents', id: d.id }));
    const noDoc = docs.length
      ? `"${docs[0]!.title}" (control of externally provided processes) has no approved version`
      : 'no approved document on the control of externally provided processes (purpose outsourced_processes)';
    if (!s.all.length)
      return doc
        ? R(
            c,
            'met',
            `No supplier recorded; "${doc.title}" is the approved control of externally provided processes.`,
            docRefs,
          )
        : R(c, docs.length ? 'partial' : 'missing', `No supplier recorded, and ${noDoc}.`, docRefs);
    const unassessed = [...s.never, ...s.stale];
    if (doc && !unassessed.length)
      return R(
        c,
        'met',
        `"${doc.title}" is the approved control of externally provided processes, and all ${s.all.length} suppliers were assessed within the last 12 months.`,
        [...docRefs, ...s.all.map((x) => ({ type: 'third_parties', id: x.id }))],
      );
    const parts = [
      ...(doc ? [] : [noDoc]),
      ...(unassessed.length
        ? [
            `${unassessed.length} of ${s.all.length} suppliers not assessed within the last 12 months`,
          ]
        : []),
    ];
    const text = parts.join('; ');
    return R(
      c,
      !doc && s.never.length === s.all.length ? 'missing' : 'partial',
      `${s.all.length} supplier(s) recorded, but ${text}.`,
      [...docRefs, ...unassessed.map((x) => ({ type: 'third_parties', id: x.id }))],
    );
  },
  async risk_assessments_on_time(db, orgId, c, f) {
    const { risks } = await operationsOf(db, orgId, windowOf(f));
    if (!risks.some((r) => r.lastAssessedOn !== null))
      return R(c, 'missing', 'No risk has been assessed yet.');
    const behind = risks.filter(late);
    if (!behind.length)
      return R(
        c,
        'met',
        `All ${risks.length} open risks were assessed, each has its next review planned, none is past it and none owes a re-assessment after a change of its AI systems.`,
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
