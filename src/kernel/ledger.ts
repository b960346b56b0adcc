import type { Kysely } from 'kysely';
import { lockLedgerHead, type Dialect, type HeadRow } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { GENESIS_HASH, linkHash, type LedgerBody } from './chain.js';
import { canonicalize } from './jcs.js';
import type { KeyStore } from './keys.js';
import { assertChainSound } from './seal.js';
import {
  insertCheckpoint,
  insertEvents,
  insertHead,
  KEPT_EVENT_ROWS,
  updateHead,
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
 * Appends events to their organizations' chains inside the caller's transaction. The head row of
 * each chain is locked first, so concurrent writers to one organization queue up and seq has no
 * gaps; then the stored chain must still pass through the last signed head (else LEDGER_ALARM,
 * nothing written). The new head row is signed in the same transaction, so a crash before the
 * head log gets it leaves a head that only the key could have made. Returns the new head of each
 * chain touched, for the head log after commit. `locked` is a head row the caller already read
 * under its lock in this transaction (the command runner locks its organization's head first);
 * it is not read again.
 */
export async function appendEvents(
  trx: Kysely<DB>,
  dialect: Dialect,
  keys: KeyStore,
  meta: { at: string; actor: string; action: string; requestId: string },
  events: PendingEvent[],
  locked?: { orgId: string; head: HeadRow | undefined },
): Promise<Map<string, NewHead>> {
  const heads = new Map<string, NewHead>();
  const byOrg = new Map<string, PendingEvent[]>();
  for (const e of events) {
    const list = byOrg.get(e.orgId);
    if (list) list.push(e);
    else byOrg.set(e.orgId, [e]);
  }
  for (const [orgId, list] of byOrg) {
    const current =
      locked?.orgId === orgId ? locked.head : await lockLedgerHead(trx, dialect, orgId);
    await assertChainSound(trx, keys, orgId, current);
    // A new chain gets its key; an existing chain whose key is gone was refused above.
    if (!current) keys.keyPair(orgId, { create: true });
    const start = current ?? { seq: 0, hash: GENESIS_HASH };
    let { seq, hash } = start;
    const rows = [];
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
    if (rows.length <= KEPT_EVENT_ROWS) await insertEvents(trx, rows);
    // Chunked: one statement may carry only so many parameters (SQLite: 32,766).
    else
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await trx
          .insertInto('ledger_events')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
    const signed = keys.signHead(orgId, seq, hash, meta.at);
    const row = { orgId, seq, hash, signedAt: signed.signed_at, signature: signed.signature };
    await (current ? updateHead : insertHead)(trx, row);
    if (
      start.seq === 0 ||
      Math.floor(start.seq / CHECKPOINT_INTERVAL) !== Math.floor(seq / CHECKPOINT_INTERVAL)
    )
      await insertCheckpoint(trx, row);
    keys.trusted.set(orgId, `${seq}:${hash}`);
    heads.set(orgId, { seq, hash, signedAt: meta.at });
  }
  return heads;
}

/** The public shape of an event, as the API and CLI show it. */
export function eventView(row: { body: string; hash: string }) {
  return { ...(JSON.parse(row.body) as LedgerBody), hash: row.hash };
}
