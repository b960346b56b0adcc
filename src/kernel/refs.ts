import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Tx } from './commands.js';

/**
 * Readable identifiers per organization and kind of record: R-0042, INC-0007, F-0003, NC-0012
 * (at least four digits; R-10000 follows R-9999). A number is given inside the command's
 * transaction, which holds the organization's ledger lock, from a counter row that only grows,
 * so concurrent writers get distinct consecutive numbers and a deleted record's number is never
 * given again. The ref is a ledgered column of the record: its create event carries it, and
 * replay, as-of reads and the audit pack reproduce it.
 */
export const REF_PREFIXES = {
  risks: 'R',
  incidents: 'INC',
  audit_findings: 'F',
  nonconformities: 'NC',
} as const;
export type RefTable = keyof typeof REF_PREFIXES;

export const formatRef = (table: RefTable, n: number) =>
  `${REF_PREFIXES[table]}-${String(n).padStart(4, '0')}`;

/**
 * The ref a search text names, in its stored form ("r-42" → "R-0042"), or null when the text is
 * not a ref of this kind.
 */
export function refOf(table: RefTable, text: string): string | null {
  const m = new RegExp(`^\\s*${REF_PREFIXES[table]}-?(\\d{1,9})\\s*$`, 'i').exec(text);
  return m ? formatRef(table, Number(m[1])) : null;
}

interface RefRow {
  id: string;
  org_id: string;
  version: number;
  number?: number;
  ref: string | null;
  created_at: string;
  updated_at: string;
}
/** The four tables through one widened view (Kysely cannot follow a table name in a variable). */
type AnyRefTables = Kysely<Record<string, RefRow>>;

/**
 * Gives refs to the organization's records of a kind that have none (written before the refs
 * existed), in creation order (a nonconformity keeps its number), as ledger events of the
 * running command; returns the last number given. Not a change the caller makes, so the
 * caller's system scope is not asked: every record gets its ref, whoever creates the next one.
 */
async function backfill(tx: Tx, orgId: string, table: RefTable): Promise<number> {
  const db = tx.db as unknown as AnyRefTables;
  let q = db.selectFrom(table).selectAll().where('org_id', '=', orgId).where('ref', 'is', null);
  q = table === 'nonconformities' ? q.orderBy('number') : q.orderBy('created_at').orderBy('id');
  const rows = await q.execute();
  let last = 0;
  for (const row of rows) {
    last = table === 'nonconformities' ? Number(row.number) : last + 1;
    const set = { ref: formatRef(table, last), version: row.version + 1, updated_at: tx.now };
    await db
      .updateTable(table)
      .set(set)
      .where('org_id', '=', orgId)
      .where('id', '=', row.id)
      .execute();
    tx.record(orgId, table, row.id, { ...row, ...set });
  }
  return last;
}

/** The next number and ref of a kind in the organization, inside the command's transaction. */
export async function nextRef(
  tx: Tx,
  orgId: string,
  table: RefTable,
): Promise<{ number: number; ref: string }> {
  const current = await lastRefNumber(tx.db, orgId, table);
  const start = current ?? (await backfill(tx, orgId, table));
  // An upsert that only ever adds one: safe even for a writer that did not hold the ledger lock.
  const row = await tx.db
    .insertInto('ref_counters')
    .values({ org_id: orgId, kind: table, last: start + 1 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'kind']).doUpdateSet({ last: sql<number>`ref_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  const n = Number(row.last);
  return { number: n, ref: formatRef(table, n) };
}

/** The last number given of a kind in the organization; undefined before the first. */
async function lastRefNumber(
  db: Kysely<DB>,
  orgId: string,
  table: RefTable,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('ref_counters')
    .select('last')
    .where('org_id', '=', orgId)
    .where('kind', '=', table)
    .executeTakeFirst();
  return row ? Number(row.last) : undefined;
}

/**
 * Path parameters that name a record of a kind with refs, per kind: wherever one is in a route's
 * path, it accepts the record's readable id as well as its id (src/api/route.ts widens its schema
 * and resolves the ref in the organization of the path before the handler runs).
 */
export const REF_PARAMS: Readonly<Record<string, RefTable>> = {
  riskId: 'risks',
  incidentId: 'incidents',
  findingId: 'audit_findings',
  nonconformityId: 'nonconformities',
};

/** The words a kind's readable id is named with in answers ("risk R-0042"). */
const REF_WORDS: Record<RefTable, string> = {
  risks: 'risk',
  incidents: 'incident',
  audit_findings: 'audit finding',
  nonconformities: 'nonconformity',
};
export const refWord = (table: RefTable) => REF_WORDS[table];

/**
 * A pattern of the ref forms a path accepts, without flags (it goes into the OpenAPI document):
 * the prefix in any case, the dash optional, one to nine digits (R-0042, r-42, R42).
 */
export function refPathPattern(table: RefTable): string {
  const prefix = [...REF_PREFIXES[table]]
    .map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`)
    .join('');
  return `${prefix}-?[0-9]{1,9}`;
}

/** The id of the organization's record with this ref (stored form), or undefined. */
export async function idOfRef(
  db: Kysely<DB>,
  orgId: string,
  table: RefTable,
  ref: string,
): Promise<string | undefined> {
  const row = await (db as unknown as AnyRefTables)
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('ref', '=', ref)
    .executeTakeFirst();
  return row?.id;
}
