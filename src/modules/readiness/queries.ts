/**
 * The readiness read model: the one place where a module reads the tables of many others
 * (inventory, scope, policies, risks, impact assessments, objectives, changes, competences, the
 * SoA, evidence, nonconformities and their corrective actions, improvements). It only reads, each
 * query is an aggregate or bounded, and every query is typed by the schema. The rule-driven queries (exists, each AI system) take a table and
 * columns that rules.ts has checked against the schema at load time.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, TableName } from '../../db/schema.js';

/**
 * The rule-driven queries address a table and columns named in rules.json. Kysely cannot follow
 * a table chosen at run time, so they go through this one widened view of the database; the
 * names were validated against the schema when the rules loaded.
 */
type Cell = string | number | null;
const anyTable = (db: Kysely<DB>) => db as unknown as Kysely<Record<string, Record<string, Cell>>>;

export type Where = Record<string, string | number>;

function filtered(
  db: Kysely<DB>,
  table: TableName,
  orgId: string,
  where: Where = {},
  notNull?: string,
) {
  let q = anyTable(db)
    .selectFrom(table as string)
    .where('org_id', '=', orgId);
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  if (notNull) q = q.where(notNull, 'is not', null);
  return q;
}

export async function countRows(
  db: Kysely<DB>,
  table: TableName,
  orgId: string,
  where?: Where,
  notNull?: string,
): Promise<number> {
  const r = await filtered(db, table, orgId, where, notNull)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function sampleIds(
  db: Kysely<DB>,
  table: TableName,
  orgId: string,
  limit: number,
  where?: Where,
): Promise<string[]> {
  const rows = await filtered(db, table, orgId, where).select('id').limit(limit).execute();
  return rows.map((r) => String(r.id));
}

/** The values of one column over the matching rows (for "each AI system has one"). */
export async function columnValues(
  db: Kysely<DB>,
  table: TableName,
  column: string,
  orgId: string,
  where?: Where,
  notNull?: string,
): Promise<Cell[]> {
  const rows = await filtered(db, table, orgId, where, notNull).select(column).execute();
  return rows.map((r) => r[column] ?? null);
}

/** AI systems in the inventory that are not retired. */
export async function activeSystemIds(db: Kysely<DB>, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ai_systems')
    .select('id')
    .where('org_id', '=', orgId)
    .where('lifecycle_stage', '<>', 'retirement')
    .execute();
  return rows.map((r) => r.id);
}

/** The published policy of a kind with the latest review date, if any. */
export function publishedPolicy(db: Kysely<DB>, orgId: string, kind: string) {
  return db
    .selectFrom('policies')
    .select(['id', 'next_review_date', 'current_version_id'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('current_version_id', 'is not', null)
    .orderBy('next_review_date', 'desc')
    .executeTakeFirst();
}

export async function acknowledgementsOf(
  db: Kysely<DB>,
  orgId: string,
  policyVersionId: string,
): Promise<number> {
  const r = await db
    .selectFrom('policy_acknowledgements as a')
    .innerJoin('memberships as m', 'm.id', 'a.member_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('a.org_id', '=', orgId)
    .where('a.policy_version_id', '=', policyVersionId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Assessed risks, still open, with no treatment option chosen. */
export async function untreatedRiskIds(db: Kysely<DB>, orgId: string, limit: number) {
  const rows = await db
    .selectFrom('risks')
    .select('id')
    .where('org_id', '=', orgId)
    .where('inherent_level', 'is not', null)
    .where('treatment', 'is', null)
    .where('status', '<>', 'closed')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Accepted risks whose latest acceptance has expired. */
export async function lapsedAcceptanceRiskIds(
  db: Kysely<DB>,
  orgId: string,
  today: string,
  limit: number,
) {
  const rows = await db
    .selectFrom('risks as r')
    .innerJoin('risk_acceptances as a', 'a.risk_id', 'r.id')
    .select('r.id')
    .where('r.org_id', '=', orgId)
    .where('r.status', '=', 'accepted')
    .groupBy('r.id')
    .having(sql`max(a.expires_on)`, '<', today)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export function approvedAssessments(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('impact_assessments')
    .select(['id', 'ai_system_id', 'approved_at', 'next_due_date'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .execute();
}

/** Per AI system, when it last changed stage or got a model version (what makes an assessment due). */
export async function lastChangeOfSystems(
  db: Kysely<DB>,
  orgId: string,
  table: 'ai_system_transitions' | 'ai_models',
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom(table)
    .select(['ai_system_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('org_id', '=', orgId)
    .groupBy('ai_system_id')
    .execute();
  return new Map(rows.map((r) => [r.ai_system_id, String(r.at)]));
}

export function objectiveTargets(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('objectives')
    .select(['id', 'direction', 'target'])
    .where('org_id', '=', orgId)
    .execute();
}

/** Every measurement, oldest first (so the last one per objective is its latest). */
export function measurementsInOrder(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('objective_measurements')
    .select(['objective_id', 'value', 'measured_on', 'id'])
    .where('org_id', '=', orgId)
    .orderBy('measured_on')
    .orderBy('id')
    .execute();
}

export function requiredCompetences(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('competences')
    .select(['id', 'aims_role', 'name'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
}

export function memberRoles(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('memberships')
    .select(['id', 'role', 'email'])
    .where('org_id', '=', orgId)
    .orderBy('email')
    .execute();
}

/** Training completed by today and not expired. */
export function validTrainings(db: Kysely<DB>, orgId: string, today: string) {
  return db
    .selectFrom('training_records')
    .select(['member_id', 'competence_id'])
    .where('org_id', '=', orgId)
    .where('completed_on', '<=', today)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
    .execute();
}

export function soaEntries(db: Kysely<DB>, orgId: string) {
  return db.selectFrom('soa_entries').selectAll().where('org_id', '=', orgId).execute();
}

/** Per control, the evidence linked to it: how many pieces are valid today, how many in all, one id. */
export async function controlEvidence(db: Kysely<DB>, orgId: string, today: string) {
  const rows = await db
    .selectFrom('evidence_links as l')
    .innerJoin('evidence as e', 'e.id', 'l.evidence_id')
    .select([
      'l.target_id',
      sql<
        number | string
      >`sum(case when e.valid_until is null or e.valid_until >= ${today} then 1 else 0 end)`.as(
        'valid',
      ),
      (eb) => eb.fn.countAll<number | string>().as('total'),
      (eb) => eb.fn.max('e.id').as('sample'),
    ])
    .where('l.org_id', '=', orgId)
    .where('l.target_type', '=', 'control')
    .groupBy('l.target_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.target_id,
      { valid: Number(r.valid), total: Number(r.total), sample: String(r.sample) },
    ]),
  );
}

/** The gate criteria in force (number, whether enforced), if the organization adopted any. */
export function gateCriteriaInForce(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('gate_criteria')
    .select(['id', 'number', 'enforced'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'in_force')
    .executeTakeFirst();
}

/** How many transitions overrode a failed gate, and the newest of them. */
export async function gateOverrides(db: Kysely<DB>, orgId: string, limit: number) {
  const n = await db
    .selectFrom('gate_overrides')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const newest = await db
    .selectFrom('gate_overrides')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { count: Number(n?.n ?? 0), ids: newest.map((r) => r.id) };
}

/** Nonconformities with a corrective action of their current cycle open after its due date. */
export async function overdueActionNonconformityIds(
  db: Kysely<DB>,
  orgId: string,
  today: string,
  limit: number,
) {
  const rows = await db
    .selectFrom('nonconformity_actions as a')
    .innerJoin('nonconformities as n', (j) =>
      j.onRef('n.org_id', '=', 'a.org_id').onRef('n.id', '=', 'a.nonconformity_id'),
    )
    .select('n.id')
    .distinct()
    .where('a.org_id', '=', orgId)
    .whereRef('a.cycle', '=', 'n.cycle')
    .where('a.status', 'in', ['planned', 'in_progress'])
    .where('a.due_date', '<', today)
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
