import type { Kysely } from 'kysely';
import { decodeJson, type Json } from '../db/json.js';
import type { DB, LedgeredTable } from '../db/schema.js';
import type { OrgAccess } from './context.js';

/**
 * Access matched to responsibilities (docs/ARCHITECTURE.md, "Access matched to responsibilities").
 * When an organization turns it on, a contributor may change only the records of the AI systems
 * they are assigned to (an assignment record, or Responsible or Accountable in the RACI register);
 * the permission matrix marks the actions this holds for (`scoped: true`), and this file says
 * which AI systems a record belongs to: one declaration per table in `SYSTEM_OF`.
 */

/**
 * The AI systems a record belongs to (none: a record of the whole organization, which scoping
 * leaves as it was), or MANAGERS: a record only members whose access is not limited may write
 * while scoping is on (a RACI line that would itself assign someone to a system).
 */
export const MANAGERS = 'managers';
export type RecordScope = readonly string[] | typeof MANAGERS;

type AnyRow = Record<string, unknown>;
type Records = Kysely<Record<string, AnyRow>>;
interface Lookup {
  db: Kysely<DB>;
  orgId: string;
}
/** How to find the AI systems of a row of one table. */
export type SystemsOf = (row: AnyRow, at: Lookup) => RecordScope | Promise<RecordScope>;

const str = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);

/** The row is an AI system. */
export const self: SystemsOf = (row) => str(row.id);
/** The AI system a column names (possibly none). */
export const column =
  (name: string): SystemsOf =>
  (row) =>
    str(row[name]);
/** The AI systems a JSON list column names. */
export const list =
  (name: string): SystemsOf =>
  (row) =>
    row[name] == null ? [] : decodeJson(row[name] as Json<string[]>).filter((s) => !!s);
/** The AI systems of the record a column points at (the risk of a treatment). */
export const parent =
  (name: string, table: LedgeredTable): SystemsOf =>
  async (row, at) => {
    const id = row[name];
    if (typeof id !== 'string') return [];
    const p = await findRow(at, table, id);
    return p ? systemsOf(at, table, p) : [];
  };
/** The AI systems named by the rows of a link table that point at this row (an incident's systems). */
export const children =
  (table: LedgeredTable, key: string, systemColumn: string): SystemsOf =>
  async (row, at) =>
    (
      await (at.db as unknown as Records)
        .selectFrom(table)
        .select(systemColumn)
        .where('org_id', '=', at.orgId)
        .where(key, '=', String(row.id))
        .execute()
    ).flatMap((r) => str(r[systemColumn]));
/** The AI systems of the record a (type, id) pair of columns names; `types` maps type words to tables. */
export const typed =
  (typeColumn: string, idColumn: string, types: Record<string, LedgeredTable>): SystemsOf =>
  async (row, at) => {
    const type = row[typeColumn];
    const table = typeof type === 'string' && Object.hasOwn(types, type) ? types[type] : undefined;
    const id = row[idColumn];
    if (!table || typeof id !== 'string') return [];
    const target = await findRow(at, table, id);
    return target ? systemsOf(at, table, target) : [];
  };

/** What evidence links and evidence records name (src/modules/evidence TARGETS). */
const EVIDENCE_TARGETS: Record<string, LedgeredTable> = {
  ai_system: 'ai_systems',
  risk: 'risks',
  incident: 'incidents',
};
const evidenceLink = typed('target_type', 'target_id', EVIDENCE_TARGETS);

/** Evidence belongs to the systems its links support, and to the record it is a reference to. */
const evidence: SystemsOf = async (row, at) => {
  const links = await (at.db as unknown as Records)
    .selectFrom('evidence_links')
    .select(['target_type', 'target_id'])
    .where('org_id', '=', at.orgId)
    .where('evidence_id', '=', String(row.id))
    .execute();
  const out: string[] = [];
  for (const l of links) out.push(...asList(await evidenceLink(l, at)));
  const type = row.record_type;
  if (typeof type === 'string' && Object.hasOwn(SYSTEM_OF, type) && type !== 'evidence')
    out.push(
      ...asList(
        await typed('record_type', 'record_id', { [type]: type as LedgeredTable })(row, at),
      ),
    );
  return out;
};

/**
 * A RACI line for an AI system belongs to it; one that makes a member Responsible or Accountable
 * is itself an assignment (it widens that member's scope), so only managers and owners write it
 * while scoping is on.
 */
const responsibility: SystemsOf = (row) => {
  if (row.subject_type !== 'ai_system') return [];
  return row.raci === 'responsible' || row.raci === 'accountable' ? MANAGERS : str(row.subject_id);
};

/**
 * Which AI systems a record of each table belongs to. A table not listed belongs to the whole
 * organization (policies, documents, context, objectives…) and scoping leaves it as it was. A new
 * table whose records hang off an AI system adds ONE line here (docs/ADDING-A-MODULE.md), e.g.
 * `monitoring_metrics: column('ai_system_id')` or `audit_findings: parent('audit_id', 'audits')`.
 */
export const SYSTEM_OF: { readonly [T in LedgeredTable]?: SystemsOf } = {
  ai_systems: self,
  ai_system_transitions: column('ai_system_id'),
  ai_models: column('ai_system_id'),
  datasets: column('ai_system_id'),
  ai_resources: column('ai_system_id'),
  responsibilities: responsibility,
  ai_act_classifications: column('ai_system_id'),
  risks: list('ai_system_ids'),
  risk_treatments: parent('risk_id', 'risks'),
  risk_acceptances: parent('risk_id', 'risks'),
  impact_assessments: column('ai_system_id'),
  impact_items: parent('assessment_id', 'impact_assessments'),
  dpias: column('ai_system_id'),
  evidence,
  evidence_links: evidenceLink,
  gate_evidence: column('ai_system_id'),
  gate_checks: column('ai_system_id'),
  gate_overrides: column('ai_system_id'),
  incidents: children('incident_systems', 'incident_id', 'ai_system_id'),
  incident_systems: parent('incident_id', 'incidents'),
  incident_timeline: parent('incident_id', 'incidents'),
  incident_communications: parent('incident_id', 'incidents'),
  incident_risks: parent('incident_id', 'incidents'),
  metric_definitions: column('ai_system_id'),
  metric_batches: parent('metric_id', 'metric_definitions'),
  metric_breaches: parent('metric_id', 'metric_definitions'),
};

/**
 * The path parameters that name a record of a table of SYSTEM_OF: a command taking one is refused
 * (403) before it checks anything else when the record is out of the caller's scope, so a
 * contributor learns nothing of another system's record from a 409 or 422. (Every row the
 * command writes is checked anyway; this only moves the refusal first.) A new table adds its
 * path parameter here when its routes take one.
 */
export const PATH_IDS: Readonly<Record<string, LedgeredTable>> = {
  aiSystemId: 'ai_systems',
  aiModelId: 'ai_models',
  datasetId: 'datasets',
  aiResourceId: 'ai_resources',
  responsibilityId: 'responsibilities',
  riskId: 'risks',
  assessmentId: 'impact_assessments',
  dpiaId: 'dpias',
  evidenceId: 'evidence',
  incidentId: 'incidents',
  metricId: 'metric_definitions',
};

/** The records a command's path ids name (PATH_IDS), those that exist. */
export async function pathRecords(
  at: Lookup,
  pathIds: readonly string[],
  input: Record<string, unknown>,
): Promise<{ table: LedgeredTable; row: AnyRow }[]> {
  const out: { table: LedgeredTable; row: AnyRow }[] = [];
  for (const name of pathIds) {
    const table = Object.hasOwn(PATH_IDS, name) ? PATH_IDS[name] : undefined;
    const id = input[name];
    if (!table || typeof id !== 'string') continue;
    const row = await findRow(at, table, id);
    if (row) out.push({ table, row });
  }
  return out;
}

const asList = (s: RecordScope): readonly string[] => (s === MANAGERS ? [] : s);

async function findRow(at: Lookup, table: LedgeredTable, id: string): Promise<AnyRow | undefined> {
  return (at.db as unknown as Records)
    .selectFrom(table)
    .selectAll()
    .where('org_id', '=', at.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The AI systems a record of `table` belongs to, as SYSTEM_OF declares (distinct). */
export async function systemsOf(
  at: Lookup,
  table: LedgeredTable,
  row: AnyRow,
): Promise<RecordScope> {
  const of = SYSTEM_OF[table];
  if (!of) return [];
  const s = await of(row, at);
  return s === MANAGERS ? s : [...new Set(s)];
}

/**
 * The AI systems a member may change, when the organization limits them (a contributor while
 * `orgs.scoped_access` is on): their assignments and the systems they are Responsible or
 * Accountable for. Undefined: not limited (owners, managers, the host, every member while off).
 */
export async function assignedSystems(
  db: Kysely<DB>,
  access: Pick<OrgAccess, 'orgId' | 'role' | 'memberId'>,
): Promise<readonly string[] | undefined> {
  if (access.role !== 'contributor' || access.memberId === null) return undefined;
  const org = await db
    .selectFrom('orgs')
    .select('scoped_access')
    .where('id', '=', access.orgId)
    .executeTakeFirst();
  if (org?.scoped_access !== 1) return undefined;
  const assigned = await db
    .selectFrom('system_assignments')
    .select('ai_system_id as id')
    .where('org_id', '=', access.orgId)
    .where('member_id', '=', access.memberId)
    .execute();
  const raci = await db
    .selectFrom('responsibilities')
    .select('subject_id as id')
    .where('org_id', '=', access.orgId)
    .where('member_id', '=', access.memberId)
    .where('subject_type', '=', 'ai_system')
    .where('raci', 'in', ['responsible', 'accountable'])
    .execute();
  return [...new Set([...assigned, ...raci].map((r) => r.id))].sort();
}

/** The access with the AI systems its member is limited to (see assignedSystems) filled in. */
export async function withSystemScope(db: Kysely<DB>, access: OrgAccess): Promise<OrgAccess> {
  const systems = await assignedSystems(db, access);
  const out: OrgAccess = { ...access };
  delete out.systems;
  if (systems !== undefined) out.systems = systems;
  return out;
}
