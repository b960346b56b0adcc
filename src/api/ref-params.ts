import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { UUID_RE } from '../kernel/ids.js';
import { notFound } from '../kernel/errors.js';
import {
  formatRef,
  idOfRef,
  refOf,
  refPathPattern,
  refWord,
  REF_PARAMS,
  type RefTable,
} from '../kernel/refs.js';

/*
 * Readable ids in paths (R-0042 beside the record's id): a path parameter named in REF_PARAMS
 * accepts either, in every route that has it, reads and writes alike. Its schema is widened where
 * the route is defined (so the OpenAPI document says so), and the ref is turned into the record's
 * id in the organization of the path, after that organization is resolved and before the handler
 * runs: handlers and commands only ever see ids. A ref with no record answers 404 like an unknown
 * id; anything that is neither answers the 400 a malformed id does.
 */

const idOrRef = (table: RefTable) =>
  z
    .string()
    .regex(
      new RegExp(`^(?:${UUID_RE.source.slice(1, -1)}|${refPathPattern(table)})$`),
      `Must be an id or a readable id such as ${formatRef(table, 42)}.`,
    )
    .describe(
      `The ${refWord(table)}'s id, or its readable id in the organization (${formatRef(table, 42)}; ` +
        'the prefix in any case, the dash and leading zeros optional).',
    );

/** The path parameters of a params schema that accept refs, with their kind. */
export function refParamsOf(params: z.ZodType | undefined): [string, RefTable][] {
  if (!(params instanceof z.ZodObject)) return [];
  return Object.keys(params.shape as object).flatMap((k) =>
    REF_PARAMS[k] ? [[k, REF_PARAMS[k]] as [string, RefTable]] : [],
  );
}

/** The params schema with each ref-accepting parameter widened to take an id or a ref. */
export function widenRefParams<P extends z.ZodType | undefined>(params: P): P {
  const found = refParamsOf(params);
  if (found.length === 0) return params;
  const shape = Object.fromEntries(found.map(([k, table]) => [k, idOrRef(table)]));
  return (params as unknown as z.ZodObject).extend(shape) as unknown as P;
}

/** The parsed params with each ref replaced by its record's id in the organization (404 if none). */
export async function resolveRefParams<P>(
  db: Kysely<DB>,
  orgId: string,
  params: P,
  found: [string, RefTable][],
  fallback?: Kysely<DB>,
): Promise<P> {
  let out = params;
  for (const [k, table] of found) {
    const value = (params as Record<string, unknown>)[k];
    if (typeof value !== 'string' || UUID_RE.test(value)) continue;
    const ref = refOf(table, value);
    const id =
      ref &&
      ((await idOfRef(db, orgId, table, ref)) ??
        (fallback ? await idOfRef(fallback, orgId, table, ref) : undefined));
    if (!id) throw notFound(refWord(table));
    out = { ...out, [k]: id };
  }
  return out;
}
