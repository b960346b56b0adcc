// How incidents and their reporting clocks are put into words: statuses, severities, the time left
// or overdue, and instants for the browser's date and time inputs (in the reader's time zone).
// The words themselves are the server's (src/labels.ts), so exports and screens agree.
import {
  CLOCK_TITLE as CLOCK_TITLE_WORDS,
  INCIDENT_STATUS,
  SERIOUS_CASE,
  SEVERITY,
} from '../../../../src/labels.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const STATUSES = ['open', 'contained', 'resolved', 'closed'] as const;
export const SERIOUS_CASES = [
  'other',
  'death',
  'widespread_infringement',
  'critical_infrastructure',
] as const;

export const CLOCK_KEYS = [
  'ai_act_report',
  'nis2_early_warning',
  'nis2_notification',
  'nis2_final',
  'dora_initial',
  'dora_intermediate',
  'dora_final',
] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof STATUSES)[number];
export type SeriousCase = (typeof SERIOUS_CASES)[number];
export type ClockKey = (typeof CLOCK_KEYS)[number];
export type ClockState = 'running' | 'overdue' | 'met' | 'late' | 'waiting';

/** A legal reporting clock, as the server computed it when the page was loaded. */
export interface Clock {
  key: ClockKey;
  regime: 'eu_ai_act' | 'nis2' | 'dora';
  title: string;
  basis: string;
  dueAt: string | null;
  state: ClockState;
  remainingSeconds: number | null;
  fulfilledAt: string | null;
  fulfilledBy: string | null;
  waitingFor: ClockKey | null;
}

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const STATUS_WORD: Record<IncidentStatus, string> = INCIDENT_STATUS;
export const STATUS_TONE: Record<IncidentStatus, Tone> = {
  open: 'danger',
  contained: 'warning',
  resolved: 'info',
  closed: 'neutral',
};

export const SEVERITY_WORD: Record<Severity, string> = SEVERITY;
export const SEVERITY_TONE: Record<Severity, Tone> = {
  low: 'neutral',
  medium: 'info',
  high: 'warning',
  critical: 'danger',
};

export const CASE_WORD: Record<SeriousCase, string> = SERIOUS_CASE;

export const CLOCK_TITLE: Record<ClockKey, string> = CLOCK_TITLE_WORDS;

export const CLOCK_WORD: Record<ClockState, string> = {
  running: 'Running',
  overdue: 'Overdue',
  met: 'Reported in time',
  late: 'Reported late',
  waiting: 'Not started',
};
export const CLOCK_TONE: Record<ClockState, Tone> = {
  running: 'warning',
  overdue: 'danger',
  met: 'success',
  late: 'warning',
  waiting: 'neutral',
};

/** A span of time in words, to the minute: "2 days 4 hours", "3 hours 5 minutes", "12 minutes". */
export function durationWords(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 60) return 'less than a minute';
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const part = (n: number, one: string) => (n ? `${n} ${one}${n === 1 ? '' : 's'}` : '');
  const parts = days
    ? [part(days, 'day'), part(hours, 'hour')]
    : hours
      ? [part(hours, 'hour'), part(minutes, 'minute')]
      : [part(minutes, 'minute')];
  return parts.filter(Boolean).join(' ');
}

/** Where a clock stands, in a sentence: what a reader needs without the colour of its badge. */
export function clockSentence(c: Clock): string {
  switch (c.state) {
    case 'running':
      return `Due in ${durationWords(c.remainingSeconds ?? 0)}.`;
    case 'overdue':
      return `Overdue by ${durationWords(c.remainingSeconds ?? 0)}.`;
    case 'met':
      return 'Sent in time.';
    case 'late':
      return 'Sent after it was due.';
    case 'waiting':
      return c.waitingFor
        ? `Starts when the ${CLOCK_TITLE[c.waitingFor]} is sent.`
        : 'Not started yet.';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local input shows it: the reader's own time zone, to the minute. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the reader's time zone) as a UTC instant for the API; undefined when empty. */
export function fromLocalInput(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
