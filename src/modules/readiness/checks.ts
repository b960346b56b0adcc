import { decodeJson, type Json } from '../../db/json.js';
import type { Check } from './rules.js';
import { openClocks } from '../incidents/index.js';
import { monitoringReadiness } from '../monitoring/index.js';
import * as Q from './queries.js';
import { AUDIT_CHECKS } from './audit-checks.js';
import { CONTROL_CHECKS } from './control-checks.js';
import { DOCUMENT_CHECKS } from './document-checks.js';
import { IMPROVEMENT_CHECKS } from './improvement-checks.js';
import { OPERATION_CHECKS } from './operation-checks.js';
import { PLAN_CHECKS } from './plan-checks.js';
import { REVIEW_CHECKS } from './review-checks.js';
import { R, REFS, type CheckFn, type Db, type Facts, type Reason } from './reasons.js';

/**
 * The kinds of check the rules use, each one function over the read model: what it found, with
 * the records it rests on (or that fall short). Those of clause 10 are in improvement-checks.ts.
 */
export { R, type Facts, type Reason, type Status } from './reasons.js';

const CHECKS: { [K in Check['check']]: CheckFn<K> } = {
  ...IMPROVEMENT_CHECKS,
  ...OPERATION_CHECKS,
  ...AUDIT_CHECKS,
  ...REVIEW_CHECKS,
  ...DOCUMENT_CHECKS,
  ...PLAN_CHECKS,
  ...CONTROL_CHECKS,
  async exists(db, orgId, c, f) {
    // Retired AI systems are no longer in the inventory the AIMS covers.
    const live = c.table === 'ai_systems' && !c.where && !c.where_not_null;
    const n = live
      ? f.systems.length
      : await Q.countRows(db, c.table, orgId, c.where, c.where_not_null);
    if (n === 0)
      return R(
        c,
        c.weight === 'partial_only' ? 'partial' : 'missing',
        `No ${c.label} recorded${live ? ' (retired ones do not count)' : ''}.`,
      );
    const ids = live
      ? f.systems.slice(0, REFS)
      : await Q.sampleIds(db, c.table, orgId, REFS, c.where);
    return R(
      c,
      'met',
      `${n} ${c.label} recorded.`,
      ids.map((id) => ({ type: c.table, id })),
    );
  },
  async each_system(db, orgId, c, f) {
    if (f.systems.length === 0)
      return R(c, 'missing', 'No AI systems in the inventory (retired ones do not count).');
    const covered = new Set<string>();
    for (const v of await Q.columnValues(db, c.table, c.column, orgId, c.where, c.where_not_null)) {
      if (v === null) continue;
      // A JSON column of the rules holds a list of AI system ids.
      if (c.json) for (const id of decodeJson(String(v) as Json<string[]>)) covered.add(id);
      else covered.add(String(v));
    }
    const lacking = f.systems.filter((s) => !covered.has(s));
    if (lacking.length === 0)
      return R(
        c,
        'met',
        `All ${f.systems.length} AI systems have ${c.label.replace(/^an? /, '').replace(/ for each AI system$/, '')}.`,
      );
    const status = lacking.length === f.systems.length ? 'missing' : 'partial';
    return R(
      c,
      status,
      `${lacking.length} of ${f.systems.length} AI systems lack ${c.label.replace(/ for each AI system$/, '')}.`,
      lacking.map((id) => ({ type: 'ai_systems', id })),
    );
  },
  async scope_approved(db, orgId, c) {
    const ids = await Q.sampleIds(db, 'scope_versions', orgId, 1, { status: 'approved' });
    if (ids.length)
      return R(c, 'met', 'The scope is approved.', [{ type: 'scope_versions', id: ids[0]! }]);
    const draft = await Q.sampleIds(db, 'scope_versions', orgId, 1, { status: 'draft' });
    return draft.length
      ? R(c, 'partial', 'A scope is drafted but not approved.', [
          { type: 'scope_versions', id: draft[0]! },
        ])
      : R(c, 'missing', 'No scope statement.');
  },
  async soa_approved(db, orgId, c) {
    const ids = await Q.sampleIds(db, 'soa_versions', orgId, 1, { status: 'approved' });
    if (ids.length)
      return R(c, 'met', 'The Statement of Applicability is approved.', [
        { type: 'soa_versions', id: ids[0]! },
      ]);
    const n = await Q.countRows(db, 'soa_entries', orgId);
    return n
      ? R(c, 'partial', `${n} controls decided, no approved version yet.`)
      : R(c, 'missing', 'No Statement of Applicability.');
  },
  async policy_published(db, orgId, c, f) {
    const p = await Q.publishedPolicy(db, orgId, c.kind);
    if (!p) {
      const some = await Q.sampleIds(db, 'policies', orgId, 1, { kind: c.kind });
      return some.length
        ? R(c, 'partial', 'The AI policy exists but no version is published.', [
            { type: 'policies', id: some[0]! },
          ])
        : R(c, 'missing', 'No AI policy.');
    }
    if (p.next_review_date && p.next_review_date < f.today)
      return R(
        c,
        'partial',
        `The AI policy is published but its review was due on ${p.next_review_date}.`,
        [{ type: 'policies', id: p.id }],
      );
    return R(c, 'met', 'The AI policy is published and within its review date.', [
      { type: 'policies', id: p.id },
    ]);
  },
  async risks_treated(db, orgId, c) {
    const assessed = await Q.countRows(db, 'risks', orgId, {}, 'inherent_level');
    if (!assessed) return R(c, 'missing', 'No assessed risks.');
    const untreated = await Q.untreatedRiskIds(db, orgId, 1000);
    if (!untreated.length) return R(c, 'met', `All ${assessed} assessed risks have a treatment.`);
    return R(
      c,
      'partial',
      `${untreated.length} of ${assessed} assessed risks have no treatment option.`,
      untreated.map((id) => ({ type: 'risks', id })),
    );
  },
  async acceptances_valid(db, orgId, c, f) {
    const lapsed = await Q.lapsedAcceptanceRiskIds(db, orgId, f.today, REFS);
    if (lapsed.length)
      return R(
        c,
        'partial',
        `${lapsed.length} risk acceptance(s) have expired.`,
        lapsed.map((id) => ({ type: 'risks', id })),
      );
    return R(c, 'met', 'No expired risk acceptances.');
  },
  async impact_current(db, orgId, c, f) {
    if (f.systems.length === 0) return R(c, 'missing', 'No AI systems in the inventory.');
    const approved = await Q.approvedAssessments(db, orgId);
    const moved = await Q.lastChangeOfSystems(db, orgId, 'ai_system_transitions');
    const models = await Q.lastChangeOfSystems(db, orgId, 'ai_models');
    const current = new Map<string, boolean>();
    for (const a of approved) {
      const at = a.approved_at ?? '';
      const stale =
        (a.next_due_date !== null && a.next_due_date < f.today) ||
        (moved.get(a.ai_system_id) ?? '') > at ||
        (models.get(a.ai_system_id) ?? '') > at;
      current.set(a.ai_system_id, !stale || current.get(a.ai_system_id) === true);
    }
    const none = f.systems.filter((s) => !current.has(s));
    const due = f.systems.filter((s) => current.get(s) === false);
    if (!none.length && !due.length)
      return R(
        c,
        'met',
        `All ${f.systems.length} AI systems have a current approved impact assessment.`,
      );
    const status = none.length === f.systems.length ? 'missing' : 'partial';
    return R(
      c,
      status,
      `${none.length} AI systems without an approved impact assessment, ${due.length} due for re-assessment.`,
      [...none, ...due].map((id) => ({ type: 'ai_systems', id })),
    );
  },
  async objectives(db, orgId, c) {
    const objs = await Q.objectiveTargets(db, orgId);
    if (!objs.length) return R(c, 'missing', 'No AI objectives.');
    const last = new Map<string, { value: string }>();
    for (const m of await Q.measurementsInOrder(db, orgId)) last.set(m.objective_id, m);
    const off = objs.filter((o) => {
      const m = last.get(o.id);
      if (!m) return true;
      return o.direction === 'at_least'
        ? Number(m.value) < Number(o.target)
        : Number(m.value) > Number(o.target);
    });
    if (!off.length) return R(c, 'met', `All ${objs.length} objectives are measured and on track.`);
    return R(
      c,
      'partial',
      `${off.length} of ${objs.length} objectives are unmeasured or off track.`,
      off.map((o) => ({ type: 'objectives', id: o.id })),
    );
  },
  async changes_decided(db, orgId, c) {
    const open = await Q.sampleIds(db, 'aims_changes', orgId, REFS, { status: 'proposed' });
    if (open.length)
      return R(
        c,
        'partial',
        'Some planned changes wait for a decision.',
        open.map((id) => ({ type: 'aims_changes', id })),
      );
    if ((await Q.countRows(db, 'aims_changes', orgId)) === 0)
      return R(
        c,
        'partial',
        'No planned changes recorded: nothing yet shows that changes are planned.',
      );
    return R(c, 'met', 'Every planned change has been decided.');
  },
  async competence_gaps(db, orgId, c, f) {
    const comps = await Q.requiredCompetences(db, orgId);
    if (!comps.length) return R(c, 'missing', 'No required competences defined.');
    const members = await Q.memberRoles(db, orgId);
    // A competence required only of roles no member holds requires nothing of anyone.
    const roles = new Set(members.map((m) => m.role));
    if (!comps.some((k) => roles.has(k.aims_role)))
      return R(
        c,
        'missing',
        `The ${comps.length} required competence(s) apply to no member: each is required of a role no member holds (${[...new Set(comps.map((k) => k.aims_role))].join(', ')}).`,
      );
    const have = new Set(
      (await Q.validTrainings(db, orgId, f.today)).map((v) => `${v.member_id}|${v.competence_id}`),
    );
    const gaps = members.flatMap((m) =>
      comps
        .filter((k) => k.aims_role === m.role && !have.has(`${m.id}|${k.id}`))
        .map((k) => ({ m, k })),
    );
    if (!gaps.length) return R(c, 'met', 'Every member holds the competences their role requires.');
    const who = new Map(gaps.map((g) => [g.m.id, g.m]));
    const named = gaps.slice(0, 5).map((g) => `${g.m.email} lacks "${g.k.name}"`);
    const more = gaps.length > 5 ? ` and ${gaps.length - 5} more` : '';
    return R(
      c,
      'partial',
      `${who.size} members miss a required competence (no valid training record): ${named.join('; ')}${more}.`,
      [...who.keys()].map((id) => ({ type: 'memberships', id })),
    );
  },
  async acknowledged(db, orgId, c, f) {
    const p = await Q.publishedPolicy(db, orgId, 'ai_policy');
    if (!p?.current_version_id) return R(c, 'missing', 'No published AI policy to acknowledge.');
    const n = await Q.acknowledgementsOf(db, orgId, p.current_version_id);
    const share = f.members ? n / f.members : 0;
    const detail = `${n} of ${f.members} members acknowledged the published AI policy.`;
    return R(c, share >= c.threshold ? 'met' : n ? 'partial' : 'missing', detail, [
      { type: 'policies', id: p.id },
    ]);
  },
  async not_recorded(_db, _orgId, c) {
    return R(c, 'missing', `aims holds no records of ${c.label} yet.`);
  },
  async lifecycle_gates(db, orgId, c) {
    const criteria = await Q.gateCriteriaInForce(db, orgId);
    if (!criteria)
      return R(c, 'missing', 'No gate criteria adopted: life cycle transitions are not gated.');
    const version = { type: 'gate_criteria', id: criteria.id };
    if (criteria.enforced !== 1)
      return R(
        c,
        'partial',
        `Gate criteria version ${criteria.number} is in force but only advises: no transition is refused.`,
        [version],
      );
    const o = await Q.gateOverrides(db, orgId, REFS - 1);
    const overrides = o.count
      ? ` ${o.count} transition(s) overrode a failed gate, each with a manager's written justification.`
      : ' No transition overrode a failed gate.';
    return R(
      c,
      'met',
      `Gate criteria version ${criteria.number} is in force and enforced.${overrides}`,
      [version, ...o.ids.map((id) => ({ type: 'gate_overrides', id }))],
    );
  },
  async incident_reports(db, orgId, c, f) {
    const open = await openClocks(db, orgId, new Date(f.now));
    const overdue = open.filter((o) => o.clock.state === 'overdue');
    if (overdue.length)
      return R(
        c,
        'partial',
        `${overdue.length} report(s) of serious incidents to authorities are overdue.`,
        [...new Set(overdue.map((o) => o.incidentId))].map((id) => ({ type: 'incidents', id })),
      );
    return R(
      c,
      'met',
      open.length
        ? `${open.length} report(s) of serious incidents are due; none is overdue.`
        : 'No report of a serious incident to an authority is due or overdue.',
    );
  },
  async monitoring(db, orgId, c, f) {
    const m = await monitoringReadiness(db, orgId, f.now);
    return R(c, m.status, m.detail, m.refs);
  },
  async control(_db, _orgId, c) {
    // Controls are evaluated from the SoA and evidence in evaluate(), not as a clause check.
    return R(c, 'missing', 'Evaluated per control.');
  },
};

// Each kind's function takes its own kind of check; the lookup by c.check guarantees it.
type AnyCheckFn = (db: Db, orgId: string, c: Check, f: Facts) => Promise<Reason>;
export const runCheck = (db: Db, orgId: string, c: Check, f: Facts): Promise<Reason> =>
  (CHECKS[c.check] as unknown as AnyCheckFn)(db, orgId, c, f);
