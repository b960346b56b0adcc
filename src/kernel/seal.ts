import type { Kysely } from 'kysely';
import {
  isRetryable,
  lockLedgerHead,
  lockLedgerHeads,
  type Database,
  type HeadRow,
} from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { checkLink, GENESIS_HASH, type StoredEvent } from './chain.js';
import { AppError } from './errors.js';
import { HeadLogError, type LogEntry } from './head-log.js';
import type { KeyStore } from './keys.js';
import { readEvents } from './ledger-statements.js';

/** Why a chain may not be signed over: a code as `aims ledger verify` names it. */
export interface ChainProblem {
  code: string;
  message: string;
  seq: number | null;
}

const WALK_BATCH = 10_000;

const problem = (code: string, message: string, seq: number | null = null): ChainProblem => ({
  code,
  message,
  seq,
});

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
 * The organization's head log's last line, or the problem that keeps it from being used (an
 * unreadable line, a bad signature).
 */
function lastSigned(keys: KeyStore, orgId: string): LogEntry | null | ChainProblem {
  let last: LogEntry | null;
  try {
    last = keys.heads.last(orgId);
  } catch (e) {
    if (e instanceof HeadLogError) return problem(e.code, e.message);
    throw e;
  }
  if (last && !keys.heads.isSigned(last))
    return problem(
      'HEAD_SIGNATURE',
      `the last signed head (event ${last.head.seq}) has a bad signature`,
      last.head.seq,
    );
  return last;
}

const isProblem = (v: unknown): v is ChainProblem =>
  !!v && typeof v === 'object' && 'code' in v && 'message' in v;

/**
 * Whether the stored chain still passes through the last signed head, so that a new head may be
 * signed over it: the event at the last signed seq has the signed hash; the events from there to
 * the head row link and hash correctly and end at the head row; the head row is signed when it
 * is ahead of the log (events appended by someone without the key are not); nothing follows it;
 * the last checkpoint is signed and not beyond the head. A chain this process computed itself
 * (`keys.trusted`) is not read back, but the event at the last signed seq always is. Run under
 * the organization's ledger head lock.
 */
export async function checkStoredChain(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  head: HeadRow | undefined,
): Promise<ChainProblem | null> {
  const last = lastSigned(keys, orgId);
  if (isProblem(last)) return last;
  if (!head) {
    if (!last) return null;
    return problem(
      'TRUNCATED',
      `the database holds no chain, but a head signed at event ${last.head.seq} exists`,
      1,
    );
  }
  if (!keys.hasKey(orgId))
    return problem('KEY_MISSING', 'no signing key for this organization in the keys folder');
  const signedSeq = last?.head.seq ?? 0;
  if (signedSeq > head.seq)
    return problem(
      'TRUNCATED',
      `a head signed at event ${signedSeq} exists, but the chain ends at ${head.seq}`,
      head.seq + 1,
    );
  const trusted = keys.trusted.get(orgId) === `${head.seq}:${head.hash}`;
  const read = (from: number, to: number) =>
    readEvents(db, { orgId, from, to }) as Promise<StoredEvent[]>;

  if (last) {
    const [at] = await read(signedSeq, signedSeq);
    if (!at)
      return problem(
        'TRUNCATED',
        `event ${signedSeq}, which a signed head covers, is missing`,
        signedSeq,
      );
    if (at.hash !== last.head.hash)
      return problem(
        'HEAD_FILE_MISMATCH',
        `event ${signedSeq} differs from the signed head`,
        signedSeq,
      );
  }
  if (trusted) return null;

  // The part of the chain no signed head covers yet: appended by another process (or by this one
  // before a crash), or by someone without the key.
  let prev = last?.head.hash ?? GENESIS_HASH;
  let expected = signedSeq + 1;
  for (let from = expected; from <= head.seq + 1; from += WALK_BATCH) {
    const rows = await read(from, Math.min(from + WALK_BATCH - 1, head.seq + 1));
    for (const row of rows) {
      if (row.seq > head.seq)
        return problem(
          'UNSIGNED_EVENTS',
          `event ${row.seq} follows the head row: nothing signed it`,
          row.seq,
        );
      const r = checkLink(row, orgId, expected, prev);
      if ('code' in r) return problem(r.code, r.message, expected);
      prev = row.hash;
      expected++;
    }
  }
  if (expected - 1 !== head.seq || prev !== head.hash)
    return problem('HEAD_MISMATCH', `the head row differs from event ${expected - 1}`, expected);
  if (head.seq > signedSeq) {
    const signed =
      head.signature !== null &&
      head.signed_at !== null &&
      keys.verifyHead({
        org_id: orgId,
        seq: head.seq,
        hash: head.hash,
        signed_at: head.signed_at,
        signature: head.signature,
      });
    if (!signed)
      return problem(
        'UNSIGNED_EVENTS',
        `events ${signedSeq + 1}–${head.seq} come after the last signed head and the head row is not signed: nothing vouches for them`,
        signedSeq + 1,
      );
  }
  const cp = await db
    .selectFrom('ledger_checkpoints')
    .select(['seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', orgId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (cp) {
    if (!keys.verifyHead({ org_id: orgId, ...cp }))
      return problem(
        'CHECKPOINT_SIGNATURE',
        `the checkpoint at event ${cp.seq} has a bad signature`,
        cp.seq,
      );
    if (cp.seq > head.seq)
      return problem(
        'TRUNCATED',
        `a signed checkpoint covers event ${cp.seq}, but the chain ends at ${head.seq}`,
        head.seq + 1,
      );
  }
  keys.trusted.set(orgId, `${head.seq}:${head.hash}`);
  return null;
}

/**
 * Before events are appended (inside the appending transaction, the head row locked): refuses
 * when the organization is in alarm, or when the stored chain no longer passes through what was
 * signed, and then raises the alarm. Nothing is written in either case.
 */
export async function assertChainSound(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  head: HeadRow | undefined,
) {
  refuseIfAlarmed(keys, orgId);
  const p = await checkStoredChain(db, keys, orgId, head);
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
 * transaction is retried: what was appended is not appended again.
 */
export async function sealCommitted(
  database: Database,
  keys: KeyStore,
  heads: Map<string, { seq: number; hash: string; signedAt: string }>,
): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  if (heads.size === 0) return failed;
  const orgIds = [...heads.keys()].sort();
  const appended = new Set<string>();
  for (let tries = 0; ; tries++) {
    try {
      await database.db.transaction().execute(async (trx) => {
        await lockLedgerHeads(trx, database.dialect, orgIds);
        for (const orgId of orgIds) {
          if (appended.has(orgId) || failed.has(orgId)) continue;
          try {
            sealOne(keys, orgId, heads.get(orgId)!);
            appended.add(orgId);
          } catch (e) {
            failed.set(orgId, e);
          }
        }
      });
      return failed;
    } catch (e) {
      if (isRetryable(e) && tries < 10) continue;
      for (const orgId of orgIds)
        if (!appended.has(orgId) && !failed.has(orgId)) failed.set(orgId, e);
      return failed;
    }
  }
}

/** Appends one organization's committed head to its log, under its ledger head lock. */
function sealOne(
  keys: KeyStore,
  orgId: string,
  h: { seq: number; hash: string; signedAt: string },
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
  keys.heads.append(orgId, h.seq, h.hash, h.signedAt);
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
