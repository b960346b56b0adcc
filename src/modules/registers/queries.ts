import { sql, type Kysely } from 'kysely';
import { sortKey, type Dialect } from '../../db/connect.js';
import type { DB, Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import { AppError } from '../../kernel/errors.js';
import { keysetPage, type Page, type PageQuery } from '../../kernel/paging.js';
import { findRecord } from '../../kernel/records.js';
import type { RegisterSpec } from './definitions.js';
import { snake, type Cell, type Cells } from './fields.js';
import { toRecordFields, type ListQuery, type RecordFields } from './schemas.js';

/*
 * Every read of the registers. Columns named by the register definitions are addressed with
 * sql.ref: Kysely types a column it can see, and these are chosen at run time from the data.
 */

/** A record of a register in this organization, or undefined. */
export const findRegisterRow = <T extends RegisterTable>(
  db: Kysely<DB>,
  spec: RegisterSpec<T>,
  orgId: string,
  id: string,
) => findRecord(db, spec.key, orgId, id);

/** The first record of `table` whose field `column` (a ref, or a refs list) holds `id`. */
export async function firstReferrer(
  db: Kysely<DB>,
  table: RegisterTable,
  column: string,
  kind: 'ref' | 'refs',
  orgId: string,
  id: string,
): Promise<string | undefined> {
  const hit = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where(sql.ref(column), kind === 'refs' ? 'like' : '=', kind === 'refs' ? `%"${id}"%` : id)
    .limit(1)
    .executeTakeFirst();
  return hit?.id;
}

const encodeCursor = (v: string[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decodeCursor(c: string): [string, string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 3) {
      const [sort, key, id] = v as unknown[];
      if (typeof sort === 'string' && typeof key === 'string' && typeof id === 'string')
        return [sort, key, id];
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
    { pointer: '/query/cursor', message: 'Unknown cursor.' },
  ]);
}

/**
 * One page of a register: filtered, searched, sorted by (sort key, id) and paged by keyset, so
 * the cost follows the page size, not the register's size. The sort key is not unique, so this
 * list keeps its own two-column keyset (kernel/paging.ts pages by one unique column).
 */
export async function registerPage(
  db: Kysely<DB>,
  dialect: Dialect,
  spec: RegisterSpec,
  orgId: string,
  query: ListQuery,
): Promise<Page<Row<RegisterTable>>> {
  const sortArg = query.sort ?? spec.defaultSort;
  const desc = sortArg.startsWith('-');
  const key = sortKey(dialect, snake(desc ? sortArg.slice(1) : sortArg));
  // The sort key comes back from the database, so the cursor holds exactly what SQL compares.
  let q = db
    .selectFrom(spec.key)
    .selectAll()
    .select(sql<string>`${key}`.as('_sort_key'))
    .where('org_id', '=', orgId);
  for (const [name, f] of Object.entries(spec.fields)) {
    const v = query[name];
    if (!f.filter || typeof v !== 'string') continue;
    q = q.where(sql.ref(snake(name)), '=', f.kind === 'bool' ? (v === 'true' ? 1 : 0) : v);
  }
  const text = query.q?.trim().toLowerCase() ?? '';
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cols = Object.entries(spec.fields)
      .filter(([, f]) => f.search)
      .map(([n]) => snake(n));
    q = q.where((eb) =>
      eb.or(
        cols.map((c) => sql<boolean>`lower(coalesce(${sql.ref(c)}, '')) like ${like} escape '\\'`),
      ),
    );
  }
  if (query.cursor !== undefined) {
    const [s, v, id] = decodeCursor(query.cursor);
    if (s !== sortArg)
      throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [
        { pointer: '/query/cursor', message: 'Sort changed.' },
      ]);
    const op = desc ? sql`<` : sql`>`;
    q = q.where(
      sql<boolean>`(${key} ${op} ${v} or (${key} = ${v} and ${sql.ref('id')} ${op} ${id}))`,
    );
  }
  const rows = await q
    .orderBy(sql`${key} ${desc ? sql`desc` : sql`asc`}`)
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeCursor([sortArg, String(last._sort_key), last.id]) : null,
  };
}

/**
 * A page of a register as exports and snapshots hold it (fields only, no caller's abilities);
 * the register export, the CLI and the register snapshots of documented information use it.
 */
export async function listRecords(
  db: Kysely<DB>,
  dialect: Dialect,
  spec: RegisterSpec,
  orgId: string,
  query: Omit<ListQuery, 'limit'> & { limit: number },
): Promise<Page<RecordFields>> {
  const p = await registerPage(db, dialect, spec, orgId, query);
  return { ...p, items: p.items.map((r) => toRecordFields(spec, r)) };
}

/** Every life cycle transition of a system, oldest first. */
export const transitionsPage = (
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
  page: PageQuery,
) =>
  keysetPage(
    db
      .selectFrom('ai_system_transitions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('ai_system_id', '=', aiSystemId),
    page,
    { column: 'id', key: (r) => r.id },
  );

/** Who holds which RACI role for one subject, with their email and name, by email. */
export const assignmentsFor = (
  db: Kysely<DB>,
  orgId: string,
  subjectType: string,
  subjectId: string,
) =>
  db
    .selectFrom('responsibilities')
    .innerJoin('memberships', 'memberships.id', 'responsibilities.member_id')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'responsibilities.raci',
      'responsibilities.note',
      'memberships.id as memberId',
      'memberships.email',
      'users.name',
    ])
    .where('responsibilities.org_id', '=', orgId)
    .where('responsibilities.subject_type', '=', subjectType)
    .where('responsibilities.subject_id', '=', subjectId)
    .orderBy('memberships.email')
    .execute();

/** The organization's required competences, by name. */
export const competencesOf = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom('competences')
    .select(['id', 'name', 'aims_role'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();

/** Up to `limit` members after the id `after`, by id. */
export function membersAfter(
  db: Kysely<DB>,
  orgId: string,
  after: string | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('memberships')
    .select(['id', 'email', 'role'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

/** The (member, competence) pairs these members hold a training record for that is valid on `day`. */
export const validTrainings = (db: Kysely<DB>, orgId: string, memberIds: string[], day: string) =>
  db
    .selectFrom('training_records')
    .select(['member_id', 'competence_id'])
    .where('org_id', '=', orgId)
    .where('member_id', 'in', memberIds)
    .where('completed_on', '<=', day)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', day)]))
    .execute();

/** Every member's email (lower case) → membership id, for imports that name members by email. */
export async function membersByEmail(db: Kysely<DB>, orgId: string) {
  const rows = await db
    .selectFrom('memberships')
    .select(['id', 'email'])
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.email }));
}

/** Every record of a register with its title, for imports that name records by title. */
export async function recordTitles(
  db: Kysely<DB>,
  spec: RegisterSpec,
  orgId: string,
): Promise<{ id: string; title: Cell }[]> {
  return db
    .selectFrom(spec.key)
    .select(['id', sql<Cell>`${sql.ref(snake(spec.titleField))}`.as('title')])
    .where('org_id', '=', orgId)
    .execute();
}

/**
 * Every record of a register in the organization with these columns, by id: the records an
 * import's id column may name, and their read-only values it must leave as they are.
 */
export async function recordCells(
  db: Kysely<DB>,
  spec: RegisterSpec,
  orgId: string,
  columns: readonly string[],
): Promise<Map<string, Cells>> {
  const rows = await db
    .selectFrom(spec.key)
    .select(['id', ...columns.map((c) => sql<Cell>`${sql.ref(c)}`.as(c))])
    .where('org_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** How many AI systems the organization has in each life cycle stage (one GROUP BY). */
export async function systemsByStage(db: Kysely<DB>, orgId: string) {
  const rows = await db
    .selectFrom('ai_systems')
    .select((eb) => ['lifecycle_stage', eb.fn.countAll().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('lifecycle_stage')
    .orderBy('lifecycle_stage')
    .execute();
  return rows.map((r) => ({ stage: r.lifecycle_stage, count: Number(r.n) }));
}
