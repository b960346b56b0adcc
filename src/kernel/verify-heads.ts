import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { HEAD_LOG_GENESIS, parseLog, type LogEntry } from './head-log.js';
import type { KeyStore } from './keys.js';

/** The heads of a mirror file (AIMS_HEAD_MIRROR), by organization, as read once for a run. */
export interface MirrorHeads {
  file: string;
  byOrg: Map<string, LogEntry[]>;
  /** Lines that are no signed head at all. */
  unreadable: number;
}

/** Reads a head mirror: every organization's signed heads in one append-only file. */
export function readMirror(file: string): MirrorHeads {
  const byOrg = new Map<string, LogEntry[]>();
  let unreadable = 0;
  let data = '';
  try {
    data = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const line of parseLog(data).lines) {
    if (!line.head) {
      unreadable++;
      continue;
    }
    const list = byOrg.get(line.head.org_id);
    if (list) list.push(line);
    else byOrg.set(line.head.org_id, [line]);
  }
  return { file, byOrg, unreadable };
}

/** How a check reports a problem: the first event it breaks (or null), a code, a message. */
export type Add = (seq: number | null, code: string, message: string) => void;

/**
 * The head log and its mirror against the chain: every line signed by the organization's key,
 * linked to the line before (so a line removed or rewritten shows), seq never going back, the
 * stored event at each signed seq has the signed hash, none beyond the chain, and nothing after
 * the last signed head. Each kind of mismatch is reported at its first line, with a count.
 */
export function checkSignedHeads(
  keys: KeyStore,
  orgId: string,
  lines: (LogEntry | { head: null; text: string })[],
  mirrored: LogEntry[],
  hashes: Map<number, string>,
  count: number,
  chainBroken: boolean,
  add: Add,
) {
  const once = new Map<string, { seq: number | null; message: string; more: number }>();
  const report = (seq: number | null, code: string, message: string) => {
    const seen = once.get(code);
    if (seen) seen.more++;
    else once.set(code, { seq, message, more: 0 });
  };
  let prevDigest = HEAD_LOG_GENESIS;
  let lastSeq = 0;
  let lastSigned: number | null = null;
  lines.forEach((l, i) => {
    const n = i + 1;
    const digest = createHash('sha256').update(l.text).digest('hex');
    const linked = prevDigest;
    prevDigest = digest;
    if (!l.head) {
      report(null, 'HEAD_LOG_UNREADABLE', `line ${n} of the head log is not a signed head`);
      return;
    }
    const h = l.head;
    if (!keys.heads.isSigned(l)) {
      report(
        h.seq,
        'HEAD_SIGNATURE',
        `the signed head on line ${n} (event ${h.seq}) has a bad signature`,
      );
      return;
    }
    if (h.prev === undefined ? i !== 0 : h.prev !== linked)
      report(
        h.seq,
        'HEAD_LOG_LINK',
        `line ${n} of the head log does not follow line ${n - 1}: a signed head was removed, inserted or rewritten`,
      );
    if (h.seq <= lastSeq)
      report(
        h.seq,
        'HEAD_LOG_ORDER',
        `line ${n} of the head log goes back from event ${lastSeq} to event ${h.seq}`,
      );
    lastSeq = Math.max(lastSeq, h.seq);
    lastSigned = lastSeq;
    if (h.seq > count)
      report(
        count + 1,
        'TRUNCATED',
        `the signed head on line ${n} covers event ${h.seq}, but the chain ends at ${count}`,
      );
    else if (hashes.get(h.seq) !== h.hash)
      report(
        h.seq,
        'HEAD_FILE_MISMATCH',
        `event ${h.seq} differs from the signed head on line ${n}`,
      );
  });
  if (lastSigned === null && count > 0)
    report(null, 'HEAD_FILE_MISSING', 'no signed head in the data folder for a chain with events');
  else if (lastSigned !== null && lastSigned < count && !chainBroken)
    report(
      lastSigned + 1,
      'UNSIGNED_EVENTS',
      `events ${lastSigned + 1}–${count} come after the last signed head: nothing vouches for them`,
    );

  // The mirror: the same lines, appended elsewhere; it may miss some, never hold one the log lacks.
  const inLog = new Set(lines.map((l) => l.text));
  let mirrorSeq = 0;
  for (const m of mirrored) {
    const h = m.head;
    if (!keys.heads.isSigned(m)) {
      report(
        h.seq,
        'MIRROR_SIGNATURE',
        `a head in the mirror (event ${h.seq}) has a bad signature`,
      );
      continue;
    }
    if (h.seq <= mirrorSeq)
      report(
        h.seq,
        'MIRROR_ORDER',
        `the mirror goes back from event ${mirrorSeq} to event ${h.seq}`,
      );
    mirrorSeq = Math.max(mirrorSeq, h.seq);
    if (h.seq > count)
      report(
        count + 1,
        'TRUNCATED',
        `a signed head in the mirror covers event ${h.seq}, but the chain ends at ${count}`,
      );
    else if (hashes.get(h.seq) !== h.hash)
      report(h.seq, 'MIRROR_MISMATCH', `event ${h.seq} differs from the signed head in the mirror`);
    if (!inLog.has(m.text))
      report(
        h.seq,
        'HEAD_LOG_ROLLED_BACK',
        `the mirror holds the signed head of event ${h.seq}, which the head log lacks`,
      );
  }
  for (const [code, r] of once)
    add(r.seq, code, r.more ? `${r.message} (and ${r.more} more)` : r.message);
}
