import { describe, expect, it } from 'vitest';
import { emptyReplay, foldEvents, lastSeqAt, type ReplayEvent } from './replay.js';

const ev = (seq: number, entity: string, id: string, state: Record<string, unknown> | null) =>
  ({
    seq,
    at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`,
    entity,
    entity_id: id,
    state,
  }) satisfies ReplayEvent;

const EVENTS = [
  ev(1, 'risks', 'r1', { id: 'r1', title: 'A' }),
  ev(2, 'risks', 'r2', { id: 'r2', title: 'B' }),
  ev(3, 'risks', 'r1', { id: 'r1', title: 'A2' }),
  ev(4, 'risks', 'r2', null),
  ev(5, 'context_issues', 'c1', { id: 'c1' }),
];

const plain = (r: ReturnType<typeof foldEvents>) =>
  Object.fromEntries([...r.records].map(([e, m]) => [e, Object.fromEntries(m)]));

describe('folding ledger events', () => {
  it('keeps the latest state of each record up to a seq, deletions removing it', () => {
    expect(plain(foldEvents(EVENTS, 2))).toEqual({
      risks: { r1: { id: 'r1', title: 'A' }, r2: { id: 'r2', title: 'B' } },
    });
    const all = foldEvents(EVENTS);
    expect(plain(all)).toEqual({
      risks: { r1: { id: 'r1', title: 'A2' } },
      context_issues: { c1: { id: 'c1' } },
    });
    expect([all.seq, all.at]).toEqual([5, '2026-01-01T00:00:05.000Z']);
  });

  it('folds batch by batch to the same state, and refuses events out of order', () => {
    const r = foldEvents(EVENTS.slice(3), 9, foldEvents(EVENTS.slice(0, 3)));
    expect(plain(r)).toEqual(plain(foldEvents(EVENTS)));
    expect(() => foldEvents([EVENTS[0]!], 9, r)).toThrow(/comes after/);
    expect(emptyReplay()).toEqual({ records: new Map(), seq: 0, at: null });
  });

  it('finds the last event at or before a moment by bisection', async () => {
    const atOf = async (seq: number) => EVENTS[seq - 1]!.at;
    expect(await lastSeqAt(5, '2025-12-31T23:59:59.000Z', atOf)).toBe(0);
    expect(await lastSeqAt(5, '2026-01-01T00:00:03.000Z', atOf)).toBe(3);
    expect(await lastSeqAt(5, '2026-01-01T00:00:03.500Z', atOf)).toBe(3);
    expect(await lastSeqAt(5, '2027-01-01T00:00:00.000Z', atOf)).toBe(5);
    expect(await lastSeqAt(0, '2027-01-01T00:00:00.000Z', atOf)).toBe(0);
  });
});
