import type { Kysely } from 'kysely';
import type { Dialect, HeadRow } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { GENESIS_HASH, linkHash, type LedgerBody } from './chain.js';
import { canonicalize } from './jcs.js';
import type { KeyStore } from './keys.js';
import { assertChainSound } from './seal.js';
import { lockHeadForCheck, tryLockHeadForCheck, type EventAt } from './stored-chain.js';
import {
  type EventRow,
  insertCheckpoint,
  insertEvents,
  insertHead,
  KEPT_EVENT_ROWS,
  updateHead,
  updateHeads,
  type HeadWrite,
} from './ledger-statements.js';

export { GENESIS_HASH, linkHash, type LedgerBody } from './chain.js';
/** A signed checkpoint row is kept each time the chain crosses a multiple of this many events. */
export const CHECKPOINT_INTERVAL = 100;
const INSERT_CHUNK = 1000;

export interface PendingEvent {
  orgId: string;
  entity: string;
  entityId: string;
  version: number | null;
  state: Record<string, unknown> | null;
}

/** A chain's new head after an append: what the head log gets once the transaction commits. */
export interface NewHead {
  seq: number;
  hash: string;
  signedAt: string;
}

/**
 * The chain heads a transaction has moved and not yet written: each organization's head row is
 * written once, signed, just before the transaction commits (`write`), however many commands of
 * a group commit appended to it, so one signature covers the events of every command of the
 * batch. A command later in the same transaction takes its organization's head from here (the
 * row is already locked by this transaction, and the chain up to it was checked or computed
 * here); a command rolled back to its savepoint puts the heads back as they were (`mark`,
 * `restore`).
 */
/**
 * Inserts event rows: up to KEPT_EVENT_ROWS by a kept statement, more in chunks (one statement
 * may carry only so many parameters; SQLite: 32,766).
 */
async function insertEventRows(trx: Kysely<DB>, rows: readonly EventRow[]) {
  if (rows.length <= KEPT_EVENT_ROWS) {
    await insertEvents(trx, rows);
    return;
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await trx
      .insertInto('ledger_events')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
}

export class BatchHeads {
  readonly #heads = new Map<string, { head: HeadRow; existed: boolean; at: string }>();
  /** The locked heads as read at the start of the transaction: undefined when the chain is new. */
  readonly #read = new Map<string, HeadRow | undefined>();
  /** The stored event read with each locked head row, for the chain's check. */
  readonly #at = new Map<string, EventAt>();
  /**
   * Chains checked in this transaction. A check stays good after a savepoint's rollback: what it
   * read is what the rollback returns to.
   */
  readonly #checked = new Set<string>();
  /** Events appended and not inserted yet (`deferEvents`), in the order they were appended. */
  #unwritten: EventRow[] = [];
  /**
   * Whether appended events wait in memory and go in together (`insertDeferred`) instead of one
   * insert per command: set for a batch without savepoints on PostgreSQL, where each insert is a
   * round trip of its own (src/kernel/group-commit.ts says when they must be in).
   */
  deferEvents = false;
  /** Organizations whose head `tryLock` found held by another transaction. */
  readonly #refused = new Set<string>();

  /** `dialect`: the store's, which decides how the head rows are locked and written. */
  constructor(readonly dialect: Dialect) {}

  /** Whether `tryLock` found the organization's head held by another transaction. */
  refused(orgId: string) {
    return this.#refused.has(orgId);
  }

  /** The organization's head as this transaction has it, or null when it has not locked it yet. */
  head(orgId: string): { head: HeadRow | undefined } | null {
    const moved = this.#heads.get(orgId);
    if (moved) return { head: moved.head };
    return this.#read.has(orgId) ? { head: this.#read.get(orgId) } : null;
  }

  /** Whether this transaction checked the organization's stored chain (`assertChainSound`). */
  checked(orgId: string) {
    return this.#checked.has(orgId);
  }

  check(orgId: string) {
    this.#checked.add(orgId);
  }

  /** The head row as read under its lock in this transaction, and the event read with it. */
  locked(orgId: string, { head, at }: { head: HeadRow | undefined; at?: EventAt }) {
    this.#read.set(orgId, head);
    if (at) this.#at.set(orgId, at);
  }

  /** Locks the organization's head row, reading the event the check needs with it. */
  async lock(trx: Kysely<DB>, keys: KeyStore, orgId: string) {
    const read = await lockHeadForCheck(trx, this.dialect, keys, orgId);
    this.locked(orgId, read);
    return read.head;
  }

  /**
   * Locks the organization's head row unless another transaction holds it (or it has none yet):
   * false then, and nothing was locked or read.
   */
  async tryLock(trx: Kysely<DB>, keys: KeyStore, orgId: string): Promise<boolean> {
    const read = await tryLockHeadForCheck(trx, this.dialect, keys, orgId);
    if (!read) {
      this.#refused.add(orgId);
      return false;
    }
    this.locked(orgId, read);
    return true;
  }

  /**
   * Inserts the events still waiting in memory: the organization's, or every one when no
   * organization is given. As `insertEventRows` inserts them.
   */
  async insertDeferred(trx: Kysely<DB>, orgId?: string) {
    if (this.#unwritten.length === 0) return;
    let rows = this.#unwritten;
    if (orgId === undefined) this.#unwritten = [];
    else {
      rows = rows.filter((r) => r.org_id === orgId);
      if (rows.length === 0) return;
      this.#unwritten = this.#unwritten.filter((r) => r.org_id !== orgId);
    }
    await insertEventRows(trx, rows);
  }

  /** The event read with the organization's locked head row, if any. */
  eventAt(orgId: string): EventAt | undefined {
    return this.#at.get(orgId);
  }

  /** Keeps events to insert later (`insertDeferred`). */
  defer(rows: EventRow[]) {
    for (const r of rows) this.#unwritten.push(r);
  }

  moved(orgId: string, head: HeadRow, at: string) {
    const existed = this.#heads.get(orgId)?.existed ?? this.#read.get(orgId) !== undefined;
    this.#heads.set(orgId, { head, existed, at });
  }

  /** The organizations whose heads this transaction moved, in the order of their ids. */
  movedOrgs(): string[] {
    return [...this.#heads.keys()].sort();
  }

  /** What `restore` puts back. */
  mark() {
    return { heads: new Map(this.#heads), read: new Map(this.#read), at: new Map(this.#at) };
  }

  restore(m: ReturnType<BatchHeads['mark']>) {
    this.#heads.clear();
    for (const [k, v] of m.heads) this.#heads.set(k, v);
    this.#read.clear();
    for (const [k, v] of m.read) this.#read.set(k, v);
    this.#at.clear();
    for (const [k, v] of m.at) this.#at.set(k, v);
  }

  /**
   * Writes each moved head row, signed: once per organization, before the commit. On PostgreSQL
   * the rows that existed go by one statement (`updateHeads`).
   */
  async write(trx: Kysely<DB>, keys: KeyStore) {
    const updates: HeadWrite[] = [];
    const moved = [...this.#heads];
    const signatures = await keys.signHeads(
      moved.map(([orgId, { head, at }]) => ({
        orgId,
        seq: head.seq,
        hash: head.hash,
        signedAt: at,
      })),
    );
    for (const [i, [orgId, { head, existed }]] of moved.entries()) {
      const signed = signatures[i]!;
      const row = {
        orgId,
        seq: head.seq,
        hash: head.hash,
        signedAt: signed.signed_at,
        signature: signed.signature,
      };
      if (!existed) await insertHead(trx, row);
      else if (this.dialect === 'postgres') updates.push(row);
      else await updateHead(trx, row);
    }
    if (updates.length > 0) await updateHeads(trx, updates);
    this.#heads.clear();
  }
}

/**
 * Appends events to their organizations' chains inside the caller's transaction. The head row of
 * each chain is locked first, so concurrent writers to one organization queue up and seq has no
 * gaps; then the stored chain must still pass through the last signed head (else LEDGER_ALARM,
 * nothing written). The new head goes to `batch`, which writes the head row, signed, in the same
 * transaction before it commits, so a crash before the head log gets it leaves a head that only
 * the key could have made. Returns the new head of each chain touched, for the head log after
 * commit. A head `batch` already holds (read under its lock, or moved, in this transaction) is
 * not read again, and the chain up to it is not checked again: this transaction checked it when
 * it took the lock, and has held the lock since.
 */
export async function appendEvents(
  trx: Kysely<DB>,
  keys: KeyStore,
  meta: { at: string; actor: string; action: string; requestId: string },
  events: PendingEvent[],
  batch: BatchHeads,
): Promise<Map<string, NewHead>> {
  const heads = new Map<string, NewHead>();
  const byOrg = new Map<string, PendingEvent[]>();
  for (const e of events) {
    const list = byOrg.get(e.orgId);
    if (list) list.push(e);
    else byOrg.set(e.orgId, [e]);
  }
  for (const [orgId, list] of byOrg) {
    const known = batch.head(orgId);
    const current = known ? known.head : await batch.lock(trx, keys, orgId);
    if (!batch.checked(orgId)) {
      await assertChainSound(trx, keys, orgId, current, batch.eventAt(orgId));
      batch.check(orgId);
    }
    // A new chain gets its key; an existing chain whose key is gone was refused above.
    if (!current) keys.keyPair(orgId, { create: true });
    const start = current ?? { seq: 0, hash: GENESIS_HASH };
    let { seq, hash } = start;
    const rows: EventRow[] = [];
    for (const e of list) {
      const body: LedgerBody = {
        org_id: orgId,
        seq: seq + 1,
        at: meta.at,
        actor: meta.actor,
        action: meta.action,
        entity: e.entity,
        entity_id: e.entityId,
        version: e.version,
        state: e.state,
        request_id: meta.requestId,
        prev_hash: hash,
      };
      const text = canonicalize(body);
      seq += 1;
      hash = linkHash(body.prev_hash, text);
      rows.push({ org_id: orgId, seq, entity: e.entity, entity_id: e.entityId, body: text, hash });
    }
    if (batch.deferEvents) batch.defer(rows);
    else await insertEventRows(trx, rows);
    if (
      start.seq === 0 ||
      Math.floor(start.seq / CHECKPOINT_INTERVAL) !== Math.floor(seq / CHECKPOINT_INTERVAL)
    ) {
      const signed = keys.signHead(orgId, seq, hash, meta.at);
      await insertCheckpoint(trx, {
        orgId,
        seq,
        hash,
        signedAt: signed.signed_at,
        signature: signed.signature,
      });
    }
    batch.moved(orgId, { seq, hash, signed_at: null, signature: null }, meta.at);
    keys.trusted.set(orgId, `${seq}:${hash}`);
    heads.set(orgId, { seq, hash, signedAt: meta.at });
  }
  return heads;
}

/** The public shape of an event, as the API and CLI show it. */
export function eventView(row: { body: string; hash: string }) {
  return { ...(JSON.parse(row.body) as LedgerBody), hash: row.hash };
}
