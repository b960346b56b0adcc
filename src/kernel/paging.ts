import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Cursor paging shared by every list: the query parameters, the page envelope, and keyset paging
 * over one unique column (the cost follows the page size, not the table's).
 */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200).'),
  cursor: z.string().max(200).optional().describe('The nextCursor of the previous page.'),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as cursor for the next page; null on the last.'),
  });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (v: string | number) => Buffer.from(String(v)).toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const v = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-z-]{1,64}$/.test(v))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
      { pointer: '/query/cursor', message: 'Unknown cursor.' },
    ]);
  return v;
}

/** Takes limit+1 rows and turns them into a page. */
export function toPage<R>(rows: R[], limit: number, key: (r: R) => string | number): Page<R> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}

export interface KeysetOrder<O> {
  /** The unique column the page is ordered by (qualified when the query joins: "r.id"). */
  column: string;
  direction?: 'asc' | 'desc';
  /** The value of that column in a row, which the next cursor carries. */
  key: (row: O) => string | number;
  /** Whether the column holds numbers (version numbers), so the cursor is compared as one. */
  numeric?: boolean;
}

/**
 * One page of a query, ordered by a unique column and continued after the cursor's value: the
 * one keyset list every register, version history and log uses.
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  request: PageQuery,
  order: KeysetOrder<O>,
): Promise<Page<O>> {
  const direction = order.direction ?? 'asc';
  const after = decodeCursor(request.cursor);
  const column = sql.ref(order.column);
  let q = query;
  if (after !== undefined) {
    // A numeric column's cursor is a whole number; anything else was not given out by the API.
    if (order.numeric && !/^\d{1,15}$/.test(after))
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
    q = q.where(column, direction === 'asc' ? '>' : '<', order.numeric ? Number(after) : after);
  }
  const rows = await q
    .orderBy(column, direction)
    .limit(request.limit + 1)
    .execute();
  return toPage(rows, request.limit, order.key);
}
