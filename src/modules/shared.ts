import type { Tx } from '../kernel/commands.js';
import type { OrgAccess } from '../kernel/context.js';
import { AppError } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';

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
export function assertNotAuthor(author: unknown, approver: string | null, what: string) {
  if (approver === null)
    throw new AppError(403, 'FORBIDDEN', `Approving a ${what} needs a member of the organization.`);
  if (author === approver) {
    throw new AppError(
      422,
      'SELF_APPROVAL',
      `The author of this ${what} may not approve it; another manager or owner must.`,
    );
  }
}

/** Inserts a record row (common columns filled) and records it for the ledger. */
export async function insertRecord(
  tx: Tx,
  orgId: string,
  table: string,
  values: Record<string, unknown>,
) {
  const row = {
    id: newId(),
    org_id: orgId,
    version: 1,
    created_at: tx.now,
    updated_at: tx.now,
    ...values,
  };
  await (tx.db as any).insertInto(table).values(row).execute();
  tx.record(orgId, table, row.id, row);
  return row as Record<string, unknown> & { id: string; version: number };
}

/** Updates a record row (version and updated_at bumped) and records its new state. */
export async function updateRecord<
  R extends Record<string, unknown> & { id: string; version: number },
>(tx: Tx, orgId: string, table: string, current: R, changes: Record<string, unknown>): Promise<R> {
  const set = { ...changes, version: current.version + 1, updated_at: tx.now };
  await (tx.db as any)
    .updateTable(table)
    .set(set)
    .where('org_id', '=', orgId)
    .where('id', '=', current.id)
    .execute();
  const next = { ...current, ...set } as R;
  tx.record(orgId, table, current.id, next);
  return next;
}

export async function loadRow(tx: Tx, table: string, orgId: string, id: string, what: string) {
  const row = await (tx.db as any)
    .selectFrom(table)
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'NOT_FOUND', `No such ${what}.`);
  return row as Record<string, any> & { id: string; version: number };
}

/** Today's date (UTC) plus some months, as YYYY-MM-DD. */
export function addMonths(isoNow: string, months: number): string {
  const d = new Date(isoNow);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The calendar day (UTC) of a moment, as YYYY-MM-DD: what due dates and expiries compare with. */
export const today = (d: Date) => d.toISOString().slice(0, 10);
