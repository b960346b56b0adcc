// A metric's series as an SVG line chart with its thresholds, and its text alternative: a
// sentence on the trend (the chart's description) and, on the page, a table of the points.
import type { Metric, Point } from './api';

const W = 720;
const H = 260;
const PAD = { left: 56, right: 16, top: 16, bottom: 36 };

const fmt = (n: number) => (Math.abs(n) >= 1000 ? n.toFixed(0) : String(+n.toPrecision(4)));
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One sentence on the series: span, latest value and status, range, direction of the trend. */
export function trendSentence(m: Metric, points: Point[]): string {
  if (!points.length) return `${m.name} has no measurements yet.`;
  const unit = m.unit ? ` ${m.unit}` : '';
  const values = points.map((p) => p.value);
  const last = points[points.length - 1]!;
  const n = Math.min(10, Math.floor(points.length / 2));
  let trend = '';
  if (n >= 1) {
    const recent = avg(values.slice(-n));
    const before = avg(values.slice(-2 * n, -n));
    const delta = recent - before;
    const better = m.direction === 'higher_is_better' ? delta > 0 : delta < 0;
    trend =
      Math.abs(delta) < 1e-9
        ? ` The last ${n} values average the same as the ${n} before them.`
        : ` The last ${n} values average ${fmt(recent)}${unit}, ${better ? 'better' : 'worse'} than the ${n} before them (${fmt(before)}${unit}).`;
  }
  const warn = points.filter((p) => p.status === 'warn').length;
  const breach = points.filter((p) => p.status === 'breach').length;
  return (
    `${points.length} measurements from ${day.format(new Date(points[0]!.at))} to ${day.format(new Date(last.at))}, ` +
    `between ${fmt(Math.min(...values))} and ${fmt(Math.max(...values))}${unit}; the latest is ${fmt(last.value)}${unit} (${last.status}).` +
    trend +
    ` ${warn} beyond the warning threshold, ${breach} beyond the breach threshold of ${fmt(m.breachThreshold)}${unit}.`
  );
}

export function SeriesChart({ metric, points }: { metric: Metric; points: Point[] }) {
  if (!points.length) return null;
  const times = points.map((p) => Date.parse(p.at));
  const lines = [
    metric.breachThreshold,
    ...(metric.warnThreshold === null ? [] : [metric.warnThreshold]),
  ];
  const values = [...points.map((p) => p.value), ...lines];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const margin = (hi - lo) * 0.08;
  lo -= margin;
  hi += margin;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times) === t0 ? t0 + 1 : Math.max(...times);
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + ((hi - v) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const path = points
    .map((p, i) => `${i ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const ticks = [lo + margin, (lo + hi) / 2, hi - margin];
  return (
    <svg
      className="series-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby="series-chart-title series-chart-desc"
    >
      <title id="series-chart-title">{`${metric.name}: measurements over time`}</title>
      <desc id="series-chart-desc">{trendSentence(metric, points)}</desc>
      <line className="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <line
        className="axis"
        x1={PAD.left}
        x2={W - PAD.right}
        y1={H - PAD.bottom}
        y2={H - PAD.bottom}
      />
      {ticks.map((v) => (
        <text key={v} className="tick" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
          {fmt(v)}
        </text>
      ))}
      <text className="tick" x={PAD.left} y={H - 12}>
        {day.format(new Date(t0))}
      </text>
      <text className="tick" x={W - PAD.right} y={H - 12} textAnchor="end">
        {day.format(new Date(t1))}
      </text>
      <line
        className="threshold breach"
        x1={PAD.left}
        x2={W - PAD.right}
        y1={y(metric.breachThreshold)}
        y2={y(metric.breachThreshold)}
      />
      <text
        className="threshold-label breach"
        x={W - PAD.right - 4}
        y={y(metric.breachThreshold) - 4}
        textAnchor="end"
      >
        breach {fmt(metric.breachThreshold)}
      </text>
      {metric.warnThreshold !== null && (
        <>
          <line
            className="threshold warn"
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(metric.warnThreshold)}
            y2={y(metric.warnThreshold)}
          />
          <text
            className="threshold-label warn"
            x={W - PAD.right - 4}
            y={y(metric.warnThreshold) - 4}
            textAnchor="end"
          >
            warning {fmt(metric.warnThreshold)}
          </text>
        </>
      )}
      <path className="series" d={path} />
      {points.map((p, i) =>
        p.status === 'ok' ? null : (
          <circle
            key={p.id}
            className={`mark ${p.status}`}
            cx={x(times[i]!)}
            cy={y(p.value)}
            r={3}
          />
        ),
      )}
    </svg>
  );
}
