import * as Q from './queries-controls.js';
import { R, type CheckFn, type Db, type Facts } from './reasons.js';

/**
 * The checks the Annex A controls add to their SoA decision, implementation and evidence where
 * aims holds the records the control is about: the per-system registers filled in (data
 * provenance, resources, intended use), the AI policy reviewed at its planned intervals, evidence
 * pushed for each system in operation (event logs), and the suppliers assessed. None is met by an
 * empty register: a control with nothing to apply to is excluded in the SoA, with its reason.
 */

/** The stages in which an AI system is in use (as the monitoring of 9.1 counts them). */
const IN_OPERATION = new Set([
  'deployment',
  'operation_and_monitoring',
  'continuous_validation',
  're_evaluation',
]);
const NOUNS: Record<string, string> = {
  datasets: 'datasets',
  ai_resources: 'resources',
  responsibilities: 'responsibilities',
  ai_systems: 'records',
};
const words = (s: string) => s.replace(/_/g, ' ');

/** The day `months` after (or, negative, before) a day or instant (YYYY-MM-DD). */
export function addMonths(day: string, months: number) {
  const d = new Date(`${day.slice(0, 10)}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The suppliers assessed within the last year with an acceptable outcome, and the others. */
export async function supplierStanding(db: Db, orgId: string, f: Facts) {
  const all = await Q.suppliers(db, orgId);
  const since = addMonths(f.today, -12);
  const never = all.filter(
    (s) => !s.assessed_on || (s.assessment_outcome ?? 'not_assessed') === 'not_assessed',
  );
  const stale = all.filter((s) => !never.includes(s) && s.assessed_on! < since);
  const refused = all.filter(
    (s) => !never.includes(s) && !stale.includes(s) && s.assessment_outcome === 'not_acceptable',
  );
  return { all, never, stale, refused };
}

export const CONTROL_CHECKS: {
  each_system_complete: CheckFn<'each_system_complete'>;
  policy_reviewed: CheckFn<'policy_reviewed'>;
  system_evidence: CheckFn<'system_evidence'>;
  suppliers_assessed: CheckFn<'suppliers_assessed'>;
} = {
  async each_system_complete(db, orgId, c, f) {
    if (f.systems.length === 0)
      return R(c, 'missing', 'No AI systems in the inventory (retired ones do not count).');
    const noun = `${Object.entries(c.where ?? {})
      .map(([, v]) => words(String(v)))
      .join(' ')} ${NOUNS[c.table] ?? words(c.table)}`.trim();
    const fields = (c.fields ?? []).map(words);
    const per = await Q.completeness(db, orgId, c.table, c.column, c.where, c.fields);
    const none = f.systems.filter((s) => !per.get(s)?.rows);
    const gaps = f.systems.filter((s) => (per.get(s)?.incomplete ?? 0) > 0);
    const n = f.systems.length;
    const what = fields.length ? ` with their ${fields.join(', ')}` : '';
    if (!none.length && !gaps.length)
      return R(c, 'met', `All ${n} AI systems have ${noun} recorded${what}.`);
    const parts = [
      ...(none.length ? [`${none.length} of ${n} AI systems have no ${noun} recorded`] : []),
      ...(gaps.length
        ? [
            `${gaps.length} of ${n} AI systems have ${noun} that leave ${fields.length > 1 ? 'one of ' : ''}${fields.join(', ')} empty`,
          ]
        : []),
    ];
    const bad = new Set([...none, ...gaps]);
    return R(
      c,
      bad.size === n ? 'missing' : 'partial',
      `${parts.join('; ')}.`,
      [...bad].map((id) => ({ type: 'ai_systems', id })),
    );
  },
  async policy_reviewed(db, orgId, c, f) {
    const p = await Q.policyPublications(db, orgId, c.kind);
    const kind = words(c.kind).replace(/^ai /, 'AI ');
    if (!p) return R(c, 'missing', `No published ${kind} to review.`);
    const ref = [{ type: 'policies', id: p.id }];
    const cycle = Number(p.review_cycle_months);
    if (!p.next_review_date || p.next_review_date < f.today)
      return R(
        c,
        'partial',
        `The review of "${p.title}" was due on ${p.next_review_date ?? 'a date never set'}; no version has been published since.`,
        ref,
      );
    // The latest review came within the cycle of the version before it (an old lapse, made good
    // since, no longer counts).
    const [before, last] = p.published.slice(-2);
    if (before && last && last.at.slice(0, 10) > addMonths(before.at, cycle))
      return R(
        c,
        'partial',
        `"${p.title}" was not reviewed at its planned interval of ${cycle} months: version ${last.number} was published on ${last.at.slice(0, 10)}, after the review was due on ${addMonths(before.at, cycle)}.`,
        ref,
      );
    const reviews = p.published.length - 1;
    return R(
      c,
      'met',
      `"${p.title}" is reviewed every ${cycle} months${reviews ? ` (version ${last!.number} published on time)` : ''}; the next review is due on ${p.next_review_date}.`,
      ref,
    );
  },
  async system_evidence(db, orgId, c, f) {
    const operating = (await Q.systemStages(db, orgId)).filter((s) =>
      IN_OPERATION.has(s.lifecycle_stage),
    );
    const kinds = c.kinds.map(words).join(' or ');
    if (!operating.length)
      return R(
        c,
        'missing',
        `No AI system is in deployment or operation, so none has ${kinds} evidence.`,
      );
    const have = await Q.systemsWithEvidence(db, orgId, c.kinds, f.today);
    const lacking = operating.filter((s) => !have.has(s.id));
    if (!lacking.length)
      return R(
        c,
        'met',
        `All ${operating.length} AI systems in operation have valid ${kinds} evidence.`,
      );
    return R(
      c,
      lacking.length === operating.length ? 'missing' : 'partial',
      `${lacking.length} of ${operating.length} AI systems in operation have no valid evidence of kind ${c.kinds.join(' or ')} (pushed as gate evidence).`,
      lacking.map((s) => ({ type: 'ai_systems', id: s.id })),
    );
  },
  async suppliers_assessed(db, orgId, c, f) {
    const s = await supplierStanding(db, orgId, f);
    if (!s.all.length)
      return R(
        c,
        'missing',
        'No supplier in the third-party register: record those of AI systems, data and services, or exclude the control in the SoA with the reason.',
      );
    const bad = [...s.never, ...s.stale, ...s.refused];
    if (!bad.length)
      return R(
        c,
        'met',
        `All ${s.all.length} suppliers were assessed within the last 12 months and found acceptable.`,
        s.all.map((x) => ({ type: 'third_parties', id: x.id })),
      );
    const parts = [
      [s.never.length, 'never assessed'],
      [s.stale.length, 'last assessed more than 12 months ago'],
      [s.refused.length, 'assessed as not acceptable'],
    ] as const;
    return R(
      c,
      s.never.length === s.all.length ? 'missing' : 'partial',
      `Of ${s.all.length} suppliers, ${parts
        .filter(([n]) => n > 0)
        .map(([n, w]) => `${n} ${w}`)
        .join(', ')}.`,
      bad.map((x) => ({ type: 'third_parties', id: x.id })),
    );
  },
};
