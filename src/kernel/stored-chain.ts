// The check that the chain the database holds still passes through the last signed head, run
// before anything new is signed over it; and the last signed head itself, as far as it can be used.
import type { Kysely } from 'kysely';
import type { Dialect, HeadRow } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { checkLink, GENESIS_HASH, type StoredEvent } from './chain.js';
import { HeadLogError, type LogEntry } from './head-log.js';
import type { KeyStore } from './keys.js';
import {
  lockHeadWithEvent,
  readEvents,
  readHeadWithEvent,
  tryLockHeadWithEvent,
} from './ledger-statements.js';

/** Why a chain may not be signed over: a code as `aims ledger verify` names it. */
export interface ChainProblem {
  code: string;
  message: string;
  seq: number | null;
}

const WALK_BATCH = 10_000;
export const problem = (
  code: string,
  message: string,
  seq: number | null = null,
): ChainProblem => ({
  code,
  message,
  seq,
});
/**
 * The organization's head log's last line, or the problem that keeps it from being used (an
 * unreadable line, a bad signature).
 */
export function lastSigned(keys: KeyStore, orgId: string): LogEntry | null | ChainProblem {
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
export const isProblem = (v: unknown): v is ChainProblem =>
  !!v && typeof v === 'object' && 'code' in v && 'message' in v;

/** The stored event at a seq, as read with the head row (undefined: no such event). */
export interface EventAt {
  seq: number;
  event: StoredEvent | undefined;
}

/**
 * Locks the organization's head row for the rest of the transaction and returns it, with the
 * stored event at the seq the head log's last line had when this process last read or wrote it,
 * in one statement: `checkStoredChain` then needs no read of its own when that line is still the
 * last one under the lock (it reads the log again there, and reads the event itself otherwise).
 */
export async function lockHeadForCheck(
  db: Kysely<DB>,
  dialect: Dialect,
  keys: KeyStore,
  orgId: string,
): Promise<{ head: HeadRow | undefined; at: EventAt }> {
  const seq = keys.heads.lastSeqSeen(orgId);
  const [row] = await (dialect === 'sqlite' ? readHeadWithEvent : lockHeadWithEvent)(db, {
    orgId,
    at: seq,
  });
  return headAndEvent(row, seq);
}

/**
 * `lockHeadForCheck` without waiting: null when another transaction holds the head row locked
 * (on PostgreSQL), or when the organization has no head row yet (both read as no row).
 */
export async function tryLockHeadForCheck(
  db: Kysely<DB>,
  dialect: Dialect,
  keys: KeyStore,
  orgId: string,
): Promise<{ head: HeadRow | undefined; at: EventAt } | null> {
  const seq = keys.heads.lastSeqSeen(orgId);
  const [row] = await (dialect === 'sqlite' ? readHeadWithEvent : tryLockHeadWithEvent)(db, {
    orgId,
    at: seq,
  });
  return row ? headAndEvent(row, seq) : null;
}

type HeadWithEvent = Awaited<ReturnType<typeof lockHeadWithEvent>>[number];

function headAndEvent(
  row: HeadWithEvent | undefined,
  seq: number,
): { head: HeadRow | undefined; at: EventAt } {
  if (!row) return { head: undefined, at: { seq, event: undefined } };
  const head = { seq: row.seq, hash: row.hash, signed_at: row.signed_at, signature: row.signature };
  const event =
    row.at_seq === null
      ? undefined
      : {
          seq: row.at_seq,
          entity: row.at_entity!,
          entity_id: row.at_entity_id!,
          body: row.at_body!,
          hash: row.at_hash!,
        };
  return { head, at: { seq, event } };
}

/**
 * Whether the stored chain still passes through the last signed head, so that a new head may be
 * signed over it: the event at the last signed seq has the signed hash; the events from there to
 * the head row link and hash correctly and end at the head row; the head row is signed when it
 * is ahead of the log (events appended by someone without the key are not); nothing follows it;
 * the last checkpoint is signed and not beyond the head. A chain this process computed itself
 * (`keys.trusted`) is not read back, but the event at the last signed seq always is: from `at`
 * when it was read with the locked head row at that seq (`lockHeadForCheck`), else here. Run
 * under the organization's ledger head lock.
 */
export async function checkStoredChain(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  head: HeadRow | undefined,
  at?: EventAt,
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
    const [event] = at?.seq === signedSeq ? [at.event] : await read(signedSeq, signedSeq);
    if (!event)
      return problem(
        'TRUNCATED',
        `event ${signedSeq}, which a signed head covers, is missing`,
        signedSeq,
      );
    if (event.hash !== last.head.hash)
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
