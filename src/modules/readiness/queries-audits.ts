import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The programme versions of an organization that count: approved and draft. */
export function auditProgrammes(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('audit_programmes')
    .select(['id', 'status', 'period_start', 'period_end'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['approved', 'draft'])
    .execute();
}

/** Audits whose report was issued (reported or closed). */
export function reportedAudits(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('audits')
    .select(['id', 'scope', 'reported_at', 'communicated_on'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['reported', 'closed'])
    .execute();
}

export async function plannedAuditCount(db: Kysely<DB>, orgId: string, from: string, to: string) {
  const r = await db
    .selectFrom('audits')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('planned_start', '>=', from)
    .where('planned_start', '<=', to)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The nonconformities raised from findings of reported or closed audits, with their status: a
 * finding is followed up once its nonconformity has moved past open (a correction at least).
 */
export function findingNonconformities(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('audit_findings')
    .innerJoin('audits', (j) =>
      j
        .onRef('audits.org_id', '=', 'audit_findings.org_id')
        .onRef('audits.id', '=', 'audit_findings.audit_id'),
    )
    .innerJoin('nonconformities', (j) =>
      j
        .onRef('nonconformities.org_id', '=', 'audit_findings.org_id')
        .onRef('nonconformities.id', '=', 'audit_findings.nonconformity_id'),
    )
    .select(['nonconformities.id as id', 'nonconformities.status as status'])
    .where('audit_findings.org_id', '=', orgId)
    .where('audits.status', 'in', ['reported', 'closed'])
    .execute();
}
