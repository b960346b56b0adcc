// How the web app puts reporting clocks and instants into words, checked as a reader sees them.
import { describe, expect, it } from 'vitest';
import {
  clockSentence,
  type Clock,
  durationWords,
  fromLocalInput,
  toLocalInput,
} from '../web/src/features/incidents/words.js';

const clock = (over: Partial<Clock>): Clock => ({
  key: 'nis2_final',
  regime: 'nis2',
  title: 'NIS2 final report',
  basis: '',
  dueAt: null,
  state: 'running',
  remainingSeconds: null,
  fulfilledAt: null,
  fulfilledBy: null,
  waitingFor: null,
  ...over,
});

describe('incident words', () => {
  it('says a span of time in days and hours, or hours and minutes', () => {
    expect(durationWords(13 * 86_400 + 17 * 3600 + 59 * 60)).toBe('13 days 17 hours');
    expect(durationWords(86_400)).toBe('1 day');
    expect(durationWords(-(5 * 3600 + 60))).toBe('5 hours 1 minute');
    expect(durationWords(59)).toBe('less than a minute');
  });

  it('says where a clock stands without its colour', () => {
    expect(clockSentence(clock({ remainingSeconds: 7200 }))).toBe('Due in 2 hours.');
    expect(clockSentence(clock({ state: 'overdue', remainingSeconds: -90_000 }))).toBe(
      'Overdue by 1 day 1 hour.',
    );
    expect(clockSentence(clock({ state: 'late' }))).toBe('Sent after it was due.');
    expect(clockSentence(clock({ state: 'waiting', waitingFor: 'nis2_notification' }))).toBe(
      'Starts when the NIS2 incident notification is sent.',
    );
  });

  it('turns an instant into the reader-zone input value and back to the same instant', () => {
    const iso = '2026-03-02T09:15:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
  });
});
