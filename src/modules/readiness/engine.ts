import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ANNEXES, CATALOG } from '../../catalog/index.js';
import { RULES, type Check } from './rules.js';
import { R, runCheck, type Facts, type Reason, type Status } from './checks.js';
import * as Q from './queries.js';

export { RULES } from './rules.js';

/**
 * The readiness engine: each assessable requirement (clause leaves and Annex A controls) is
 * evaluated by the rules in rules.json against the organization's records (read through the
 * read model in queries.ts). A result is met, partial, missing or not_applicable, with reasons
 * that name the records (or what is absent). Every check is one aggregate or bounded query, so
 * the cost grows with the number of rules, not records.
 */
export type { Reason, Status } from './checks.js';

export interface RequirementResult {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  group: string;
  status: Status;
  reasons: Reason[];
}

type Db = Kysely<DB>;

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
  now = `${today}T00:00:00.000Z`,
): Promise<RequirementResult[]> {
  const systems = await Q.activeSystemIds(db, orgId);
  const members = await Q.countRows(db, 'memberships', orgId);
  const facts: Facts = { today, now, systems, members };
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
      reasons.push(...(await Promise.all((RULES.control_checks?.[req.id] ?? []).map(run))));
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

/** The titles of the groups: the top-level clauses (4–10) and the Annex A domains. */
const GROUP_TITLES = new Map<string, string>([
  ...CATALOG.clauses.map((c): [string, string] => [c.id, c.title]),
  ...CATALOG.annexA.domains.map((d): [string, string] => [d.id, d.title]),
]);

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
    byGroup: [...group((r) => r.group).entries()].map(([id, g]) => ({
      id,
      title: GROUP_TITLES.get(id) ?? id,
      ...g,
    })),
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
