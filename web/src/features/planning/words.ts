// How objectives and planned changes are put into words: states, amounts with their unit, targets.
import type {
  ChangeStatus,
  ChangeStep,
  Direction,
  Frequency,
  Objective,
  ObjectiveState,
} from './api';
import { CHANGE_STATUS, CHANGE_STEP, FREQUENCY, OBJECTIVE_STATE } from '../../../../src/labels.js';

// The words of states, frequencies and steps are the server's (src/labels.ts).
export const STATE_WORD: Readonly<Record<ObjectiveState, string>> = OBJECTIVE_STATE;
export const STATE_TONE: Record<ObjectiveState, 'success' | 'danger' | 'neutral'> = {
  on_track: 'success',
  off_track: 'danger',
  no_data: 'neutral',
};

export const DIRECTION_WORD: Record<Direction, string> = {
  at_most: 'at most',
  at_least: 'at least',
};
export const DIRECTION_OPTION: Record<Direction, string> = {
  at_most: 'Lower is better: stay at or below the target',
  at_least: 'Higher is better: reach at least the target',
};

export const FREQUENCY_WORD: Readonly<Record<Frequency, string>> = FREQUENCY;
/** The period a measurement stays current for, inside a sentence. */
export const FREQUENCY_PERIOD: Record<Frequency, string> = {
  weekly: 'a week',
  monthly: 'a month',
  quarterly: 'a quarter',
  yearly: 'a year',
};

export const STATUS_WORD: Readonly<Record<ChangeStatus, string>> = CHANGE_STATUS;
export const STATUS_TONE: Record<
  ChangeStatus,
  'warning' | 'success' | 'danger' | 'info' | 'neutral'
> = {
  proposed: 'warning',
  approved: 'success',
  rejected: 'danger',
  implemented: 'info',
  withdrawn: 'neutral',
};
/** A step of a change, as the start of a sentence naming who took it: "Rejected by …". */
export const STEP_WORD: Readonly<Record<ChangeStep, string>> = CHANGE_STEP;
/** What the note of each step says. */
export const STEP_NOTE: Record<ChangeStep, string> = {
  approved: 'Note',
  rejected: 'Reason',
  implemented: 'What was done',
  withdrawn: 'Reason',
};

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
const days = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A value with its unit: "4.2 %", "0.93", "12 ms". */
export const amount = (value: number, unit: string | null) =>
  unit ? `${numbers.format(value)} ${unit}` : numbers.format(value);

/** The target as a condition: "at most 5 %". */
export const targetText = (o: Pick<Objective, 'direction' | 'target' | 'unit'>) =>
  `${DIRECTION_WORD[o.direction]} ${amount(o.target, o.unit)}`;

/** A calendar date (YYYY-MM-DD) as text, where a <time> element cannot go (an SVG description). */
export function dayText(value: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? value : days.format(d);
}

/** Today's calendar date in UTC, the day the server compares measurement dates with. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
