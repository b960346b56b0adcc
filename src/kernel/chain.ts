import { hash } from 'node:crypto';
import { canonicalize, isCanonicalText } from './jcs.js';

/** The `prev_hash` of an organization's first event. */
export const GENESIS_HASH = '0'.repeat(64);

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

/** SHA-256 of the previous event's hash and this body (one-shot: verification hashes millions). */
export const linkHash = (prevHash: string, body: string) => hash('sha256', prevHash + body, 'hex');

/** A stored event as the checks read it. */
export interface StoredEvent {
  seq: number;
  entity: string;
  entity_id: string;
  body: string;
  hash: string;
}

/**
 * What is wrong with a stored event that should be event `expected` of the organization's chain
 * and link to `prev`: a problem code and message (as `aims ledger verify` names them), or null
 * with the parsed body. The one rule for both verification and the check before signing.
 */
export function checkLink(
  row: StoredEvent,
  orgId: string,
  expected: number,
  prev: string,
): { code: string; message: string } | { body: LedgerBody } {
  if (row.seq !== expected)
    return {
      code: 'SEQ_GAP',
      message: `event ${expected} is missing: the next stored event is ${row.seq}`,
    };
  let body: LedgerBody;
  try {
    body = JSON.parse(row.body) as LedgerBody;
  } catch {
    return { code: 'BODY_UNREADABLE', message: `event ${row.seq} is not valid JSON` };
  }
  if (!isCanonicalText(body, row.body))
    return { code: 'BODY_NOT_CANONICAL', message: `event ${row.seq} is not in canonical form` };
  if (body.seq !== row.seq || body.org_id !== orgId)
    return {
      code: 'BODY_MISPLACED',
      message: `event ${row.seq} says it is event ${body.seq} of another place`,
    };
  if (body.entity !== row.entity || body.entity_id !== row.entity_id)
    return {
      code: 'INDEX_MISMATCH',
      message: `event ${row.seq}'s entity columns differ from its body`,
    };
  if (body.prev_hash !== prev)
    return {
      code: 'PREV_HASH_MISMATCH',
      message: `event ${row.seq} does not link to event ${row.seq - 1}`,
    };
  if (linkHash(prev, row.body) !== row.hash)
    return { code: 'HASH_MISMATCH', message: `event ${row.seq}'s hash does not match its content` };
  return { body };
}

/** What a signature covers: the head's fields as RFC 8785 JSON; a head of the log adds `prev`. */
export const headPayload = (h: {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  prev?: string | undefined;
}) =>
  Buffer.from(
    canonicalize({
      org_id: h.org_id,
      seq: h.seq,
      hash: h.hash,
      signed_at: h.signed_at,
      ...(h.prev === undefined ? {} : { prev: h.prev }),
    }),
  );
