import { describe, expect, it } from 'vitest';
import { intervalFor, moments } from './history.js';

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('the moments readiness history samples', () => {
  it('takes the ends of the months back to the one holding the start, across a year, and now', () => {
    expect(
      iso(moments(at('2025-11-20T10:00:00Z'), at('2026-02-10T08:00:00Z'), 12, 'month')),
    ).toEqual([
      '2025-11-30T23:59:59.999Z',
      '2025-12-31T23:59:59.999Z',
      '2026-01-31T23:59:59.999Z',
      '2026-02-10T08:00:00.000Z',
    ]);
  });

  it('takes the ends of weeks (Sunday, UTC), at most the number of points, the newest kept', () => {
    expect(iso(moments(at('2026-01-01T00:00:00Z'), at('2026-03-04T12:00:00Z'), 3, 'week'))).toEqual(
      ['2026-02-22T23:59:59.999Z', '2026-03-01T23:59:59.999Z', '2026-03-04T12:00:00.000Z'],
    );
  });

  it('has only now when the start is in the current period', () => {
    expect(moments(at('2026-03-02T00:00:00Z'), at('2026-03-04T00:00:00Z'), 12, 'week')).toEqual([
      at('2026-03-04T00:00:00Z'),
    ]);
  });

  it('is weekly while the points span the history, monthly after', () => {
    expect(intervalFor(0, 11 * 7 * 86_400_000, 12)).toBe('week');
    expect(intervalFor(0, 12 * 7 * 86_400_000, 12)).toBe('month');
  });
});
