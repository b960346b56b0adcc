/**
 * One range of an organization's chain as a worker thread of ledger verification walks it
 * (src/kernel/verify-chain.ts, src/kernel/verify-worker.ts). Imports nothing but the chain's rule,
 * so a worker starts with few modules.
 */
import { checkLink, GENESIS_HASH, type StoredEvent } from './chain.js';

/** A transaction of the chain (events sharing request id and time), as a range reports it. */
export interface Group {
  key: string;
  end: number;
  pendingFrom: number | null;
}

/** What one range reports: `ok` only when every event of lo..hi is there and passes. */
export interface RangeScan {
  ok: boolean;
  lo: number;
  hi: number;
  /** The prev_hash the range's first event states (checked against the range before). */
  firstPrev: string;
  lastHash: string;
  /** The last event of each record the range changes: its seq and its text (parsed once, later). */
  last: [string, { seq: number; body: string }][];
  hashes: [number, string][];
  /** The first and last transaction of the range, and every one due a checkpoint. */
  groups: Group[];
}

/** The prev_hash an event's text states, or '' when it has none (checkLink then says why). */
function statedPrev(body: string): string {
  try {
    const b = JSON.parse(body) as { prev_hash?: unknown };
    return typeof b.prev_hash === 'string' ? b.prev_hash : '';
  } catch {
    return '';
  }
}

/**
 * Walks the events lo..hi of one organization, fed in seq order by `push` (false: a problem,
 * stop feeding); `finish` answers the range's scan.
 */
export function rangeScanner(
  orgId: string,
  lo: number,
  hi: number,
  signed: ReadonlySet<number>,
  interval: number,
): { push(row: StoredEvent): boolean; finish(): RangeScan } {
  // The text, not the parsed state: a string is smaller, and is replaced as a whole.
  const last = new Map<string, { seq: number; body: string }>();
  const hashes: [number, string][] = [];
  const groups: Group[] = [];
  let expected = lo;
  let prev: string | null = lo === 1 ? GENESIS_HASH : null;
  let firstPrev = '';
  let group: Group | null = null;
  let first = true;
  let broken = false;
  return {
    push(row) {
      if (prev === null) prev = firstPrev = statedPrev(row.body);
      else if (expected === lo) firstPrev = prev;
      const r = checkLink(row, orgId, expected, prev);
      if ('code' in r) {
        broken = true;
        return false;
      }
      const body = r.body;
      prev = row.hash;
      if (signed.has(row.seq)) hashes.push([row.seq, row.hash]);
      const key = `${body.request_id}\u0000${body.at}`;
      if (key !== group?.key) {
        if (group && (first || group.pendingFrom !== null)) groups.push(group);
        if (group) first = false;
        group = { key, end: row.seq, pendingFrom: null };
      }
      group.end = row.seq;
      if (row.seq === 1 || row.seq % interval === 0) group.pendingFrom ??= row.seq;
      last.set(`${body.entity}\u0000${body.entity_id}`, { seq: row.seq, body: row.body });
      expected++;
      return true;
    },
    finish() {
      if (group && !broken) groups.push(group);
      return {
        ok: !broken && expected === hi + 1,
        lo,
        hi,
        firstPrev,
        lastHash: prev ?? '',
        last: broken ? [] : [...last],
        hashes,
        groups,
      };
    },
  };
}
