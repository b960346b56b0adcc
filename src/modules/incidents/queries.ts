import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { refOf } from '../../kernel/refs.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { CommunicationRow, IncidentRow, SettingsRow, SystemRow } from './schemas.js';

/** Lists of ids are read in slices, so a long export stays under every store's parameter limit. */
const SLICE = 500;
const slices = <T>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / SLICE) }, (_, i) =>
    list.slice(i * SLICE, (i + 1) * SLICE),
  );

export interface IncidentFilter {
  status?: string | undefined;
  severity?: string | undefined;
  serious?: boolean | undefined;
  aiSystemId?: string | undefined;
  source?: string | undefined;
  /** Search text: the title, or the readable identifier (INC-0007). */
  q?: string | undefined;
  /** A field of INCIDENT_SORTS, `-field` for descending; newest first without it. */
  sort?: string | undefined;
}

/** The fields an incident list sorts by, and their columns. */
export const INCIDENT_SORTS = [
  'ref',
  'title',
  'status',
  'detectedAt',
  'createdAt',
  'updatedAt',
] as const;
const SORT_COLUMNS: Record<string, string> = {
  ref: 'ref',
  title: 'title',
  status: 'status',
  detectedAt: 'detected_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** A page of incidents, newest first. */
export function incidentsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  f: IncidentFilter,
  page: PageQuery,
) {
  let q = db.selectFrom('incidents').selectAll().where('org_id', '=', orgId);
  if (f.q)
    q = q.where(matching(f.q, ['title', 'ref'], { column: 'ref', ref: refOf('incidents', f.q) }));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.serious !== undefined) q = q.where('serious', '=', f.serious ? 1 : 0);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.aiSystemId) {
    const involved = db
      .selectFrom('incident_systems')
      .select('incident_id')
      .where('org_id', '=', orgId)
      .where('ai_system_id', '=', f.aiSystemId);
    q = q.where('id', 'in', involved);
  }
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '')]!;
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/** Serious incidents not yet closed: the only ones whose clocks can still be open. */
export function openSeriousIncidents(
  db: Kysely<DB>,
  orgId: string,
  limit: number,
): Promise<IncidentRow[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('serious', '=', 1)
    .where('status', '!=', 'closed')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every incident of the organization, oldest first (for the export). */
export function allIncidents(db: Kysely<DB>, orgId: string, limit: number) {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The AI systems (and model versions) of these incidents, in the order they were recorded. */
export async function systemsOf(
  db: Kysely<DB>,
  orgId: string,
  incidentIds: string[],
): Promise<SystemRow[]> {
  const out: SystemRow[] = [];
  for (const part of slices(incidentIds))
    out.push(
      ...(await db
        .selectFrom('incident_systems')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('incident_id', 'in', part)
        .orderBy('id')
        .execute()),
    );
  return out;
}

/** The risks linked to these incidents. */
export async function riskLinksOf(db: Kysely<DB>, orgId: string, incidentIds: string[]) {
  const out: { id: string; incident_id: string; risk_id: string }[] = [];
  for (const part of slices(incidentIds))
    out.push(
      ...(await db
        .selectFrom('incident_risks')
        .select(['id', 'incident_id', 'risk_id'])
        .where('org_id', '=', orgId)
        .where('incident_id', 'in', part)
        .orderBy('id')
        .execute()),
    );
  return out;
}

/** The link of an incident to a risk, if there is one. */
export function riskLink(db: Kysely<DB>, orgId: string, incidentId: string, riskId: string) {
  return db
    .selectFrom('incident_risks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('incident_id', '=', incidentId)
    .where('risk_id', '=', riskId)
    .executeTakeFirst();
}

/** The reports to authorities that fulfil a clock, of these incidents. */
export async function reportsOf(
  db: Kysely<DB>,
  orgId: string,
  incidentIds: string[],
): Promise<CommunicationRow[]> {
  const out: CommunicationRow[] = [];
  for (const part of slices(incidentIds))
    out.push(
      ...(await db
        .selectFrom('incident_communications')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('incident_id', 'in', part)
        .where('fulfils', 'is not', null)
        .orderBy('id')
        .execute()),
    );
  return out;
}

/** The timeline of an incident, in the order it was recorded (each entry carries its time). */
export function timelinePage(db: Kysely<DB>, orgId: string, incidentId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('incident_timeline')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('incident_id', '=', incidentId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/** The communications of an incident, in the order they were recorded. */
export function communicationsPage(
  db: Kysely<DB>,
  orgId: string,
  incidentId: string,
  page: PageQuery,
) {
  return keysetPage(
    db
      .selectFrom('incident_communications')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('incident_id', '=', incidentId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/** The organization's incident settings, if it stated any. */
export function settingsRow(db: Kysely<DB>, orgId: string): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('incident_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

/** The system a model version belongs to, or undefined when there is no such model. */
export async function systemOfModel(
  db: Kysely<DB>,
  orgId: string,
  aiModelId: string,
): Promise<string | undefined> {
  const m = await db
    .selectFrom('ai_models')
    .select('ai_system_id')
    .where('org_id', '=', orgId)
    .where('id', '=', aiModelId)
    .executeTakeFirst();
  return m?.ai_system_id;
}

/** Names for the export: AI systems by id, model versions by id, members' emails by id. */
export async function exportNames(db: Kysely<DB>, orgId: string) {
  const systems = await db
    .selectFrom('ai_systems')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .execute();
  const models = await db
    .selectFrom('ai_models')
    .select(['id', 'name', 'model_version'])
    .where('org_id', '=', orgId)
    .execute();
  const members = await db
    .selectFrom('memberships')
    .select(['id', 'email'])
    .where('org_id', '=', orgId)
    .execute();
  return {
    systems: new Map(systems.map((s) => [s.id, s.name])),
    models: new Map(models.map((m) => [m.id, `${m.name} ${m.model_version}`])),
    members: new Map(members.map((m) => [m.id, m.email])),
  };
}

/** Every communication of the organization's incidents, oldest first (for the export). */
export function allCommunications(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('incident_communications')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}
