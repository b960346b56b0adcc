import type { Kysely } from 'kysely';
import { decodeJson, type Json } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { ANNEXES } from '../../catalog/index.js';
import { RULES, type Check, type CheckOf } from './rules.js';
import * as Q from './queries.js';

export { RULES } from './rules.js';

/**
 * The readiness engine: each assessable requirement (clause leaves and Annex A controls) is
 * evaluated by the rules in rules.json against the organization's records (read through the
 * read model in queries.ts). A result is met, partial, missing or not_applicable, with reasons
 * that name the records (or what is absent). Every check is one aggregate or bounded query, so
 * the cost grows with the number of rules, not records.
 */
export type Status = 'met' | 'partial' | 'missing' | 'not_applicable';

export interface Reason {
  check: string;
  status: Exclude<Status, 'not_applicable'>;
  detail: string;
  /** Records the result rests on (or that fall short), at most ten. */
  refs: { type: string; id: string }[];
}

export interface RequirementResult {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  group: string;
  status: Status;
  reasons: Reason[];
}

type Db = Kysely<DB>;
const REFS = 10;
const R = (
  check: { label: string },
  status: Reason['status'],
  detail: string,
  refs: Reason['refs'] = [],
): Reason => ({ check: check.label, status, detail, refs: refs.slice(0, REFS) });

/** What the checks share: read once per evaluation. */
interface Facts {
  today: string;
  systems: string[];
  members: number;
}

type CheckFn<K extends Check['check']> = (
  db: Db,
  orgId: string,
  c: CheckOf<K>,
  f: Facts,
) => Promise<Reason>;

const CHECKS: { [K in Check['check']]: CheckFn<K> } = {
  async exists(db, orgId, c) {
    const n = await Q.countRows(db, c.table, orgId, c.where, c.where_not_null);
    if (n === 0)
      return R(c, c.weight === 'partial_only' ? 'partial' : 'missing', `No ${c.label} recorded.`);
    const ids = await Q.sampleIds(db, c.table, orgId, REFS, c.where);
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
    const have = new Set(
      (await Q.validTrainings(db, orgId, f.today)).map((v) => `${v.member_id}|${v.competence_id}`),
    );
    const gaps = members.filter((m) =>
      comps.some((k) => k.aims_role === m.role && !have.has(`${m.id}|${k.id}`)),
    );
    if (!gaps.length) return R(c, 'met', 'Every member holds the competences their role requires.');
    return R(
      c,
      'partial',
      `${gaps.length} members miss a required competence.`,
      gaps.map((m) => ({ type: 'memberships', id: m.id })),
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
  async concerns_closed(db, orgId, c) {
    const open = await Q.openConcernIds(db, orgId, REFS);
    if (open.length)
      return R(
        c,
        'partial',
        'Some concerns wait for triage.',
        open.map((id) => ({ type: 'concerns', id })),
      );
    return R(c, 'met', 'Every concern is being handled or closed.');
  },
  async not_recorded(_db, _orgId, c) {
    return R(c, 'missing', `aims holds no records of ${c.label} yet.`);
  },
  async control(_db, _orgId, c) {
    // Controls are evaluated from the SoA and evidence in evaluate(), not as a clause check.
    return R(c, 'missing', 'Evaluated per control.');
  },
};

const runCheck = (db: Db, orgId: string, c: Check, f: Facts): Promise<Reason> =>
  (CHECKS[c.check] as CheckFn<Check['check']>)(db, orgId, c, f);

/** Met when every check is met, missing when none gives anything, partial in between. */
const combine = (reasons: Reason[]): Status =>
  reasons.every((r) => r.status === 'met')
    ? 'met'
    : reasons.every((r) => r.status === 'missing')
      ? 'missing'
      : 'partial';

export interface Requirement {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  group: string;
}

/** Evaluates every requirement for one organization. */
export async function evaluate(
  db: Db,
  orgId: string,
  requirements: Requirement[],
  today: string,
): Promise<RequirementResult[]> {
  const systems = await Q.activeSystemIds(db, orgId);
  const members = await Q.countRows(db, 'memberships', orgId);
  const facts: Facts = { today, systems, members };
  // Controls: the SoA decision, the implementation status and valid evidence, in two queries.
  const entries = new Map((await Q.soaEntries(db, orgId)).map((e) => [e.control_id, e]));
  const evidence = await Q.controlEvidence(db, orgId, today);

  // The same check serves several requirements (6.1.2 and 8.2, for one): each runs once, and
  // the distinct checks run together (in parallel on PostgreSQL's pool).
  const memo = new Map<string, Promise<Reason>>();
  const run = (c: Check) => {
    const key = JSON.stringify(c);
    let p = memo.get(key);
    if (!p) memo.set(key, (p = runCheck(db, orgId, c, facts)));
    return p;
  };
  const clauseReasons = new Map<string, Promise<Reason[]>>();
  for (const req of requirements) {
    const checks = req.kind === 'clause' ? RULES.clauses[req.id] : undefined;
    if (checks) clauseReasons.set(req.id, Promise.all(checks.map(run)));
  }
  const results: RequirementResult[] = [];
  for (const req of requirements) {
    if (req.kind === 'control') {
      const e = entries.get(req.id);
      const check = RULES.controls[0]!;
      if (!e) {
        results.push({
          ...req,
          status: 'missing',
          reasons: [R(check, 'missing', 'Not decided in the Statement of Applicability.')],
        });
        continue;
      }
      if (e.applicable === 0) {
        results.push({
          ...req,
          status: 'not_applicable',
          reasons: [
            {
              check: 'Statement of Applicability',
              status: 'met',
              detail: `Excluded: ${e.justification}`,
              refs: [{ type: 'soa_entries', id: e.id }],
            },
          ],
        });
        continue;
      }
      const ev1 = evidence.get(req.id) ?? { valid: 0, total: 0, sample: '' };
      const reasons: Reason[] = [];
      const implemented = e.implementation_status === 'implemented';
      reasons.push(
        R(
          check,
          implemented ? 'met' : 'partial',
          `Applicable; implementation ${String(e.implementation_status).replace('_', ' ')}.`,
          [{ type: 'soa_entries', id: e.id }],
        ),
      );
      reasons.push(
        ev1.valid
          ? R(check, 'met', `${ev1.valid} piece(s) of valid evidence.`, [
              { type: 'evidence', id: ev1.sample },
            ])
          : R(
              check,
              'partial',
              ev1.total
                ? `All ${ev1.total} piece(s) of evidence have expired.`
                : 'No evidence linked.',
            ),
      );
      results.push({ ...req, status: combine(reasons), reasons });
      continue;
    }
    const pending = clauseReasons.get(req.id);
    if (!pending) {
      results.push({
        ...req,
        status: 'missing',
        reasons: [
          {
            check: 'rules',
            status: 'missing',
            detail: 'No rule evaluates this requirement yet.',
            refs: [],
          },
        ],
      });
      continue;
    }
    const reasons = await pending;
    results.push({ ...req, status: combine(reasons), reasons });
  }
  return results;
}

const score = (s: Status) => (s === 'met' ? 1 : s === 'partial' ? 0.5 : 0);

/** Readiness as a share of applicable requirements (met counts 1, partial ½). */
export function summarize(results: RequirementResult[]) {
  const group = (key: (r: RequirementResult) => string) => {
    const out = new Map<
      string,
      { met: number; partial: number; missing: number; notApplicable: number; readiness: number }
    >();
    for (const r of results) {
      const k = key(r);
      const g = out.get(k) ?? { met: 0, partial: 0, missing: 0, notApplicable: 0, readiness: 0 };
      if (r.status === 'met') g.met++;
      else if (r.status === 'partial') g.partial++;
      else if (r.status === 'missing') g.missing++;
      else g.notApplicable++;
      out.set(k, g);
    }
    for (const g of out.values()) {
      const n = g.met + g.partial + g.missing;
      g.readiness = n ? Math.round(((g.met + g.partial / 2) / n) * 1000) / 10 : 100;
    }
    return out;
  };
  const all = group(() => 'all').get('all')!;
  const applicable = results.filter((r) => r.status !== 'not_applicable');
  return {
    overall: all,
    byGroup: [...group((r) => r.group).entries()].map(([id, g]) => ({ id, ...g })),
    score: applicable.length
      ? applicable.reduce((s, r) => s + score(r.status), 0) / applicable.length
      : 1,
  };
}

/** The gap list: missing before partial, clauses in the order the standard builds on them, then controls. */
export function gaps(results: RequirementResult[]) {
  const rank = (r: RequirementResult) =>
    (r.status === 'missing' ? 0 : 1) * 10 + (r.kind === 'clause' ? 0 : 1);
  const num = (id: string) =>
    id
      .replace(/^A\./, '')
      .split('.')
      .map((x) => x.padStart(3, '0'))
      .join('.');
  return results
    .filter((r) => r.status === 'missing' || r.status === 'partial')
    .sort((a, b) => rank(a) - rank(b) || (num(a.id) < num(b.id) ? -1 : 1));
}

/** Annex A controls as requirements (grouped by domain), from the catalog. */
export const CONTROL_REQUIREMENTS: Requirement[] = ANNEXES.annexA.domains.flatMap((d) =>
  d.controls.map((c) => ({ id: c.id, kind: 'control' as const, title: c.title, group: d.id })),
);
