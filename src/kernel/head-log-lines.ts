// The lines of a head log: the signed head each holds, how a line is read and checked for shape,
// and how a log's text (or the last line of its file) is split into them.
import fs from 'node:fs';
import { createHash } from 'node:crypto';

/**
 * One line of an organization's head log: the chain had `hash` at `seq` when it was signed, and
 * `prev` is the SHA-256 of the line before (64 zeros for the first), so the signed heads form a
 * chain of their own. A head carried over from the head files of earlier versions has no `prev`
 * and may only be the first line.
 */
export interface LoggedHead {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  prev?: string;
  signature: string;
}

/** A line as read: the head, its exact text and its digest (what the next line's `prev` holds). */
export interface LogEntry {
  head: LoggedHead;
  text: string;
  digest: string;
}

/** What the first line's `prev` holds. */
export const HEAD_LOG_GENESIS = '0'.repeat(64);
export const HEAD_LOG_NAME = 'heads.log';

/** A head log that cannot be used as it is: its code is what `aims ledger verify` reports. */
export class HeadLogError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
export const digestOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The head a line holds, or null when it is not one (wrong shape, another organization's). */
export function parseHeadLine(text: string, orgId?: string): LoggedHead | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const h = v as Record<string, unknown>;
  const ok =
    typeof h.org_id === 'string' &&
    (orgId === undefined || h.org_id === orgId) &&
    Number.isSafeInteger(h.seq) &&
    (h.seq as number) >= 1 &&
    typeof h.hash === 'string' &&
    HEX64.test(h.hash) &&
    typeof h.signed_at === 'string' &&
    (h.prev === undefined || (typeof h.prev === 'string' && HEX64.test(h.prev))) &&
    typeof h.signature === 'string' &&
    Object.keys(h).every((k) =>
      ['org_id', 'seq', 'hash', 'signed_at', 'prev', 'signature'].includes(k),
    );
  return ok ? (h as unknown as LoggedHead) : null;
}
/** Splits a log's text into lines; a last fragment without a newline is reported as torn. */
export function parseLog(
  data: string,
  orgId?: string,
): { lines: (LogEntry | { head: null; text: string })[]; torn: boolean } {
  const parts = data.split('\n');
  const torn = parts[parts.length - 1] !== '';
  parts.pop();
  return {
    torn,
    lines: parts.map((text) => {
      const head = parseHeadLine(text, orgId);
      return head ? { head, text, digest: digestOf(text) } : { head: null, text };
    }),
  };
}

/** The last complete line of a log file of `size` bytes, read from its end. */
export function readLastLine(
  file: string,
  size: number,
  orgId: string,
): { entry: LogEntry | null; end: number } {
  const fd = fs.openSync(file, 'r');
  try {
    let window = Math.min(size, 4096);
    for (;;) {
      const buf = Buffer.alloc(window);
      fs.readSync(fd, buf, 0, window, size - window);
      const endNl = buf.lastIndexOf(0x0a);
      if (endNl < 0 && window === size) return { entry: null, end: 0 };
      if (endNl >= 0) {
        const startNl = endNl > 0 ? buf.lastIndexOf(0x0a, endNl - 1) : -1;
        if (startNl >= 0 || window === size) {
          const text = buf.subarray(startNl + 1, endNl).toString('utf8');
          const end = size - window + endNl + 1;
          const head = parseHeadLine(text, orgId);
          if (!head)
            throw new HeadLogError(
              'HEAD_LOG_UNREADABLE',
              'the last line of the head log is not a signed head',
            );
          return { entry: { head, text, digest: digestOf(text) }, end };
        }
      }
      window = Math.min(size, window * 4);
    }
  } finally {
    fs.closeSync(fd);
  }
}
