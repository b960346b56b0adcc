import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';

/** Every read of the interchange exports and imports: the records an export is built from. */
type Db = Kysely<DB>;

export function orgRow(db: Db, orgId: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'slug'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}

/** The approved scope statement, if any (the SSP's authorization boundary). */
export function approvedScope(db: Db, orgId: string) {
  return db
    .selectFrom('scope_versions')
    .select(['statement', 'boundaries', 'number'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .orderBy('number', 'desc')
    .executeTakeFirst();
}

export function aiSystems(db: Db, orgId: string) {
  return db
    .selectFrom('ai_systems')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function aiSystem(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('ai_systems')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function soaEntries(db: Db, orgId: string) {
  return db
    .selectFrom('soa_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('control_id')
    .execute();
}

/** The controls the risks of one AI system name. */
export async function systemRiskControls(db: Db, orgId: string, systemId: string) {
  const rows = await db
    .selectFrom('risks')
    .select(['id', 'ai_system_ids', 'control_ids'])
    .where('org_id', '=', orgId)
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!decodeJson(r.ai_system_ids).includes(systemId)) continue;
    for (const c of decodeJson(r.control_ids)) out.set(c, [...(out.get(c) ?? []), r.id]);
  }
  return out;
}

/** Audits that have started, with their findings. */
export async function auditsWithFindings(db: Db, orgId: string) {
  const audits = await db
    .selectFrom('audits')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '!=', 'planned')
    .orderBy('number')
    .execute();
  const findings = await db
    .selectFrom('audit_findings')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('number')
    .execute();
  return audits.map((a) => ({ audit: a, findings: findings.filter((f) => f.audit_id === a.id) }));
}

export function openNonconformities(db: Db, orgId: string) {
  return db
    .selectFrom('nonconformities')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '!=', 'closed')
    .orderBy('number')
    .execute();
}

export function openActions(db: Db, orgId: string) {
  return db
    .selectFrom('nonconformity_actions')
    .select(['id', 'nonconformity_id', 'title', 'due_date', 'status'])
    .where('org_id', '=', orgId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

/** Treatments still planned or in progress, with their risk. */
export function openTreatments(db: Db, orgId: string) {
  return db
    .selectFrom('risk_treatments as t')
    .innerJoin('risks as r', (j) =>
      j.onRef('r.id', '=', 't.risk_id').onRef('r.org_id', '=', 't.org_id'),
    )
    .select([
      't.id',
      't.title',
      't.due_date',
      't.status',
      'r.id as risk_id',
      'r.title as risk_title',
      'r.description as risk_description',
      'r.control_ids',
      'r.residual_level',
    ])
    .where('t.org_id', '=', orgId)
    .where('t.status', 'in', ['planned', 'in_progress'])
    .orderBy('t.due_date')
    .orderBy('t.id')
    .execute();
}

export function systemModels(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('ai_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function systemDatasets(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('datasets')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function systemResources(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('ai_resources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Every third party of the organization (a BOM's suppliers are matched by name). */
export function thirdParties(db: Db, orgId: string) {
  return db
    .selectFrom('third_parties')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The frameworks the organization imported as OSCAL catalogs, by title. */
export function oscalFrameworks(db: Db, orgId: string) {
  return db
    .selectFrom('oscal_frameworks')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('title')
    .orderBy('id')
    .execute();
}

export function oscalFrameworkBySource(db: Db, orgId: string, sourceUuid: string) {
  return db
    .selectFrom('oscal_frameworks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_uuid', '=', sourceUuid)
    .executeTakeFirst();
}

export function oscalFrameworkByKey(db: Db, orgId: string, key: string) {
  return db
    .selectFrom('oscal_frameworks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export function oscalFrameworkById(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('oscal_frameworks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}
