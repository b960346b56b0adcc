import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The last time this file (by SHA-256) went into this register or statement, if ever. */
export function previousRun(db: Kysely<DB>, orgId: string, target: string, sha256: string) {
  return db
    .selectFrom('import_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('target', '=', target)
    .where('sha256', '=', sha256)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The organization's members with e-mail and name: how a file names an owner. */
export function membersNamed(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id as id', 'memberships.email as email', 'users.name as name'])
    .where('memberships.org_id', '=', orgId)
    .execute();
}

/** Every record of a table in the organization with the column that names it. */
export function namedRecords(db: Kysely<DB>, orgId: string, table: keyof DB, column: string) {
  return db
    .selectFrom(table)
    .select([sql<string>`id`.as('id'), sql<string>`${sql.ref(column)}`.as('name')])
    .where(sql.ref('org_id'), '=', orgId)
    .execute() as Promise<{ id: string; name: string | null }[]>;
}
