// Readiness over time on the dashboard: a small line chart of the overall readiness at the end
// of each week or month, newest on the right, with the points in a table for those who cannot
// see the chart. Fetched in a call of its own once the panel comes into view, so the dashboard's
// first load stays one call for its content.
import { useEffect, useId, useRef, useState } from 'react';
import { useData } from '../../lib/data';
import { historyApi, type HistoryPoint } from './api';
import './dashboard.css';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 48, right: 16, top: 12, bottom: 32 };

const days = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayOf = (p: HistoryPoint) => days.format(new Date(p.at));

export function ReadinessTrend({ slug }: { slug: string }) {
  const id = useId();
  const panel = useRef<HTMLElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = panel.current;
    if (seen || !el) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  const history = useData(seen ? `${slug}|readiness-history` : null, () => historyApi.get(slug));
  const points = history.data?.points ?? null;
  let body;
  if (!points) body = <p className="muted">{history.error ?? 'Loading…'}</p>;
  else if (points.length < 2)
    body = (
      <p className="muted">
        Nothing to compare yet: the history starts with the first week or month recorded.
      </p>
    );
  else body = <TrendChart id={id} points={points} interval={history.data!.interval} />;
  return (
    <section ref={panel} className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Readiness over time</h2>
      {body}
    </section>
  );
}

function TrendChart({
  id,
  points,
  interval,
}: {
  id: string;
  points: HistoryPoint[];
  interval: 'week' | 'month';
}) {
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (i / (points.length - 1)) * innerWidth;
  const y = (v: number) => PAD.top + (1 - v / 100) * innerHeight;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const description = `${points.length} points, at the end of each ${interval} from ${dayOf(first)} and now: from ${first.readiness}% to ${last.readiness}%. The table lists each point.`;
  return (
    <figure className="trend-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <desc id={`${id}-desc`}>{description}</desc>
        <line className="trend-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(0)} />
        <line className="trend-axis" x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} />
        {[0, 50, 100].map((v) => (
          <text key={v} className="trend-label" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {v}%
          </text>
        ))}
        <polyline
          className="trend-line"
          points={points.map((p, i) => `${x(i)},${y(p.readiness)}`).join(' ')}
        />
        {points.map((p, i) => (
          <circle key={p.at} className="trend-point" cx={x(i)} cy={y(p.readiness)} r={4}>
            <title>{`${dayOf(p)}: ${p.readiness}%`}</title>
          </circle>
        ))}
        <text className="trend-label" x={x(0)} y={HEIGHT - 8} textAnchor="start">
          {dayOf(first)}
        </text>
        <text className="trend-label" x={x(points.length - 1)} y={HEIGHT - 8} textAnchor="end">
          Now
        </text>
      </svg>
      <figcaption className="muted">{description}</figcaption>
      <table className="visually-hidden" aria-label="Readiness over time, oldest first">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Readiness</th>
            <th scope="col">Met</th>
            <th scope="col">Partial</th>
            <th scope="col">Missing</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.at}>
              <th scope="row">{i === points.length - 1 ? `${dayOf(p)} (now)` : dayOf(p)}</th>
              <td>{p.readiness}%</td>
              <td>{p.met}</td>
              <td>{p.partial}</td>
              <td>{p.missing}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
