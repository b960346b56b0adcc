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
