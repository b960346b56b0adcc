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
  if (database.dialect !== 'postgres' || ids.length === 0 || !ids.every((id) => UUID_RE.test(id)))
    return database.db.transaction().execute(async (trx) => {
      await lockLedgerHeads(trx, database.dialect, ids);
      return work();
    });
  const list = ids.map((id) => `'${id}'`).join(', ');
  const begin = sql.raw(
    `begin; select org_id from ledger_heads where org_id in (${list}) order by org_id for update`,
  );
  return database.db.connection().execute(async (conn) => {
    let value: T;
    try {
      await begin.execute(conn);
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
