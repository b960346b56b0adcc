/**
 * One range of an organization's chain as a worker thread of ledger verification walks it
 * (src/kernel/verify-chain.ts, src/kernel/verify-worker.ts). Imports nothing but the chain's rule
 * and the fast canonical scan, so a worker starts with few modules.
 */
import { checkLink, GENESIS_HASH, linkHash } from './chain.js';
import { newSpans, scanBody, spanIs } from './verify-scan.js';

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
  /**
   * The seq of the last event of each record the range changes, by entity: [entity, ids, seqs]
   * (the main thread reads those events' states once the ranges are merged).
   */
  last: [string, string[], number[]][];
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
 *
 * Each event is first read by the fast scan (src/kernel/verify-scan.ts): a body it settles as
 * canonical, whose seq, organization, entity columns and prev_hash are the expected ones and whose
 * hash matches, passes without being parsed. Anything else goes to `checkLink`, the one rule, as
 * before: an event the scan does not settle may still pass there (a `\u` escape, say), and a
 * problem is always named by checkLink (the range then reports not ok and the chain is walked in
 * one thread).
 */
export function rangeScanner(
  orgId: string,
  lo: number,
  hi: number,
  signed: ReadonlySet<number>,
  interval: number,
): {
  push(seq: number, entity: string, entityId: string, body: string, hash: string): boolean;
  finish(): RangeScan;
} {
  // Only each record's last seq: its text is read again in the main thread, once.
  const last = new Map<string, Map<string, number>>();
  const hashes: [number, string][] = [];
  const groups: Group[] = [];
  const spans = newSpans();
  let expected = lo;
  let prev: string | null = lo === 1 ? GENESIS_HASH : null;
  let firstPrev = '';
  let group: Group | null = null;
  // The current group's request id and time as texts, when a fast-scanned event started it.
  let groupRid: string | null = null;
  let groupAt: string | null = null;
  let first = true;
  let broken = false;
  let entityLast: Map<string, number> | undefined;
  let entityName = '';
  const startGroup = (key: string, seq: number) => {
    if (group && (first || group.pendingFrom !== null)) groups.push(group);
    if (group) first = false;
    group = { key, end: seq, pendingFrom: null };
  };
  return {
    push(seq, entity, entityId, body, hash) {
      if (prev === null) prev = firstPrev = statedPrev(body);
      else if (expected === lo) firstPrev = prev;
      if (
        seq === expected &&
        scanBody(body, spans) &&
        spans.seq === seq &&
        spanIs(body, spans.orgId, orgId) &&
        spanIs(body, spans.entity, entity) &&
        spanIs(body, spans.entityId, entityId) &&
        spanIs(body, spans.prevHash, prev) &&
        linkHash(prev, body) === hash
      ) {
        const rid = spans.requestId;
        const at = spans.at;
        if (
          group === null ||
          groupRid === null ||
          groupAt === null ||
          !spanIs(body, rid, groupRid) ||
          !spanIs(body, at, groupAt)
        ) {
          groupRid = body.slice(rid[0], rid[1]);
          groupAt = body.slice(at[0], at[1]);
          const key = `${groupRid}\u0000${groupAt}`;
          if (key !== (group as Group | null)?.key) startGroup(key, seq);
        }
      } else {
        const r = checkLink(
          { seq, entity, entity_id: entityId, body, hash },
          orgId,
          expected,
          prev,
        );
        if ('code' in r) {
          broken = true;
          return false;
        }
        const key = `${r.body.request_id}\u0000${r.body.at}`;
        groupRid = groupAt = null;
        if (key !== group?.key) startGroup(key, seq);
      }
      const g = group!;
      prev = hash;
      if (signed.has(seq)) hashes.push([seq, hash]);
      g.end = seq;
      if (seq === 1 || seq % interval === 0) g.pendingFrom ??= seq;
      if (entity !== entityName || !entityLast) {
        entityName = entity;
        entityLast = last.get(entity);
        if (!entityLast) last.set(entity, (entityLast = new Map()));
      }
      entityLast.set(entityId, seq);
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
        last: broken ? [] : [...last].map(([e, m]) => [e, [...m.keys()], [...m.values()]]),
        hashes,
        groups,
      };
    },
  };
}
