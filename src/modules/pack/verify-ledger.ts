import { createHash, verify, type KeyObject } from 'node:crypto';
import { GENESIS_HASH, headPayload, linkHash, type LedgerBody } from '../../kernel/chain.js';
import { canonicalize } from '../../kernel/jcs.js';
import { PATHS, type Manifest, type ManifestFile } from './format.js';
import { fail } from './failure.js';
import type { ZipReader } from './zip-read.js';

/**
 * The replay of the ledger segment, as small as it can be: for each record (entity and id) the
 * seq of its last event and the SHA-256 of its last state (null when that event deleted it).
 * The records files are compared with it one line at a time, so memory grows with the number of
 * records, by about a hundred bytes each, not with their size or the length of the chain.
 */
export type Fold = Map<string, { seq: number; digest: string | null }>;

export const foldKey = (entity: string, id: string) => `${entity}\u0000${id}`;
export const stateDigest = (state: Record<string, unknown>) =>
  createHash('sha256').update(canonicalize(state)).digest('base64');

interface Signed {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  prev?: string;
  signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseSigned(line: string, path: string, n: number, withPrev: boolean): Signed {
  let h: Partial<Signed>;
  try {
    h = JSON.parse(line) as Partial<Signed>;
  } catch {
    return fail(path, 'SIGNED_HEAD_UNREADABLE', `line ${n} is not JSON`);
  }
  const ok =
    typeof h.org_id === 'string' &&
    Number.isSafeInteger(h.seq) &&
    (h.seq as number) >= 1 &&
    typeof h.hash === 'string' &&
    HEX64.test(h.hash) &&
    typeof h.signed_at === 'string' &&
    typeof h.signature === 'string' &&
    (h.prev === undefined || (withPrev && typeof h.prev === 'string' && HEX64.test(h.prev)));
  if (!ok) fail(path, 'SIGNED_HEAD_UNREADABLE', `line ${n} is not a signed head`);
  return h as Signed;
}

const signedBy = (h: Signed, key: KeyObject) => {
  try {
    return verify(null, headPayload(h), key, Buffer.from(h.signature, 'base64'));
  } catch {
    return false;
  }
};

async function readSigned(zip: ZipReader, path: string, withPrev: boolean): Promise<Signed[]> {
  const entry = zip.entries.get(path);
  if (!entry) return fail(path, 'FILE_MISSING', 'the pack does not hold this file');
  const out: Signed[] = [];
  const texts: string[] = [];
  let n = 0;
  for await (const line of zip.lines(entry)) {
    n++;
    if (line === '') continue;
    out.push(parseSigned(line, path, n, withPrev));
    texts.push(line);
  }
  if (withPrev)
    // The heads are a prefix of the organization's head log: each line holds the digest of the
    // line before it (the first: 64 zeros, or nothing for a head carried over from before the log).
    out.forEach((h, i) => {
      const want =
        i === 0
          ? '0'.repeat(64)
          : createHash('sha256')
              .update(texts[i - 1]!)
              .digest('hex');
      if (h.prev === undefined ? i > 0 : h.prev !== want)
        fail(path, 'HEADS_BROKEN', `signed head ${i + 1} does not follow the one before it`);
      if (i > 0 && h.seq < out[i - 1]!.seq)
        fail(path, 'HEADS_BROKEN', `signed head ${i + 1} goes back to event ${h.seq}`);
    });
  return out;
}

/**
 * Checks the chain of ledger/events.jsonl from the first event (every body canonical, in its
 * place, linked to the one before), that it ends where the manifest says, that every signed head
 * and checkpoint verifies with the key and has the hash the chain has at its seq; returns the
 * replay.
 */
export async function checkLedger(
  zip: ZipReader,
  manifest: Manifest,
  key: KeyObject,
  listed: Map<string, ManifestFile>,
): Promise<Fold> {
  const orgId = manifest.organization.id;
  for (const p of [PATHS.events, PATHS.heads, PATHS.checkpoints])
    if (!listed.has(p)) fail(p, 'FILE_MISSING', 'the manifest does not list this file');
  const heads = await readSigned(zip, PATHS.heads, true);
  const checkpoints = await readSigned(zip, PATHS.checkpoints, false);
  const wanted = new Map<number, string>();
  for (const h of [...heads, ...checkpoints]) wanted.set(h.seq, '');

  const fold: Fold = new Map();
  const events = PATHS.events;
  let prev = GENESIS_HASH;
  let seq = 0;
  let lastAt = '';
  for await (const line of zip.lines(zip.entries.get(events)!)) {
    if (line === '') continue;
    const at = seq + 1;
    let body: LedgerBody;
    try {
      body = JSON.parse(line) as LedgerBody;
    } catch {
      return fail(events, 'CHAIN_BROKEN', `event ${at} is not JSON`);
    }
    if (canonicalize(body) !== line)
      fail(events, 'CHAIN_BROKEN', `event ${at} is not in canonical form`);
    if (body.seq !== at || body.org_id !== orgId)
      fail(events, 'CHAIN_BROKEN', `line ${at} is not event ${at} of this organization`);
    if (body.prev_hash !== prev)
      fail(events, 'CHAIN_BROKEN', `event ${at} does not link to event ${at - 1}`);
    if (typeof body.entity !== 'string' || typeof body.entity_id !== 'string')
      fail(events, 'CHAIN_BROKEN', `event ${at} names no record`);
    prev = linkHash(prev, line);
    seq = at;
    lastAt = String(body.at);
    if (wanted.has(seq)) wanted.set(seq, prev);
    fold.set(foldKey(body.entity, body.entity_id), {
      seq,
      digest: body.state === null ? null : stateDigest(body.state),
    });
  }
  if (seq !== manifest.ledger.events || prev !== (seq === 0 ? GENESIS_HASH : manifest.ledger.head))
    fail(
      events,
      'LEDGER_MISMATCH',
      `the segment has ${seq} events; the manifest says ${manifest.ledger.events} ending in its head hash`,
    );
  if (lastAt > manifest.as_of)
    fail(events, 'AS_OF_MISMATCH', `event ${seq} was recorded after the pack's as-of moment`);

  for (const [path, list] of [
    [PATHS.checkpoints, checkpoints],
    [PATHS.heads, heads],
  ] as const)
    for (const h of list) {
      if (h.org_id !== orgId || !signedBy(h, key))
        fail(path, 'SIGNATURE_INVALID', `the signature of the head at event ${h.seq} is not valid`);
      if (h.seq > seq)
        fail(
          path,
          'BEYOND_SEGMENT',
          `a signed head covers event ${h.seq}; the segment ends at ${seq}`,
        );
      if (wanted.get(h.seq) !== h.hash)
        fail(path, 'SIGNED_HASH_MISMATCH', `event ${h.seq} differs from what was signed for it`);
    }
  return fold;
}
