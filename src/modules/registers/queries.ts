import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { sortKey, type Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../kernel/errors.js';
import type { RegisterSpec } from './definitions.js';
import { fieldSchema, fromColumn, snake } from './fields.js';

/** Query parameters of a register list: pagination, free-text search, sort, and one filter per filterable field. */
export function listQuerySchema(spec: RegisterSpec) {
  const sortable = [
    'createdAt',
    'updatedAt',
    ...Object.entries(spec.fields)
      .filter(([, f]) => f.filter && f.kind !== 'bool')
      .map(([n]) => n),
  ];
  const shape: Record<string, z.ZodType> = {
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1–500).'),
    cursor: z.string().max(2000).optional().describe('The nextCursor of the previous page.'),
    q: z.string().max(200).optional().describe('Free-text search.'),
    sort: z
      .enum([...sortable, ...sortable.map((s) => `-${s}`)] as [string, ...string[]])
      .optional()
      .describe('A field to sort by; prefix with - for descending.'),
  };
  for (const [name, f] of Object.entries(spec.fields)) {
    if (!f.filter) continue;
    if (f.kind === 'bool')
      shape[name] = z
        .enum(['true', 'false'])
        .optional()
        .describe(`Only records whose ${f.label.toLowerCase()} is this.`);
    else if (f.kind === 'multi' || f.kind === 'refs') continue;
    else
      shape[name] = (fieldSchema(f) as z.ZodString)
        .optional()
        .describe(`Only records whose ${f.label.toLowerCase()} is this.`);
  }
  return z.object(shape);
}

export function toRecord(spec: RegisterSpec, row: Record<string, unknown>) {
  const out: Record<string, unknown> = {
    id: row.id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  for (const [name, f] of Object.entries(spec.fields)) out[name] = fromColumn(f, row[snake(name)]);
  return out;
}

const encode = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
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
 * One page of a register: filtered, searched, sorted by (sort key, id) and paged by keyset,
 * so the cost follows the page size, not the register's size.
 */
export async function listRecords(
  db: Kysely<DB>,
  dialect: Dialect,
  spec: RegisterSpec,
  orgId: string,
  query: Record<string, unknown>,
) {
  const limit = query.limit as number;
  const sortArg = (query.sort as string | undefined) ?? spec.defaultSort;
  const desc = sortArg.startsWith('-');
  const sortField = desc ? sortArg.slice(1) : sortArg;
  const column = snake(sortField);
  const key = sortKey(dialect, column);
  // The sort key comes back from the database, so the cursor holds exactly what SQL compares.
  let q = (db as any)
    .selectFrom(spec.key)
    .selectAll()
    .select(key.as('_sort_key'))
    .where('org_id', '=', orgId);
  for (const [name, f] of Object.entries(spec.fields)) {
    const v = query[name];
    if (!f.filter || v === undefined) continue;
    q = q.where(snake(name), '=', f.kind === 'bool' ? (v === 'true' ? 1 : 0) : v);
  }
  const text = typeof query.q === 'string' ? query.q.trim().toLowerCase() : '';
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cols = Object.entries(spec.fields)
      .filter(([, f]) => f.search)
      .map(([n]) => snake(n));
    q = q.where((eb: any) =>
      eb.or(
        cols.map((c) => sql<boolean>`lower(coalesce(${sql.ref(c)}, '')) like ${like} escape '\\'`),
      ),
    );
  }
  if (typeof query.cursor === 'string') {
    const [s, v, id] = decode(query.cursor);
    if (s !== sortArg)
      throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [
        { pointer: '/query/cursor', message: 'Sort changed.' },
      ]);
    const op = desc ? sql`<` : sql`>`;
    q = q.where(
      sql<boolean>`(${key} ${op} ${v} or (${key} = ${v} and ${sql.ref('id')} ${op} ${id}))`,
    );
  }
  const dir = desc ? sql`desc` : sql`asc`;
  q = q
    .orderBy(sql`${key} ${dir}`)
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(limit + 1);
  const rows = (await q.execute()) as Record<string, unknown>[];
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const lastKey = last ? String(last._sort_key) : '';
  return {
    items: items.map((r) => toRecord(spec, r)),
    nextCursor: more && last ? encode([sortArg, lastKey, String(last.id)]) : null,
  };
}
