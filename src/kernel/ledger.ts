import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { lockLedgerHead, type Dialect } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { canonicalize } from './jcs.js';
import type { KeyStore } from './keys.js';

export const GENESIS_HASH = '0'.repeat(64);
/** A signed checkpoint row is kept each time the chain crosses a multiple of this many events. */
export const CHECKPOINT_INTERVAL = 100;
const INSERT_CHUNK = 1000;

/** One ledger event as hashed: everything but the hash itself. */
export interface LedgerBody {
  org_id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  version: number | null;
  /** The record's full new state (the ledgered columns), or null when it was deleted. */
  state: Record<string, unknown> | null;
  request_id: string;
  prev_hash: string;
}

export interface PendingEvent {
  orgId: string;
  entity: string;
  entityId: string;
  version: number | null;
  state: Record<string, unknown> | null;
}

export const linkHash = (prevHash: string, body: string) =>
  createHash('sha256').update(prevHash).update(body).digest('hex');

/**
 * Appends events to their organizations' chains inside the caller's transaction. The head row of
 * each chain is locked first, so concurrent writers to one organization queue up and seq has no gaps.
 * Returns the new head of each chain touched, for signing after commit.
 */
export async function appendEvents(
  trx: Kysely<DB>,
  dialect: Dialect,
  keys: KeyStore,
  meta: { at: string; actor: string; action: string; requestId: string },
  events: PendingEvent[],
): Promise<Map<string, { seq: number; hash: string }>> {
  const heads = new Map<string, { seq: number; hash: string }>();
  const byOrg = new Map<string, PendingEvent[]>();
  for (const e of events) {
    const list = byOrg.get(e.orgId);
    if (list) list.push(e);
    else byOrg.set(e.orgId, [e]);
  }
  for (const [orgId, list] of byOrg) {
    const current = await lockLedgerHead(trx, dialect, orgId);
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
    // Chunked: one statement may carry only so many parameters (SQLite: 32,766).
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await trx
        .insertInto('ledger_events')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    if (current)
      await trx
        .updateTable('ledger_heads')
        .set({ seq, hash })
        .where('org_id', '=', orgId)
        .execute();
    else await trx.insertInto('ledger_heads').values({ org_id: orgId, seq, hash }).execute();
    if (
      start.seq === 0 ||
      Math.floor(start.seq / CHECKPOINT_INTERVAL) !== Math.floor(seq / CHECKPOINT_INTERVAL)
    ) {
      const signed = keys.signHead(orgId, seq, hash, meta.at);
      await trx
        .insertInto('ledger_checkpoints')
        .values({
          org_id: orgId,
          seq,
          hash,
          signed_at: signed.signed_at,
          signature: signed.signature,
        })
        .execute();
    }
    heads.set(orgId, { seq, hash });
  }
  return heads;
}

/** The public shape of an event, as the API and CLI show it. */
export function eventView(row: { body: string; hash: string }) {
  return { ...(JSON.parse(row.body) as LedgerBody), hash: row.hash };
}
