import fs from 'node:fs';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ANNEXES } from '../../catalog/index.js';

/**
 * The readiness engine: each assessable requirement (clause leaves and Annex A controls) is
 * evaluated by the rules in rules.json against the organization's records. A result is met,
 * partial, missing or not_applicable, with reasons that name the records (or what is absent).
 * Every check is one aggregate query, so the cost grows with the number of rules, not records.
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

type Check = Record<string, any> & { check: string; label: string };
interface Rules {
  clauses: Record<string, Check[]>;
  controls: Check[];
}
export const RULES: Rules = JSON.parse(
  fs.readFileSync(new URL('./rules.json', import.meta.url), 'utf8'),
) as Rules;

type Db = Kysely<DB>;
const REFS = 10;
const R = (
  check: Check,
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

async function count(
  db: Db,
  table: string,
  orgId: string,
  where: Record<string, unknown> = {},
  notNull?: string,
) {
  let q = (db as any)
    .selectFrom(table)
    .select((eb: any) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId);
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  if (notNull) q = q.where(notNull, 'is not', null);
  return Number((await q.executeTakeFirst()).n);
}

async function someIds(db: Db, table: string, orgId: string, where: Record<string, unknown> = {}) {
  let q = (db as any).selectFrom(table).select('id').where('org_id', '=', orgId);
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  return ((await q.limit(REFS).execute()) as { id: string }[]).map((r) => r.id);
}

const CHECKS: Record<string, (db: Db, orgId: string, c: Check, f: Facts) => Promise<Reason>> = {
  async exists(db, orgId, c) {
    const n = await count(db, c.table, orgId, c.where, c.where_not_null);
    const refs = n
      ? (await someIds(db, c.table, orgId, c.where)).map((id) => ({ type: c.table, id }))
      : [];
    if (n === 0)
      return R(c, c.weight === 'partial_only' ? 'partial' : 'missing', `No ${c.label} recorded.`);
    return R(c, 'met', `${n} ${c.label} recorded.`, refs);
  },
  async each_system(db, orgId, c, f) {
    if (f.systems.length === 0)
      return R(c, 'missing', 'No AI systems in the inventory (retired ones do not count).');
    let q = (db as any).selectFrom(c.table).select(c.column).where('org_id', '=', orgId);
    for (const [k, v] of Object.entries(c.where ?? {})) q = q.where(k, '=', v);
    if (c.where_not_null) q = q.where(c.where_not_null, 'is not', null);
    const covered = new Set<string>();
    for (const r of (await q.execute()) as Record<string, string>[]) {
      if (c.json) for (const id of JSON.parse(r[c.column] ?? '[]') as string[]) covered.add(id);
      else covered.add(r[c.column]!);
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
    const ids = await someIds(db, 'scope_versions', orgId, { status: 'approved' });
    if (ids.length)
      return R(c, 'met', 'The scope is approved.', [{ type: 'scope_versions', id: ids[0]! }]);
    const draft = await someIds(db, 'scope_versions', orgId, { status: 'draft' });
    return draft.length
      ? R(c, 'partial', 'A scope is drafted but not approved.', [
          { type: 'scope_versions', id: draft[0]! },
        ])
      : R(c, 'missing', 'No scope statement.');
  },
  async soa_approved(db, orgId, c) {
    const ids = await someIds(db, 'soa_versions', orgId, { status: 'approved' });
    if (ids.length)
      return R(c, 'met', 'The Statement of Applicability is approved.', [
        { type: 'soa_versions', id: ids[0]! },
      ]);
    const n = await count(db, 'soa_entries', orgId);
    return n
      ? R(c, 'partial', `${n} controls decided, no approved version yet.`)
      : R(c, 'missing', 'No Statement of Applicability.');
  },
  async policy_published(db, orgId, c, f) {
    const p = await (db as any)
      .selectFrom('policies')
      .select(['id', 'next_review_date'])
      .where('org_id', '=', orgId)
      .where('kind', '=', c.kind)
      .where('current_version_id', 'is not', null)
      .orderBy('next_review_date', 'desc')
      .executeTakeFirst();
    if (!p) {
      const any = await someIds(db, 'policies', orgId, { kind: c.kind });
      return any.length
        ? R(c, 'partial', 'The AI policy exists but no version is published.', [
            { type: 'policies', id: any[0]! },
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
    const assessed = await count(db, 'risks', orgId, {}, 'inherent_level');
    if (!assessed) return R(c, 'missing', 'No assessed risks.');
    const untreated = await (db as any)
      .selectFrom('risks')
      .select('id')
      .where('org_id', '=', orgId)
      .where('inherent_level', 'is not', null)
      .where('treatment', 'is', null)
      .where('status', '<>', 'closed')
      .limit(1000)
      .execute();
    if (!untreated.length) return R(c, 'met', `All ${assessed} assessed risks have a treatment.`);
    return R(
      c,
      'partial',
      `${untreated.length} of ${assessed} assessed risks have no treatment option.`,
      untreated.map((r: { id: string }) => ({ type: 'risks', id: r.id })),
    );
  },
  async acceptances_valid(db, orgId, c, f) {
    const lapsed = await (db as any)
      .selectFrom('risks as r')
      .innerJoin('risk_acceptances as a', 'a.risk_id', 'r.id')
      .select('r.id')
      .where('r.org_id', '=', orgId)
      .where('r.status', '=', 'accepted')
      .groupBy('r.id')
      .having(sql`max(a.expires_on)`, '<', f.today)
      .limit(REFS)
      .execute();
    if (lapsed.length)
      return R(
        c,
        'partial',
        `${lapsed.length} risk acceptance(s) have expired.`,
        lapsed.map((r: { id: string }) => ({ type: 'risks', id: r.id })),
      );
    return R(c, 'met', 'No expired risk acceptances.');
  },
  async impact_current(db, orgId, c, f) {
    if (f.systems.length === 0) return R(c, 'missing', 'No AI systems in the inventory.');
    const approved = await (db as any)
      .selectFrom('impact_assessments')
      .select(['id', 'ai_system_id', 'approved_at', 'next_due_date'])
      .where('org_id', '=', orgId)
      .where('status', '=', 'approved')
      .execute();
    const moved = new Map<string, string>(
      (
        (await (db as any)
          .selectFrom('ai_system_transitions')
          .select(['ai_system_id', (eb: any) => eb.fn.max('created_at').as('at')])
          .where('org_id', '=', orgId)
          .groupBy('ai_system_id')
          .execute()) as Record<string, string>[]
      ).map((r) => [r.ai_system_id!, r.at!]),
    );
    const models = new Map<string, string>(
      (
        (await (db as any)
          .selectFrom('ai_models')
          .select(['ai_system_id', (eb: any) => eb.fn.max('created_at').as('at')])
          .where('org_id', '=', orgId)
          .groupBy('ai_system_id')
          .execute()) as Record<string, string>[]
      ).map((r) => [r.ai_system_id!, r.at!]),
    );
    const current = new Map<string, boolean>();
    for (const a of approved) {
      const stale =
        (a.next_due_date && a.next_due_date < f.today) ||
        (moved.get(a.ai_system_id) ?? '') > a.approved_at ||
        (models.get(a.ai_system_id) ?? '') > a.approved_at;
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
  async objectives(db, orgId, c, f) {
    const objs = await (db as any)
      .selectFrom('objectives')
      .select(['id', 'direction', 'target'])
      .where('org_id', '=', orgId)
      .execute();
    if (!objs.length) return R(c, 'missing', 'No AI objectives.');
    const latest = await (db as any)
      .selectFrom('objective_measurements as m')
      .select(['m.objective_id', 'm.value', 'm.measured_on', 'm.id'])
      .where('m.org_id', '=', orgId)
      .orderBy('m.measured_on')
      .orderBy('m.id')
      .execute();
    const last = new Map<string, Record<string, string>>();
    for (const m of latest) last.set(m.objective_id, m);
    const off = objs.filter((o: Record<string, string>) => {
      const m = last.get(o.id!);
      if (!m) return true;
      return o.direction === 'at_least'
        ? Number(m.value) < Number(o.target)
        : Number(m.value) > Number(o.target);
    });
    void f;
    if (!off.length) return R(c, 'met', `All ${objs.length} objectives are measured and on track.`);
    return R(
      c,
      'partial',
      `${off.length} of ${objs.length} objectives are unmeasured or off track.`,
      off.map((o: { id: string }) => ({ type: 'objectives', id: o.id })),
    );
  },
  async changes_decided(db, orgId, c) {
    const open = await someIds(db, 'aims_changes', orgId, { status: 'proposed' });
    if (open.length)
      return R(
        c,
        'partial',
        'Some planned changes wait for a decision.',
        open.map((id) => ({ type: 'aims_changes', id })),
      );
    if ((await count(db, 'aims_changes', orgId)) === 0)
      return R(
        c,
        'partial',
        'No planned changes recorded: nothing yet shows that changes are planned.',
      );
    return R(c, 'met', 'Every planned change has been decided.');
  },
  async competence_gaps(db, orgId, c, f) {
    const comps = await (db as any)
      .selectFrom('competences')
      .select(['id', 'aims_role'])
      .where('org_id', '=', orgId)
      .execute();
    if (!comps.length) return R(c, 'missing', 'No required competences defined.');
    const members = await (db as any)
      .selectFrom('memberships')
      .select(['id', 'role'])
      .where('org_id', '=', orgId)
      .execute();
    const valid = await (db as any)
      .selectFrom('training_records')
      .select(['member_id', 'competence_id'])
      .where('org_id', '=', orgId)
      .where('completed_on', '<=', f.today)
      .where((eb: any) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', f.today)]))
      .execute();
    const have = new Set(
      valid.map((v: Record<string, string>) => `${v.member_id}|${v.competence_id}`),
    );
    const gaps = members.filter((m: Record<string, string>) =>
      comps.some(
        (k: Record<string, string>) => k.aims_role === m.role && !have.has(`${m.id}|${k.id}`),
      ),
    );
    if (!gaps.length) return R(c, 'met', 'Every member holds the competences their role requires.');
    return R(
      c,
      'partial',
      `${gaps.length} members miss a required competence.`,
      gaps.map((m: { id: string }) => ({ type: 'memberships', id: m.id })),
    );
  },
  async acknowledged(db, orgId, c, f) {
    const p = await (db as any)
      .selectFrom('policies')
      .select(['id', 'current_version_id'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'ai_policy')
      .where('current_version_id', 'is not', null)
      .executeTakeFirst();
    if (!p) return R(c, 'missing', 'No published AI policy to acknowledge.');
    const n = Number(
      (
        await (db as any)
          .selectFrom('policy_acknowledgements as a')
          .innerJoin('memberships as m', 'm.id', 'a.member_id')
          .select((eb: any) => eb.fn.countAll().as('n'))
          .where('a.org_id', '=', orgId)
          .where('a.policy_version_id', '=', p.current_version_id)
          .executeTakeFirst()
      ).n,
    );
    const share = f.members ? n / f.members : 0;
    const detail = `${n} of ${f.members} members acknowledged the published AI policy.`;
    return R(c, share >= c.threshold ? 'met' : n ? 'partial' : 'missing', detail, [
      { type: 'policies', id: p.id },
    ]);
  },
  async concerns_closed(db, orgId, c) {
    const open = await (db as any)
      .selectFrom('concerns')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', 'in', ['received', 'triage'])
      .limit(REFS)
      .execute();
    if (open.length)
      return R(
        c,
        'partial',
        'Some concerns wait for triage.',
        open.map((r: { id: string }) => ({ type: 'concerns', id: r.id })),
      );
    return R(c, 'met', 'Every concern is being handled or closed.');
  },
  async not_recorded(_db, _orgId, c) {
    return R(c, 'missing', `aims holds no records of ${c.label} yet.`);
  },
};

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
  const systems = (
    (await (db as any)
      .selectFrom('ai_systems')
      .select('id')
      .where('org_id', '=', orgId)
      .where('lifecycle_stage', '<>', 'retirement')
      .execute()) as { id: string }[]
  ).map((r) => r.id);
  const members = await count(db, 'memberships', orgId);
  const facts: Facts = { today, systems, members };
  // Controls: the SoA decision, the implementation status and valid evidence, in two queries.
  const entries = new Map<string, Record<string, any>>(
    (
      (await (db as any)
        .selectFrom('soa_entries')
        .selectAll()
        .where('org_id', '=', orgId)
        .execute()) as Record<string, any>[]
    ).map((e) => [e.control_id, e]),
  );
  const evidence = new Map<string, { valid: number; total: number; sample: string }>();
  const ev = await (db as any)
    .selectFrom('evidence_links as l')
    .innerJoin('evidence as e', 'e.id', 'l.evidence_id')
    .select([
      'l.target_id',
      sql<number>`sum(case when e.valid_until is null or e.valid_until >= ${today} then 1 else 0 end)`.as(
        'valid',
      ),
      (eb: any) => eb.fn.countAll().as('total'),
      (eb: any) => eb.fn.max('e.id').as('sample'),
    ])
    .where('l.org_id', '=', orgId)
    .where('l.target_type', '=', 'control')
    .groupBy('l.target_id')
    .execute();
  for (const r of ev)
    evidence.set(r.target_id, { valid: Number(r.valid), total: Number(r.total), sample: r.sample });

  // The same check serves several requirements (6.1.2 and 8.2, for one): each runs once, and
  // the distinct checks run together (in parallel on PostgreSQL's pool).
  const memo = new Map<string, Promise<Reason>>();
  const run = (c: Check) => {
    const key = JSON.stringify(c);
    let p = memo.get(key);
    if (!p) memo.set(key, (p = CHECKS[c.check]!(db, orgId, c, facts)));
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
