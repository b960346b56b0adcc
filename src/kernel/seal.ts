// Sealing the ledger: refusing writes while an organization is in alarm, and appending the heads
// of committed chains to the signed head logs (after commit, after a crash, at start-up).
import type { Kysely } from 'kysely';
import { isRetryable, lockLedgerHead, type Database, type HeadRow } from '../db/connect.js';
import { withHeadsLocked, type HeldLock } from '../db/head-locks.js';
import type { DB } from '../db/schema.js';
import { AppError } from './errors.js';
import type { KeyStore } from './keys.js';
import {
  checkStoredChain,
  isProblem,
  lastSigned,
  problem,
  type ChainProblem,
  type EventAt,
} from './stored-chain.js';

export { checkStoredChain, type ChainProblem } from './stored-chain.js';

/** The answer to a write the ledger cannot vouch for. */
export const ledgerAlarmError = (detail?: string) =>
  new AppError(
    'LEDGER_ALARM',
    detail ??
      'The ledger of this organization is in alarm: nothing new can be signed for it, so changes are refused. Reads still work; the operator must run `aims ledger verify`.',
  );

/** Throws LEDGER_ALARM when the organization's ledger is in alarm in this process. */
export function refuseIfAlarmed(keys: KeyStore, orgId: string) {
  if (keys.alarms.of(orgId)) throw ledgerAlarmError();
}

/** Raises the alarm for a problem and returns the error to answer with. */
function alarm(keys: KeyStore, orgId: string, p: ChainProblem) {
  keys.alarms.raise(orgId, p.code, p.message);
  return ledgerAlarmError();
}

/**
 * Before events are appended (inside the appending transaction, the head row locked): refuses
 * when the organization is in alarm, or when the stored chain no longer passes through what was
 * signed, and then raises the alarm. Nothing is written in either case. `at`: the event read with
 * the locked head row (`lockHeadForCheck`).
 */
export async function assertChainSound(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  head: HeadRow | undefined,
  at?: EventAt,
) {
  refuseIfAlarmed(keys, orgId);
  const p = await checkStoredChain(db, keys, orgId, head, at);
  if (p) throw alarm(keys, orgId, p);
}

/**
 * After commit: appends the heads this process just committed to their logs, in one short
 * transaction that holds the ledger head lock of every organization among them (taken in the
 * order of their ids), so two processes never link to the same line. A head the log already
 * covers (another process appended a later one) is not appended again. The chain up to each head
 * was checked before it was appended, and the rest is this process's own, so nothing is read
 * back. Returns the error of each organization whose head could not be appended (a failure of
 * the database: every organization not yet appended). A deadlock with another process's
 * transaction is retried: what was appended is not appended again. `held`: that transaction,
 * already begun by the group commit (HeldLock); it serves the first try when it locks exactly
 * these organizations, and is rolled back otherwise.
 */
export async function sealCommitted(
  database: Database,
  keys: KeyStore,
  heads: Map<string, { seq: number; hash: string; signedAt: string }>,
  held?: HeldLock,
): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  const orgIds = [...heads.keys()].sort();
  // A lock taken ahead of time serves the first try if it covers exactly these organizations.
  let ahead = held && sameIds(held.orgIds, orgIds) ? held : undefined;
  if (held && !ahead) await held.abandon();
  if (heads.size === 0) return failed;
  const appended = new Set<string>();
  for (let tries = 0; ; tries++) {
    const lock = ahead;
    ahead = undefined;
    try {
      // Several organizations' lines are signed side by side in the thread pool; one alone in
      // line (as for the head rows, src/kernel/ledger.ts).
      const inPool = orgIds.length > 1;
      const locked = <T>(work: () => Promise<T>) =>
        lock ? lock.run(work) : withHeadsLocked(database, orgIds, work);
      await locked(() =>
        Promise.all(
          orgIds.map(async (orgId) => {
            if (appended.has(orgId) || failed.has(orgId)) return;
            try {
              await sealOne(keys, orgId, heads.get(orgId)!, inPool);
              appended.add(orgId);
            } catch (e) {
              failed.set(orgId, e);
            }
          }),
        ),
      );
      return failed;
    } catch (e) {
      if (isRetryable(e) && tries < 10) continue;
      for (const orgId of orgIds)
        if (!appended.has(orgId) && !failed.has(orgId)) failed.set(orgId, e);
      return failed;
    }
  }
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** Appends one organization's committed head to its log, under its ledger head lock. */
async function sealOne(
  keys: KeyStore,
  orgId: string,
  h: { seq: number; hash: string; signedAt: string },
  inPool: boolean,
) {
  const last = lastSigned(keys, orgId);
  if (isProblem(last)) throw alarm(keys, orgId, last);
  if (last && last.head.seq >= h.seq) {
    if (last.head.seq === h.seq && last.head.hash !== h.hash)
      throw alarm(
        keys,
        orgId,
        problem('HEAD_FILE_MISMATCH', `the head log signed another hash for event ${h.seq}`, h.seq),
      );
    return;
  }
  if (inPool) await keys.heads.appendInPool(orgId, h.seq, h.hash, h.signedAt);
  else keys.heads.append(orgId, h.seq, h.hash, h.signedAt);
}

/**
 * Signs the chain the database holds, once it checks out through the last signed head: after a
 * crash between a commit and its head's append, at start-up and before verification. Returns the
 * problem that keeps it from signing, or null (signed, or nothing to sign).
 */
export async function sealStored(
  database: Database,
  keys: KeyStore,
  orgId: string,
  now: Date,
): Promise<ChainProblem | null> {
  return database.db.transaction().execute(async (trx) => {
    const head = await lockLedgerHead(trx, database.dialect, orgId);
    const p = await checkStoredChain(trx, keys, orgId, head);
    if (p) return p;
    const last = keys.heads.last(orgId);
    if (head && head.seq > (last?.head.seq ?? 0))
      keys.heads.append(orgId, head.seq, head.hash, now.toISOString());
    return null;
  });
}

/**
 * Start-up: for every organization the database or the data folder knows, removes stray
 * temporary files, carries old head files over, signs what a crash left unsigned (after the
 * check) and raises the alarm for whatever keeps it from signing, or for an organization the
 * data folder knows and the database lost.
 */
export async function recoverLedgers(database: Database, keys: KeyStore, now: Date) {
  keys.cleanTemp();
  const inDb = new Set(
    (await database.db.selectFrom('orgs').select('id').execute()).map((r) => r.id),
  );
  for (const orgId of new Set([...inDb, ...keys.orgIdsOnDisk()])) {
    keys.heads.cleanTemp(orgId);
    if (!inDb.has(orgId)) {
      keys.alarms.raise(orgId, 'ORG_MISSING', orgMissingMessage);
      continue;
    }
    const p = await sealStored(database, keys, orgId, now);
    if (p) keys.alarms.raise(orgId, p.code, p.message);
  }
}

export const orgMissingMessage =
  'the data folder holds a signing key or signed heads for this organization, but the database has no such organization';
