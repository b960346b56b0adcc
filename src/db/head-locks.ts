import { sql } from 'kysely';
import { UUID_RE } from '../kernel/ids.js';
import { lockLedgerHeads, type Database } from './connect.js';

/**
 * Runs `work` in a short transaction that holds the ledger head row lock of every organization
 * given (PostgreSQL: the rows locked in the order of their ids, so two such transactions never
 * wait for each other in a cycle), and commits it. `work` does no database work of its own.
 *
 * On PostgreSQL the transaction costs two round trips, not three: `begin` and the lock go in one
 * message (the simple query protocol, which takes several statements but no parameters; the ids
 * are put in as literals, each checked first to be an id as `newId` makes them), `commit` in a
 * second. Same lock, same order, same transaction as `begin`, the locking select and `commit`
 * sent one by one. A failure (a deadlock: 40P01) rolls the transaction back before the error is
 * thrown.
 */
export async function withHeadsLocked<T>(
  database: Database,
  orgIds: readonly string[],
  work: () => T | Promise<T>,
): Promise<T> {
  const ids = [...orgIds].sort();
  const begin = database.dialect === 'postgres' ? beginLocking(ids) : null;
  if (begin === null)
    return database.db.transaction().execute(async (trx) => {
      await lockLedgerHeads(trx, database.dialect, ids);
      return work();
    });
  return database.db.connection().execute(async (conn) => {
    let value: T;
    try {
      await sql.raw(begin).execute(conn);
      value = await work();
      await sql.raw('commit').execute(conn);
    } catch (e) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
      throw e;
    }
    return value;
  });
}

/**
 * PostgreSQL: `begin` and the lock of these organizations' head rows in one text (their ids as
 * literals, each checked first to be an id), or null when one is not an id or there are none.
 */
export function beginLocking(sortedIds: readonly string[]): string | null {
  if (sortedIds.length === 0 || !sortedIds.every((id) => UUID_RE.test(id))) return null;
  const list = sortedIds.map((id) => `'${id}'`).join(', ');
  return `begin; select org_id from ledger_heads where org_id in (${list}) order by org_id for update`;
}

/**
 * A head-log transaction begun ahead of time (src/kernel/group-commit.ts sends its `begin` and
 * lock in the same write as the batch's commit, on the same connection): `run` does what
 * withHeadsLocked does with it, once; `abandon` rolls it back unused. Either lets go of the
 * connection.
 */
export interface HeldLock {
  /** The organizations whose head rows it locks, in the order of their ids. */
  orgIds: readonly string[];
  run<T>(work: () => T | Promise<T>): Promise<T>;
  abandon(): Promise<void>;
}
