import { describe, expect, it } from 'vitest';
import { computeClocks, plusOneMonth, type ClockFacts } from './clocks.js';

const AWARE = '2026-03-02T09:00:00.000Z';
const facts = (over: Partial<ClockFacts> = {}): ClockFacts => ({
  serious: true,
  seriousCase: 'other',
  awareAt: AWARE,
  seriousSince: '2026-03-02T12:00:00.000Z',
  regimes: ['eu_ai_act'],
  reports: [],
  ...over,
});
const due = (f: ClockFacts, now = AWARE) =>
  Object.fromEntries(computeClocks(f, now).map((c) => [c.key, c.dueAt]));

describe('reporting clocks', () => {
  it('gives a non-serious incident no clock', () => {
    expect(computeClocks(facts({ serious: false, regimes: ['eu_ai_act', 'nis2'] }), AWARE)).toEqual(
      [],
    );
  });

  it('counts the AI Act report 15, 10 or 2 days from awareness, by the case of Art. 73', () => {
    expect(due(facts())).toEqual({ ai_act_report: '2026-03-17T09:00:00.000Z' });
    expect(due(facts({ seriousCase: 'death' }))).toEqual({
      ai_act_report: '2026-03-12T09:00:00.000Z',
    });
    expect(due(facts({ seriousCase: 'widespread_infringement' }))).toEqual({
      ai_act_report: '2026-03-04T09:00:00.000Z',
    });
    expect(due(facts({ seriousCase: 'critical_infrastructure' }))).toEqual({
      ai_act_report: '2026-03-04T09:00:00.000Z',
    });
  });

  it('counts NIS2: early warning 24 h and notification 72 h after awareness, final report one month after the notification', () => {
    const f = facts({ regimes: ['eu_ai_act', 'nis2'] });
    expect(due(f)).toEqual({
      ai_act_report: '2026-03-17T09:00:00.000Z',
      nis2_early_warning: '2026-03-03T09:00:00.000Z',
      nis2_notification: '2026-03-05T09:00:00.000Z',
      nis2_final: null,
    });
    const sent = facts({
      regimes: ['nis2'],
      reports: [{ id: 'n', fulfils: 'nis2_notification', sentAt: '2026-03-04T17:30:00.000Z' }],
    });
    expect(due(sent).nis2_final).toBe('2026-04-04T17:30:00.000Z');
    const final = computeClocks(sent, AWARE).find((c) => c.key === 'nis2_final')!;
    expect(final).toMatchObject({ state: 'running', waitingFor: null });
    expect(computeClocks(f, AWARE).find((c) => c.key === 'nis2_final')).toMatchObject({
      state: 'waiting',
      waitingFor: 'nis2_notification',
      remainingSeconds: null,
    });
  });

  it('counts DORA: initial 4 h after classification but at most 24 h after awareness, intermediate 72 h after the initial, final one month after the latest intermediate', () => {
    // Classified 3 hours after awareness: 4 hours later is the sooner limit.
    expect(due(facts({ regimes: ['dora'] })).dora_initial).toBe('2026-03-02T16:00:00.000Z');
    // Classified 22 hours after awareness: the 24-hour limit from awareness comes first.
    expect(
      due(facts({ regimes: ['dora'], seriousSince: '2026-03-03T07:00:00.000Z' })).dora_initial,
    ).toBe('2026-03-03T09:00:00.000Z');
    const f = facts({
      regimes: ['dora'],
      reports: [
        { id: 'i', fulfils: 'dora_initial', sentAt: '2026-03-02T15:00:00.000Z' },
        { id: 'm1', fulfils: 'dora_intermediate', sentAt: '2026-03-04T10:00:00.000Z' },
        { id: 'm2', fulfils: 'dora_intermediate', sentAt: '2026-03-10T08:00:00.000Z' },
      ],
    });
    const clocks = computeClocks(f, '2026-03-20T00:00:00.000Z');
    expect(clocks.map((c) => [c.key, c.dueAt, c.state, c.fulfilledBy])).toEqual([
      ['dora_initial', '2026-03-02T16:00:00.000Z', 'met', 'i'],
      ['dora_intermediate', '2026-03-05T15:00:00.000Z', 'met', 'm1'],
      ['dora_final', '2026-04-10T08:00:00.000Z', 'running', null],
    ]);
  });

  it('says running, overdue, met or late, with the seconds left', () => {
    const f = facts({ seriousCase: 'widespread_infringement' });
    expect(computeClocks(f, '2026-03-04T08:59:00.000Z')[0]).toMatchObject({
      state: 'running',
      remainingSeconds: 60,
    });
    expect(computeClocks(f, '2026-03-04T09:00:00.000Z')[0]).toMatchObject({
      state: 'running',
      remainingSeconds: 0,
    });
    expect(computeClocks(f, '2026-03-04T09:00:01.000Z')[0]).toMatchObject({
      state: 'overdue',
      remainingSeconds: -1,
    });
    const late = facts({
      seriousCase: 'widespread_infringement',
      reports: [{ id: 'r', fulfils: 'ai_act_report', sentAt: '2026-03-04T10:00:00.000Z' }],
    });
    expect(computeClocks(late, '2026-03-05T00:00:00.000Z')[0]).toMatchObject({
      state: 'late',
      fulfilledAt: '2026-03-04T10:00:00.000Z',
      remainingSeconds: null,
    });
  });

  it('adds one calendar month, keeping the time, clamped to the end of a shorter month', () => {
    expect(plusOneMonth('2026-01-31T10:00:00.000Z')).toBe('2026-02-28T10:00:00.000Z');
    expect(plusOneMonth('2028-01-31T10:00:00.000Z')).toBe('2028-02-29T10:00:00.000Z');
    expect(plusOneMonth('2026-12-15T23:30:00.000Z')).toBe('2027-01-15T23:30:00.000Z');
    expect(plusOneMonth('2026-03-31T00:00:00.000Z')).toBe('2026-04-30T00:00:00.000Z');
  });
});
