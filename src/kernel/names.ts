import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { CONTROLS, requirement } from '../catalog/index.js';
import type { DB } from '../db/schema.js';
import { TABLES } from '../db/tables.js';
import { canReadEntity } from './authorize.js';
import type { OrgAccess } from './context.js';
import type { RecordBase, RecordTable } from './records.js';

/**
 * The names of the records and members a record refers to, so that a page shows "Triage
 * assistant" where the record holds an id, without loading the whole register it points into.
 *
 * One shape everywhere: a view that holds references carries `names`, an object from id to name
 * (a member's display name, else their email; a record's title or name; an Annex A control's or
 * clause's title). It names only what the caller may read (ENTITY_READ with their role and token
 * scopes): an id the caller may not read, or that names nothing any more, is simply absent, and a
 * page then shows the id. A list page reads the names of all its rows at once: one query per
 * referenced table, never one per row (`NameWants` gathers, `resolveNames` reads, `pickNames`
 * hands each view its own).
 */
export const namesSchema = z
  .record(z.string(), z.string())
  .describe(
    'Names of the records and members this one refers to, by id: a member by display name, a record by its title or name, a control or clause by its title. Only those the caller may read; an id without a name here is one the caller may not read or that no longer exists.',
  );
export type Names = z.infer<typeof namesSchema>;

/** The column that names a record of each table that can be named (title, name or summary). */
export const NAME_COLUMN = {
  context_issues: 'title',
  interested_parties: 'name',
  legal_requirements: 'title',
  ai_systems: 'name',
  ai_models: 'name',
  datasets: 'name',
  ai_resources: 'name',
  third_parties: 'name',
  competences: 'name',
  training_records: 'title',
  policies: 'title',
  documents: 'title',
  concerns: 'summary',
  risks: 'title',
  risk_treatments: 'title',
  impact_assessments: 'title',
  dpias: 'title',
  objectives: 'title',
  aims_changes: 'title',
  soa_entries: 'title',
  evidence: 'title',
  incidents: 'title',
  nonconformities: 'title',
  nonconformity_actions: 'title',
  improvements: 'title',
  metric_definitions: 'name',
  audits: 'title',
  audit_findings: 'title',
  management_reviews: 'title',
  management_review_actions: 'title',
} as const satisfies Partial<Record<RecordTable, string>>;
export type NamedTable = keyof typeof NAME_COLUMN;
/** What a reference can point at: a named table, a member, or the catalog (controls, clauses). */
export type NameSource = NamedTable | 'memberships' | 'catalog';

export const isNamedTable = (t: string): t is NamedTable => Object.hasOwn(NAME_COLUMN, t);

/** Whether a table has a readable identifier column `ref` (such as R-0042). */
export const hasRefColumn = (t: RecordTable): boolean =>
  Object.hasOwn(TABLES[t].columns as Record<string, unknown>, 'ref');

/** The ids a page wants named, by where they point. */
export class NameWants {
  readonly wanted = new Map<NameSource, Set<string>>();

  add(source: NameSource, ids: string | readonly (string | null | undefined)[] | null | undefined) {
    const list = typeof ids === 'string' ? [ids] : (ids ?? []);
    let set = this.wanted.get(source);
    for (const id of list) {
      if (!id) continue;
      if (!set) this.wanted.set(source, (set = new Set()));
      set.add(id);
    }
    return this;
  }
}

/** The widened view of the record tables that a table name chosen at run time needs (as in records.ts). */
type AnyRecords = Kysely<Record<string, RecordBase & Record<string, string>>>;

/** A catalog id's title: an Annex A control or a clause of ISO/IEC 42001. */
export function catalogName(id: string): string | undefined {
  const c = CONTROLS.find((x) => x.id === id);
  return c?.title ?? requirement(id)?.title;
}

/**
 * Reads the names the wants ask for that the caller may read: one query per table (members: one
 * join of memberships and users), within the caller's organization.
 */
export async function resolveNames(
  db: Kysely<DB>,
  access: OrgAccess,
  wants: NameWants,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [source, idSet] of wants.wanted)
    for (let i = 0; i < idSet.size; i += CHUNK)
      await nameChunk(db, access, source, [...idSet].slice(i, i + CHUNK), out);
  return out;
}

/** Ids per query: far below the bound parameters SQLite and PostgreSQL take. */
const CHUNK = 1000;

async function nameChunk(
  db: Kysely<DB>,
  access: OrgAccess,
  source: NameSource,
  ids: string[],
  out: Map<string, string>,
): Promise<void> {
  if (source === 'catalog') {
    for (const id of ids) {
      const name = catalogName(id);
      if (name) out.set(id, name);
    }
    return;
  }
  if (!canReadEntity(access, source)) return;
  if (source === 'memberships') {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.id as id', 'users.name as name', 'users.email as email'])
      .where('memberships.org_id', '=', access.orgId)
      .where('memberships.id', 'in', ids)
      .execute();
    for (const r of rows) out.set(r.id, r.name || r.email);
    return;
  }
  const column = NAME_COLUMN[source];
  const rows = await (db as unknown as AnyRecords)
    .selectFrom(source)
    .select(['id', sql.ref<string>(column).as('name')])
    .where('org_id', '=', access.orgId)
    .where('id', 'in', ids)
    .execute();
  for (const r of rows) out.set(r.id, String(r.name));
}

/** The names of every id these wants ask for that were found (one record's, out of its page's). */
export function namesWanted(all: ReadonlyMap<string, string>, wants: NameWants): Names {
  return pickNames(all, ...[...wants.wanted.values()].map((ids) => [...ids]));
}

/** The names of these ids that were found: what one view carries. */
export function pickNames(
  all: ReadonlyMap<string, string>,
  ...ids: (string | readonly (string | null | undefined)[] | null | undefined)[]
): Names {
  const out: Names = {};
  for (const v of ids)
    for (const id of typeof v === 'string' ? [v] : (v ?? []))
      if (id) {
        const name = all.get(id);
        if (name !== undefined) out[id] = name;
      }
  return out;
}

/** The user id of an actor `user:<id>` or `user:<id>/token:<id>`, else null. */
export const actorUser = (actor: string | null | undefined): string | null =>
  actor ? (/^user:([^/]+)/.exec(actor)?.[1] ?? null) : null;

export const actorNamesSchema = z
  .record(z.string(), z.string())
  .describe(
    'Who acted, by user id (the id in an actor `user:<id>`): the display name, or the e-mail when there is none, of those who are members of the organization now. Empty for a caller who may not read the members.',
  );

/**
 * The names of the users who acted (actors `user:<id>`), by user id, of those who are members of
 * the organization now; nothing for a caller who may not read the members.
 */
export async function actorNames(
  db: Kysely<DB>,
  access: OrgAccess,
  actors: readonly (string | null | undefined)[],
): Promise<Names> {
  const out: Names = {};
  if (!canReadEntity(access, 'memberships')) return out;
  const users = [...new Set(actors.map(actorUser).filter((x): x is string => x !== null))];
  for (let i = 0; i < users.length; i += CHUNK) {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id as id', 'users.name as name', 'users.email as email'])
      .where('memberships.org_id', '=', access.orgId)
      .where('users.id', 'in', users.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out[r.id] = r.name || r.email;
  }
  return out;
}

/** Reads the names these wants ask for and hands them back as one view's `names`. */
export async function namesOf(db: Kysely<DB>, access: OrgAccess, wants: NameWants): Promise<Names> {
  return namesWanted(await resolveNames(db, access, wants), wants);
}
