/**
 * Reads for the checks of clause 8.1 and of the Annex A controls (control-checks.ts): the stages
 * of the AI systems and the gates they passed, the suppliers and their assessments, how complete
 * the per-system registers are, the reviews of a policy, evidence pushed per system, and the
 * improvements carried out. Each is one aggregate or a read bounded by the organization's
 * registers (systems, suppliers, gate criteria versions, published policy versions).
 */
import { sql } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { TableName } from '../../db/schema.js';
import type { Db } from './reasons.js';
import type { Where } from './queries.js';

/** The AI systems not retired, with their stage. */
export function systemStages(db: Db, orgId: string) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'lifecycle_stage'])
    .where('org_id', '=', orgId)
    .where('lifecycle_stage', '<>', 'retirement')
    .orderBy('id')
    .execute();
}

/**
 * The gate records of each AI system: a passed gate check on adopted criteria that had something
 * to check, a transition overriding a failed gate
 * with a justification, or a transition made while enforced gate criteria gated its stage (the
 * transition is refused otherwise). The registration of a system is no transition through a gate.
 */
export async function gatedSystemIds(db: Db, orgId: string): Promise<Set<string>> {
  const [checks, overrides, criteria] = await Promise.all([
    db
      .selectFrom('gate_checks')
      .select('ai_system_id')
      .distinct()
      .where('org_id', '=', orgId)
      .where('passed', '=', 1)
      // On adopted criteria that asked for something: a gate with no criteria is passed by all.
      .where('criteria_id', 'is not', null)
      .where(sql<boolean>`results <> '[]'`)
      .execute(),
    db
      .selectFrom('gate_overrides')
      .select('ai_system_id')
      .distinct()
      .where('org_id', '=', orgId)
      .execute(),
    db
      .selectFrom('gate_criteria')
      .select(['number', 'enforced', 'gates', 'created_at'])
      .where('org_id', '=', orgId)
      .orderBy('number')
      .execute(),
  ]);
  const out = new Set([...checks, ...overrides].map((r) => r.ai_system_id));
  const first = criteria.find((c) => c.enforced === 1);
  if (!first) return out;
  // Which stages each version gated, and from when to when it was in force.
  const periods = criteria.map((c, i) => ({
    from: c.created_at,
    to: criteria[i + 1]?.created_at ?? '9999',
    gated: new Set(
      c.enforced === 1
        ? decodeJson(c.gates)
            .filter((g) => g.criteria.length > 0)
            .map((g) => g.stage)
        : [],
    ),
  }));
  const moves = await db
    .selectFrom('ai_system_transitions')
    .select(['ai_system_id', 'to_stage', 'created_at'])
    .where('org_id', '=', orgId)
    .where('from_stage', 'is not', null)
    .where('created_at', '>=', first.created_at)
    .execute();
  for (const m of moves) {
    const p = periods.find((x) => x.from <= m.created_at && m.created_at < x.to);
    if (p?.gated.has(m.to_stage)) out.add(m.ai_system_id);
  }
  return out;
}

/** The third parties that supply the organization, with their last assessment. */
export function suppliers(db: Db, orgId: string) {
  return db
    .selectFrom('third_parties')
    .select(['id', 'name', 'assessed_on', 'assessment_outcome'])
    .where('org_id', '=', orgId)
    .where('relation', '=', 'supplier')
    .orderBy('name')
    .execute();
}

/**
 * Per AI system (the value of `column`), how many rows of a register it has and how many of them
 * leave one of `fields` empty. The table and columns were checked against the schema at load.
 */
export async function completeness(
  db: Db,
  orgId: string,
  table: TableName,
  column: string,
  where: Where = {},
  fields: string[] = [],
): Promise<Map<string, { rows: number; incomplete: number }>> {
  const empty = fields.length
    ? sql.join(
        fields.map((f) => sql`${sql.ref(f)} is null or trim(${sql.ref(f)}) = ''`),
        sql` or `,
      )
    : sql`1 = 0`;
  const conditions = [
    sql`org_id = ${orgId}`,
    ...Object.entries(where).map(([k, v]) => sql`${sql.ref(k)} = ${v}`),
  ];
  const rows = await sql<{ subject: string; n: number | string; incomplete: number | string }>`
    select ${sql.ref(column)} as subject, count(*) as n,
      sum(case when ${empty} then 1 else 0 end) as incomplete
    from ${sql.table(table)}
    where ${sql.join(conditions, sql` and `)}
    group by ${sql.ref(column)}`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      String(r.subject),
      { rows: Number(r.n), incomplete: Number(r.incomplete) },
    ]),
  );
}

/** The published policy of a kind, with the dates its versions were published, oldest first. */
export async function policyPublications(db: Db, orgId: string, kind: string) {
  const policy = await db
    .selectFrom('policies')
    .select(['id', 'title', 'review_cycle_months', 'next_review_date'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('current_version_id', 'is not', null)
    .orderBy('next_review_date', 'desc')
    .executeTakeFirst();
  if (!policy) return undefined;
  const versions = await db
    .selectFrom('policy_versions')
    .select(['number', 'published_at'])
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policy.id)
    .where('published_at', 'is not', null)
    .orderBy('published_at')
    .execute();
  return { ...policy, published: versions.map((v) => ({ number: v.number, at: v.published_at! })) };
}

/** The AI systems with evidence of one of `kinds` pushed for them and valid today. */
export async function systemsWithEvidence(db: Db, orgId: string, kinds: string[], today: string) {
  const rows = await db
    .selectFrom('gate_evidence as g')
    .innerJoin('evidence as e', (j) =>
      j.onRef('e.org_id', '=', 'g.org_id').onRef('e.id', '=', 'g.evidence_id'),
    )
    .select('g.ai_system_id')
    .distinct()
    .where('g.org_id', '=', orgId)
    .where('g.kind', 'in', kinds)
    .where((eb) => eb.or([eb('e.valid_until', 'is', null), eb('e.valid_until', '>=', today)]))
    .execute();
  return new Set(rows.map((r) => r.ai_system_id));
}

/** Improvements done since `since`, and adopted ones still open past their due date. */
export async function improvementProgress(db: Db, orgId: string, since: string, today: string) {
  const [done, late] = await Promise.all([
    db
      .selectFrom('improvements')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', '=', 'done')
      .where('completed_on', '>=', since)
      .orderBy('completed_on', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('improvements')
      .select('id')
      .where('org_id', '=', orgId)
      .where('decision', '=', 'adopted')
      .where('status', 'in', ['open', 'in_progress'])
      .where('due_date', '<', today)
      .orderBy('due_date')
      .limit(10)
      .execute(),
  ]);
  return { done: done.map((r) => r.id), late: late.map((r) => r.id) };
}

/** Nonconformities open (or reopened) with no correction, unchanged since before `before`. */
export async function uncorrectedNonconformityIds(db: Db, orgId: string, before: string) {
  const rows = await db
    .selectFrom('nonconformities')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', 'in', ['open', 'reopened'])
    .where('updated_at', '<', before)
    .orderBy('updated_at')
    .limit(10)
    .execute();
  return rows.map((r) => r.id);
}
