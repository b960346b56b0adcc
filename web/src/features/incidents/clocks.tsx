// The reporting clocks of a serious incident: each with its legal basis, when it is due and how
// long is left (or how long overdue), in words first and by colour second.
import { Badge, When } from '../../components/page';
import { Link, sectionHref } from '../../router';
import type { Clock, OpenClock } from './api';
import { CLOCK_TONE, CLOCK_WORD, clockSentence } from './words';
import './incidents.css';

export function ClockItem({ c, heading = true }: { c: Clock; heading?: boolean }) {
  return (
    <li className={`clock clock-${c.state}`}>
      <div className="clock-head">
        {heading ? <h3>{c.title}</h3> : <strong>{c.title}</strong>}
        <Badge tone={CLOCK_TONE[c.state]}>{CLOCK_WORD[c.state]}</Badge>
      </div>
      <p className="clock-when">
        <strong>{clockSentence(c)}</strong>
        {c.dueAt && (
          <>
            {' '}
            Due <When at={c.dueAt} />.
          </>
        )}
        {c.fulfilledAt && (
          <>
            {' '}
            Sent <When at={c.fulfilledAt} />.
          </>
        )}
      </p>
      <p className="hint">{c.basis}</p>
    </li>
  );
}

/** Every clock of an incident (none when it is not serious). */
export function ClockList({ clocks }: { clocks: Clock[] }) {
  return (
    <ul className="clock-list" aria-label="Reporting clocks">
      {clocks.map((c) => (
        <ClockItem key={c.key} c={c} />
      ))}
    </ul>
  );
}

/** The organization's open clocks (dashboard): the overdue first, each with its incident. */
export function OpenClockList({ slug, items }: { slug: string; items: OpenClock[] }) {
  return (
    <ul className="plain-list open-clocks">
      {items.map((o) => (
        <li
          key={`${o.incidentId}|${o.clock.key}`}
          className={o.clock.state === 'overdue' ? 'warning-text' : undefined}
        >
          <Badge tone={CLOCK_TONE[o.clock.state]}>{CLOCK_WORD[o.clock.state]}</Badge>{' '}
          {o.clock.title}: {clockSentence(o.clock)}{' '}
          <Link href={sectionHref(slug, 'incidents', o.incidentId)}>{o.incidentTitle}</Link>
        </li>
      ))}
    </ul>
  );
}
