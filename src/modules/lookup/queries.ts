import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { hasRefColumn, NAME_COLUMN, type NamedTable } from '../../kernel/names.js';
import type { RecordBase } from '../../kernel/records.js';
import type { LookupItem } from './schemas.js';

/** The widened view of the record tables that a table name chosen at run time needs. */
type AnyRecords = Kysely<Record<string, RecordBase & Record<string, string>>>;

/** `q` as a LIKE pattern's literal part: %, _ and the escape character itself escaped. */
export const likeLiteral = (q: string) => q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Records of a table whose name contains `q`, whose id starts with it, or (where the table has a
 * readable identifier `ref`) whose ref starts with it, in any case; by name.
 */
export async function lookupRecords(
  db: Kysely<DB>,
  orgId: string,
  table: NamedTable,
  q: string,
  limit: number,
): Promise<LookupItem[]> {
  const column = NAME_COLUMN[table];
  const withRef = hasRefColumn(table);
  const like = likeLiteral(q);
  let query = (db as unknown as AnyRecords)
    .selectFrom(table)
    .select(['id', sql.ref<string>(column).as('name')])
    .where('org_id', '=', orgId);
  if (withRef) query = query.select(sql.ref<string>('ref').as('ref'));
  if (q)
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(${sql.ref(column)})`, 'like', sql`${`%${like}%`} escape '\\'`),
        eb(sql`lower(id)`, 'like', sql`${`${like}%`} escape '\\'`),
        ...(withRef ? [eb(sql`lower(ref)`, 'like', sql`${`${like}%`} escape '\\'`)] : []),
      ]),
    );
  const rows = await query
    .orderBy(sql`lower(${sql.ref(column)})`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const ref = (r as { ref?: string | null }).ref;
    return { id: r.id, type: table, name: String(r.name), ...(ref ? { ref } : {}) };
  });
}

/** Members whose display name or email contains `q`, or whose membership id starts with it. */
export async function lookupMembers(
  db: Kysely<DB>,
  orgId: string,
  q: string,
  limit: number,
): Promise<LookupItem[]> {
  const like = likeLiteral(q);
  let query = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id as id', 'users.name as name', 'users.email as email'])
    .where('memberships.org_id', '=', orgId);
  if (q)
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(users.name)`, 'like', sql`${`%${like}%`} escape '\\'`),
        eb(sql`lower(users.email)`, 'like', sql`${`%${like}%`} escape '\\'`),
        eb(sql`lower(memberships.id)`, 'like', sql`${`${like}%`} escape '\\'`),
      ]),
    );
  const rows = await query
    .orderBy(sql`lower(users.name)`)
    .orderBy('memberships.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: 'members',
    name: r.name || r.email,
    detail: r.email,
  }));
}
