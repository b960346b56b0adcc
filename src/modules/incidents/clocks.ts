/**
 * The legal reporting clocks of a serious incident, computed from the incident and the reports
 * recorded against it. Pure functions: the server computes every due time, remaining time and
 * overdue state; the web shows them.
 *
 * Time limits and where they come from (instants are UTC; a day is 24 hours; "one month" is the
 * same day and time of the next calendar month, or its last day when it has fewer days):
 *
 * - EU AI Act (Regulation (EU) 2024/1689) Art. 73: the report is due not later than 15 days after
 *   the organization became aware of the serious incident (Art. 73(2)); 10 days in the event of a
 *   death (Art. 73(4)); 2 days for a widespread infringement or a serious and irreversible
 *   disruption of the management or operation of critical infrastructure (Art. 73(3)). Art. 73(5)
 *   allows an initial, incomplete report followed by a complete one: the first report recorded
 *   against the clock fulfils it.
 * - NIS2 (Directive (EU) 2022/2555) Art. 23(4): an early warning within 24 hours of becoming aware
 *   of the significant incident (point (a)); an incident notification within 72 hours of becoming
 *   aware (point (b)); a final report not later than one month after the incident notification
 *   was submitted (point (d)). Intermediate reports on request (point (c)) have no clock here.
 * - DORA (Regulation (EU) 2022/2554) Art. 19(4) sets the three reports (initial notification,
 *   intermediate report, final report) and leaves their time limits to the regulatory technical
 *   standards on incident reporting (Commission Delegated Regulation (EU) 2025/301, Art. 5; the
 *   templates are in Implementing Regulation (EU) 2025/302). The limits used here: the initial
 *   notification within 4 hours of classifying the incident as major and at most 24 hours after
 *   becoming aware of it; the intermediate report within 72 hours of the initial notification;
 *   the final report within one month of the latest intermediate report. Marking the incident
 *   serious is its classification as major.
 *
 * PROVENANCE: the project's catalog of reference facts does not hold these time limits. The
 * Art. 73 and Art. 23 limits follow the published regulations; the DORA limits follow Art. 5 of
 * RTS (EU) 2025/301 as summarized in published guidance, which differs on what the intermediate
 * and final reports run from. Check all of them against the official texts in the Official
 * Journal before relying on them. Not modelled: the RTS's relaxations for weekends and public
 * holidays, and national variations of NIS2's transposition.
 */

export const REGIMES = ['eu_ai_act', 'nis2', 'dora'] as const;
export type Regime = (typeof REGIMES)[number];

/** Which case of Art. 73 applies: it sets the AI Act's time limit. */
export const SERIOUS_CASES = [
  'other',
  'death',
  'widespread_infringement',
  'critical_infrastructure',
] as const;
export type SeriousCase = (typeof SERIOUS_CASES)[number];

export const CLOCK_KEYS = [
  'ai_act_report',
  'nis2_early_warning',
  'nis2_notification',
  'nis2_final',
  'dora_initial',
  'dora_intermediate',
  'dora_final',
] as const;
export type ClockKey = (typeof CLOCK_KEYS)[number];

/** The states of a clock: running (due later), overdue, met (reported in time), late (reported after the due time), waiting (its start has not happened yet). */
export const CLOCK_STATES = ['running', 'overdue', 'met', 'late', 'waiting'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Days after awareness by which the AI Act report is due, per case of Art. 73. */
export const AI_ACT_DAYS: Record<SeriousCase, number> = {
  other: 15,
  death: 10,
  widespread_infringement: 2,
  critical_infrastructure: 2,
};

const AI_ACT_BASIS: Record<SeriousCase, string> = {
  other: 'EU AI Act Art. 73(2): not later than 15 days after awareness.',
  death: 'EU AI Act Art. 73(4): in the event of a death, not later than 10 days after awareness.',
  widespread_infringement:
    'EU AI Act Art. 73(3): for a widespread infringement, not later than 2 days after awareness.',
  critical_infrastructure:
    'EU AI Act Art. 73(3): for a serious and irreversible disruption of critical infrastructure, not later than 2 days after awareness.',
};

interface ClockSpec {
  regime: Regime;
  title: string;
  /** The report whose submission starts this clock (null: it starts from the incident). */
  after: ClockKey | null;
  /** Which of the reports it runs from, when several were sent: the first or the latest. */
  from?: 'first' | 'latest';
  basis: string;
}

export const CLOCKS: Record<ClockKey, ClockSpec> = {
  ai_act_report: {
    regime: 'eu_ai_act',
    title: 'EU AI Act serious incident report',
    after: null,
    basis: AI_ACT_BASIS.other,
  },
  nis2_early_warning: {
    regime: 'nis2',
    title: 'NIS2 early warning',
    after: null,
    basis: 'NIS2 Art. 23(4)(a): within 24 hours of becoming aware.',
  },
  nis2_notification: {
    regime: 'nis2',
    title: 'NIS2 incident notification',
    after: null,
    basis: 'NIS2 Art. 23(4)(b): within 72 hours of becoming aware.',
  },
  nis2_final: {
    regime: 'nis2',
    title: 'NIS2 final report',
    after: 'nis2_notification',
    from: 'first',
    basis: 'NIS2 Art. 23(4)(d): not later than one month after the incident notification.',
  },
  dora_initial: {
    regime: 'dora',
    title: 'DORA initial notification',
    after: null,
    basis:
      'DORA Art. 19(4)(a) and RTS (EU) 2025/301: within 4 hours of classification as major, at most 24 hours after awareness.',
  },
  dora_intermediate: {
    regime: 'dora',
    title: 'DORA intermediate report',
    after: 'dora_initial',
    from: 'first',
    basis: 'DORA Art. 19(4)(b) and RTS (EU) 2025/301: within 72 hours of the initial notification.',
  },
  dora_final: {
    regime: 'dora',
    title: 'DORA final report',
    after: 'dora_intermediate',
    from: 'latest',
    basis:
      'DORA Art. 19(4)(c) and RTS (EU) 2025/301: within one month of the latest intermediate report.',
  },
};

/** The instant one calendar month later (UTC), on the last day of that month if it is shorter. */
export function plusOneMonth(iso: string): string {
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(d.getUTCDate(), last),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
}

const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

/** What the clocks are computed from. */
export interface ClockFacts {
  serious: boolean;
  seriousCase: SeriousCase | null;
  /** When the organization became aware of the serious incident. */
  awareAt: string | null;
  /** When the incident was classified as serious (DORA: as major). */
  seriousSince: string | null;
  regimes: readonly string[];
  /** The reports to authorities recorded against a clock. */
  reports: readonly { id: string; fulfils: string | null; sentAt: string }[];
}

export interface Clock {
  key: ClockKey;
  regime: Regime;
  title: string;
  /** The legal basis and time limit, in words. */
  basis: string;
  dueAt: string | null;
  state: ClockState;
  /** Seconds from now to the due time (negative when overdue); null when met, late or waiting. */
  remainingSeconds: number | null;
  /** When the report that fulfils it was sent, and which communication it is. */
  fulfilledAt: string | null;
  fulfilledBy: string | null;
  /** For a waiting clock: the report that starts it. */
  waitingFor: ClockKey | null;
}

/** The clocks that apply to an incident: none unless it is serious, then those of its regimes. */
export function applicableClocks(f: Pick<ClockFacts, 'serious' | 'regimes'>): ClockKey[] {
  if (!f.serious) return [];
  return CLOCK_KEYS.filter((k) => f.regimes.includes(CLOCKS[k].regime));
}

/** The due time of a clock from its start, or null when it has not started. */
function dueOf(key: ClockKey, f: ClockFacts, start: string | null): string | null {
  if (!f.awareAt) return null;
  switch (key) {
    case 'ai_act_report':
      return plus(f.awareAt, AI_ACT_DAYS[f.seriousCase ?? 'other'] * DAY);
    case 'nis2_early_warning':
      return plus(f.awareAt, 24 * HOUR);
    case 'nis2_notification':
      return plus(f.awareAt, 72 * HOUR);
    case 'dora_initial': {
      const byAwareness = plus(f.awareAt, 24 * HOUR);
      if (!f.seriousSince) return byAwareness;
      const byClassification = plus(f.seriousSince, 4 * HOUR);
      return byClassification < byAwareness ? byClassification : byAwareness;
    }
    case 'dora_intermediate':
      return start && plus(start, 72 * HOUR);
    case 'nis2_final':
    case 'dora_final':
      return start && plusOneMonth(start);
  }
}

/** Every clock of the incident as it stands at `now` (an ISO instant). */
export function computeClocks(f: ClockFacts, now: string): Clock[] {
  const sent = (key: ClockKey) =>
    f.reports.filter((r) => r.fulfils === key).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  return applicableClocks(f).map((key) => {
    const spec = CLOCKS[key];
    const anchor = spec.after ? sent(spec.after) : [];
    const start = spec.after
      ? ((spec.from === 'latest' ? anchor[anchor.length - 1] : anchor[0])?.sentAt ?? null)
      : null;
    const first = sent(key)[0];
    const basis = key === 'ai_act_report' ? AI_ACT_BASIS[f.seriousCase ?? 'other'] : spec.basis;
    const base = { key, regime: spec.regime, title: spec.title, basis };
    const dueAt = spec.after && !start ? null : dueOf(key, f, start);
    if (first) {
      return {
        ...base,
        dueAt,
        state: dueAt && first.sentAt > dueAt ? 'late' : 'met',
        remainingSeconds: null,
        fulfilledAt: first.sentAt,
        fulfilledBy: first.id,
        waitingFor: null,
      };
    }
    if (!dueAt)
      return {
        ...base,
        dueAt: null,
        state: 'waiting',
        remainingSeconds: null,
        fulfilledAt: null,
        fulfilledBy: null,
        waitingFor: spec.after,
      };
    const remaining = Math.floor((new Date(dueAt).getTime() - new Date(now).getTime()) / 1000);
    return {
      ...base,
      dueAt,
      state: remaining < 0 ? 'overdue' : 'running',
      remainingSeconds: remaining,
      fulfilledAt: null,
      fulfilledBy: null,
      waitingFor: null,
    };
  });
}

/** Whether a clock still asks for a report (running, overdue or waiting for the one before). */
export const isOpen = (c: Clock) =>
  c.state === 'running' || c.state === 'overdue' || c.state === 'waiting';
