import type { Kysely } from 'kysely';
import type { DB, LedgeredTable } from '../db/schema.js';
import type { Tx } from './commands.js';
import type { OrgAccess } from './context.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { isPlainValue, statementFamily } from '../db/statements.js';

/** The columns every organization record has. */
export interface RecordBase {
  id: string;
  org_id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The ledgered tables whose rows are organization records (every one but `orgs`). */
export type RecordTable = {
  [K in LedgeredTable]: DB[K] extends RecordBase ? K : never;
}[LedgeredTable];

/**
 * A row of a record table. The same type as `DB[T]` for a named table; code generic over the
 * table (the register engine) sees its common columns through the `RecordBase` half.
 */
export type RecordRow<T extends RecordTable> = DB[T] & RecordBase;

/** What a new record of a table needs: everything but the common columns. */
export type RecordValues<T extends RecordTable> = Omit<DB[T], keyof RecordBase>;
/** What an edit of a record may change. */
export type RecordChanges<T extends RecordTable> = Partial<RecordValues<T>>;

/**
 * The helpers below work on any record table. Kysely cannot follow a table name that is a type
 * parameter, so they address the tables through this one widened view; their signatures stay
 * exact for callers.
 */
type AnyRecords = Kysely<Record<string, RecordBase & Record<string, unknown>>>;
const records = (db: Kysely<DB>) => db as unknown as AnyRecords;

/** The columns of a row that go into a statement (Kysely leaves out those that are undefined). */
const columnsOf = (row: Record<string, unknown>) =>
  Object.keys(row).filter((k) => row[k] !== undefined);
const allPlain = (row: Record<string, unknown>, columns: readonly string[]) =>
  columns.every((c) => isPlainValue(row[c]));

// The statements of the record helpers, compiled once per database and shape (table, columns).
const insertRow = statementFamily(
  (s: { table: string; columns: readonly string[] }) => `${s.table}\u0000${s.columns.join(',')}`,
  (s) => s.columns,
  (db, s, p) =>
    records(db)
      .insertInto(s.table)
      .values(Object.fromEntries(s.columns.map((c) => [c, p[c]])) as never),
);
/** Parameter names of the key columns: apart from the set columns, whatever they are called. */
const KEY_ORG = '\u0001org';
const KEY_ID = '\u0001id';
const updateRow = statementFamily(
  (s: { table: string; columns: readonly string[] }) => `${s.table}\u0000${s.columns.join(',')}`,
  (s) => [...s.columns, KEY_ORG, KEY_ID],
  (db, s, p) =>
    records(db)
      .updateTable(s.table)
      .set(Object.fromEntries(s.columns.map((c) => [c, p[c]])))
      .where('org_id', '=', p[KEY_ORG]!)
      .where('id', '=', p[KEY_ID]!),
);
const deleteRow = statementFamily(
  (table: string) => table,
  () => [KEY_ORG, KEY_ID],
  (db, table, p) =>
    records(db).deleteFrom(table).where('org_id', '=', p[KEY_ORG]!).where('id', '=', p[KEY_ID]!),
);
const findRow = statementFamily(
  (table: string) => table,
  () => [KEY_ORG, KEY_ID],
  (db, table, p) =>
    records(db)
      .selectFrom(table)
      .selectAll()
      .where('org_id', '=', p[KEY_ORG]!)
      .where('id', '=', p[KEY_ID]!),
);

/** The caller's membership id in the organization, or null for the host operator. */
export async function memberIdOf(tx: Tx, access: OrgAccess): Promise<string | null> {
  const a = tx.ctx.actor;
  if (!a || a.kind !== 'user') return null;
  const m = await tx.db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', access.orgId)
    .where('user_id', '=', a.userId)
    .executeTakeFirst();
  return m?.id ?? null;
}

/** Four-eyes rule: whoever approves may not be who wrote it. */
export function assertNotAuthor(author: string | null, approver: string | null, what: string) {
  if (approver === null)
    throw new AppError('FORBIDDEN', `Approving a ${what} needs a member of the organization.`);
  if (author === approver) {
    throw new AppError(
      'SELF_APPROVAL',
      `The author of this ${what} may not approve it; another manager or owner must.`,
    );
  }
}

/** Inserts a record row (common columns filled) and records it for the ledger. */
export async function insertRecord<T extends RecordTable>(
  tx: Tx,
  orgId: string,
  table: T,
  values: RecordValues<T>,
): Promise<RecordRow<T>> {
  const base: RecordBase = {
    id: newId(),
    org_id: orgId,
    version: 1,
    created_at: tx.now,
    updated_at: tx.now,
  };
  const row = { ...base, ...values };
  const fields = row as Record<string, unknown>;
  const columns = columnsOf(fields);
  if (allPlain(fields, columns)) await insertRow(tx.db, { table, columns }, fields);
  else
    await records(tx.db)
      .insertInto(table as string)
      .values(row)
      .execute();
  // After the insert: a record's systems may be read through itself (an incident's system links).
  await tx.checkScope?.(table, row);
  tx.record(orgId, table, base.id, row);
  return row as RecordRow<T>;
}

/** Updates a record row (version and updated_at bumped) and records its new state. */
export async function updateRecord<T extends RecordTable>(
  tx: Tx,
  orgId: string,
  table: T,
  current: RecordRow<T>,
  changes: RecordChanges<T>,
): Promise<RecordRow<T>> {
  const set = { ...changes, version: current.version + 1, updated_at: tx.now };
  await tx.checkScope?.(table, current);
  const columns = columnsOf(set);
  if (columns.length > 0 && allPlain(set, columns))
    await updateRow(tx.db, { table, columns }, { ...set, [KEY_ORG]: orgId, [KEY_ID]: current.id });
  else
    await records(tx.db)
      .updateTable(table as string)
      .set(set)
      .where('org_id', '=', orgId)
      .where('id', '=', current.id)
      .execute();
  const next = { ...current, ...set };
  await tx.checkScope?.(table, next);
  tx.record(orgId, table, current.id, next);
  return next as RecordRow<T>;
}

/** Deletes a record row and records its removal. */
export async function deleteRecord<T extends RecordTable>(
  tx: Tx,
  orgId: string,
  table: T,
  id: string,
): Promise<void> {
  if (tx.checkScope) {
    const row = await findRecord(tx.db, table, orgId, id);
    if (row) await tx.checkScope(table, row);
  }
  await deleteRow(tx.db, table, { [KEY_ORG]: orgId, [KEY_ID]: id });
  tx.record(orgId, table, id, null);
}

/** A record of the organization, or undefined. */
export async function findRecord<T extends RecordTable>(
  db: Kysely<DB>,
  table: T,
  orgId: string,
  id: string,
): Promise<RecordRow<T> | undefined> {
  const [row] = await findRow(db, table, { [KEY_ORG]: orgId, [KEY_ID]: id });
  return row as RecordRow<T> | undefined;
}

/** A record of the organization; 404 (naming `what`) when there is none. */
export async function loadRecord<T extends RecordTable>(
  db: Kysely<DB>,
  table: T,
  orgId: string,
  id: string,
  what: string,
): Promise<RecordRow<T>> {
  const row = await findRecord(db, table, orgId, id);
  if (!row) throw new AppError('NOT_FOUND', `No such ${what}.`);
  return row;
}

/** Kept for the call sites that pass a transaction; same as loadRecord(tx.db, …). */
export const loadRow = <T extends RecordTable>(
  tx: Tx,
  table: T,
  orgId: string,
  id: string,
  what: string,
) => loadRecord(tx.db, table, orgId, id, what);

/** Today's date (UTC) plus some months, as YYYY-MM-DD. */
export function addMonths(isoNow: string, months: number): string {
  const d = new Date(isoNow);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The calendar day (UTC) of a moment, as YYYY-MM-DD: what due dates and expiries compare with. */
export const today = (d: Date) => d.toISOString().slice(0, 10);
