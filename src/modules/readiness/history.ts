import type { Database } from '../../db/connect.js';
import { asOfSeq, openSnapshot } from '../../kernel/as-of.js';
import { today } from '../../kernel/records.js';
import { evaluate, summarize } from './engine.js';
import { firstEventAt } from './queries-history.js';
import { ASSESSABLE } from './requirements.js';
import { evaluateShared } from './shared.js';

/**
 * Readiness over time: the overall readiness at the end of each week or month, from the
 * organization's first ledger event to now, the last point being now. Each past point is what
 * `GET /readiness?asOf=<its moment>` answers: the same rules evaluated on the as-of snapshot of
 * the organization at the last event at or before that moment (src/kernel/as-of.ts), with that
 * moment as the clock. A past point never changes (its moment is a fixed calendar boundary, its
 * state a fixed seq), so each is computed once and kept (bounded, least recently used dropped);
 * the point for now is the shared live readiness (src/modules/readiness/shared.ts).
 */

export type Interval = 'week' | 'month';
export type Tally = ReturnType<typeof summarize>['overall'];
export interface HistoryPoint extends Tally {
  at: string;
  seq: number;
}

const DAY = 86_400_000;
const KEPT = 5_000;
const kept = new Map<string, Promise<Tally>>();

/** The end (last millisecond) of the week (Monday to Sunday, UTC) or month holding `t`. */
function periodEnd(t: number, interval: Interval): number {
  const d = new Date(t);
  if (interval === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return midnight + (7 - sinceMonday) * DAY - 1;
}

/** The previous period's end. */
const previousEnd = (end: number, interval: Interval): number =>
  interval === 'week'
    ? end - 7 * DAY
    : periodEnd(Date.UTC(new Date(end).getUTCFullYear(), new Date(end).getUTCMonth(), 0), 'month');

/**
 * The sampling moments, oldest first: now, then the ends of the periods before it back to the one
 * holding `from`, at most `points` in all.
 */
export function moments(from: number, now: number, points: number, interval: Interval): number[] {
  const out = [now];
  let end = previousEnd(periodEnd(now, interval), interval);
  while (out.length < points && end >= from) {
    out.push(end);
    end = previousEnd(end, interval);
  }
  return out.reverse();
}

/** Weekly when the span fits in `points` weeks, else monthly. */
export const intervalFor = (from: number, now: number, points: number): Interval =>
  now - from <= (points - 1) * 7 * DAY ? 'week' : 'month';

/** The overall readiness of a past state, as `GET /readiness?asOf=at` answers it. */
async function pastPoint(live: Database, orgId: string, seq: number, at: string): Promise<Tally> {
  const key = `${orgId}:${seq}:${at}`;
  let value = kept.get(key);
  if (value) kept.delete(key);
  else {
    value = (async () => {
      const { database, release } = await openSnapshot(live, orgId, seq);
      try {
        const minute = new Date(Math.floor(Date.parse(at) / 60_000) * 60_000);
        const results = await evaluate(
          database.db,
          orgId,
          ASSESSABLE,
          today(minute),
          minute.toISOString(),
        );
        return summarize(results).overall;
      } finally {
        release();
      }
    })();
    const computed = value;
    computed.catch(() => {
      if (kept.get(key) === computed) kept.delete(key);
    });
  }
  kept.set(key, value);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return value;
}

export async function readinessHistory(
  live: Database,
  orgId: string,
  now: Date,
  options: { points: number; interval?: Interval; from?: string },
): Promise<{ interval: Interval; points: HistoryPoint[] }> {
  const first = await firstEventAt(live.db, orgId);
  const start = Math.max(
    first ? Date.parse(first) : now.getTime(),
    options.from ? Date.parse(options.from) : 0,
  );
  const interval = options.interval ?? intervalFor(start, now.getTime(), options.points);
  const points: HistoryPoint[] = [];
  const all = moments(start, now.getTime(), options.points, interval);
  // One after the other: each past point holds a snapshot while it is evaluated.
  for (const t of all.slice(0, -1)) {
    const at = new Date(t).toISOString();
    const seq = await asOfSeq(live.db, orgId, at);
    points.push({ at, seq, ...(await pastPoint(live, orgId, seq, at)) });
  }
  const seq = await asOfSeq(live.db, orgId, now.toISOString());
  const current = summarize(await evaluateShared(live.db, orgId, now)).overall;
  points.push({ at: now.toISOString(), seq, ...current });
  return { interval, points };
}
