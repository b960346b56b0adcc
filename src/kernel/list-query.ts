import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { sortKey, type Dialect } from '../db/connect.js';
import { AppError } from './errors.js';
import type { Page, PageQuery } from './paging.js';

/**
 * Search and sort shared by the record lists (risks, incidents, nonconformities, audits…), the
 * way the generic registers already do them (src/modules/registers/queries.ts): `q` searches
 * case-insensitively in the title and the readable identifier; `sort` names a field, `-field`
 * for descending; a sorted list pages by (sort key, id), so a page never repeats or skips a
 * record when many share a value.
 */

/** The `q` parameter of a list. */
export const searchParam = z
  .string()
  .trim()
  .max(200)
  .optional()
  .describe(
    'Case-insensitive search in the title and the readable identifier (R-0042; r-42 finds it too).',
  );

/** The `sort` parameter of a list: one of these fields, `-field` for descending. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F) {
  const all = [...fields, ...fields.map((f) => `-${f}`)] as [F[number], ...F[number][]];
  return z
    .enum(all)
    .optional()
    .describe(
      `A field to sort by (${fields.join(', ')}); prefix with - for descending. Without it, newest first.`,
    );
}

/** A LIKE pattern that finds `text` anywhere, its wildcards taken literally (escape '\'). */
export const containing = (text: string) =>
  `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Rows whose text columns contain `text` (case-insensitively), or whose readable identifier is
 * `exactRef` (the search text read as a ref: "r-42" → "R-0042").
 */
export function matching(
  text: string,
  columns: readonly string[],
  exactRef?: { column: string; ref: string | null },
): Expression<SqlBool> {
  const like = containing(text);
  const parts = columns.map(
    (c) => sql<SqlBool>`lower(coalesce(${sql.ref(c)}, '')) like ${like} escape '\\'`,
  );
  if (exactRef?.ref) parts.push(sql<SqlBool>`${sql.ref(exactRef.column)} = ${exactRef.ref}`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

const encode = (v: string[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decode(c: string): [string, string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string'))
      return v as [string, string, string];
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
    { pointer: '/query/cursor', message: 'Unknown cursor.' },
  ]);
}

/**
 * One page of a query sorted by a text column (`sort` as the API took it, `column` the column it
 * names; nulls sort as empty text), then by id. The cursor holds the sort it was made for and
 * the sort key as the database returned it, so it compares exactly what SQL compares.
 */
export async function sortedPage<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  dialect: Dialect,
  sort: { arg: string; column: string; idColumn?: string },
  page: PageQuery,
): Promise<Page<O>> {
  const desc = sort.arg.startsWith('-');
  const key = sortKey(dialect, sort.column);
  const id = sql.ref(sort.idColumn ?? 'id');
  let q = query.select(sql<string>`${key}`.as('_sort_key')) as unknown as SelectQueryBuilder<
    DB,
    TB,
    O & { _sort_key: string }
  >;
  if (page.cursor !== undefined) {
    const [s, v, after] = decode(page.cursor);
    if (s !== sort.arg)
      throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [
        { pointer: '/query/cursor', message: 'Sort changed.' },
      ]);
    const op = desc ? sql`<` : sql`>`;
    q = q.where(sql<SqlBool>`(${key} ${op} ${v} or (${key} = ${v} and ${id} ${op} ${after}))`);
  }
  const rows = await q
    .orderBy(sql`${key} ${desc ? sql`desc` : sql`asc`}`)
    .orderBy(id, desc ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const taken = more ? rows.slice(0, page.limit) : rows;
  const last = taken[taken.length - 1];
  const items = taken.map(({ _sort_key: _, ...row }) => row as unknown as O);
  return {
    items,
    nextCursor: more && last ? encode([sort.arg, String(last._sort_key), last.id]) : null,
  };
}
