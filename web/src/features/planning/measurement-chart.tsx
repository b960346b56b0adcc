// A small line chart of an objective's measurements against its target. The table of
// measurements beside it is the record; the chart only shows the trend, and says in words what
// it shows for those who cannot see it.
import { useId } from 'react';
import type { Measurement, Objective } from './api';
import { amount, dayText, targetText } from './words';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 72, right: 16, top: 16, bottom: 36 };
/** How far apart two value labels on the axis must be not to overlap. */
const LABEL_GAP = 14;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export function MeasurementChart({
  objective,
  measurements,
}: {
  objective: Objective;
  measurements: Measurement[];
}) {
  const id = useId();
  if (measurements.length === 0) return null;
  // Oldest first; measurements of the same day stay in the order they were recorded.
  const points = [...measurements].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
  const values = points.map((p) => p.value);
  const low = Math.min(...values, objective.target);
  const high = Math.max(...values, objective.target);
  const spread = high - low || Math.abs(high) || 1;
  const bottom = low - spread * 0.1;
  const top = high + spread * 0.1;
  const first = dayNumber(points[0]!.measuredOn);
  const last = dayNumber(points[points.length - 1]!.measuredOn);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (day: string) =>
    PAD.left +
    (last === first ? innerWidth / 2 : ((dayNumber(day) - first) / (last - first)) * innerWidth);
  const y = (v: number) => PAD.top + (1 - (v - bottom) / (top - bottom)) * innerHeight;
  const unit = objective.unit;
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const range =
    lowest === highest
      ? `all at ${amount(lowest, unit)}`
      : `from ${amount(lowest, unit)} to ${amount(highest, unit)}`;
  const period =
    first === last
      ? `on ${dayText(points[0]!.measuredOn)}`
      : `between ${dayText(points[0]!.measuredOn)} and ${dayText(points[points.length - 1]!.measuredOn)}`;
  const description = `${points.length === 1 ? 'One measurement' : `${points.length} measurements`} ${period}, ${range}. The target is ${targetText(objective)}. The table lists each measurement.`;
  const targetY = y(objective.target);
  return (
    <figure className="objective-chart">
      <figcaption id={`${id}-caption`}>{objective.metric} over time</figcaption>
      <p className="chart-legend">
        <span className="chart-key chart-key-line" /> measured value{' '}
        <span className="chart-key chart-key-target" /> target, {targetText(objective)}
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-caption`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <desc id={`${id}-desc`}>{description}</desc>
        <line
          className="chart-axis"
          x1={PAD.left}
          y1={PAD.top}
          x2={PAD.left}
          y2={HEIGHT - PAD.bottom}
        />
        <line
          className="chart-axis"
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
        />
        <text className="chart-label" x={PAD.left - 6} y={y(highest) + 4} textAnchor="end">
          {amount(highest, unit)}
        </text>
        {lowest !== highest && (
          <text className="chart-label" x={PAD.left - 6} y={y(lowest) + 4} textAnchor="end">
            {amount(lowest, unit)}
          </text>
        )}
        <line
          className="chart-target"
          x1={PAD.left}
          y1={targetY}
          x2={WIDTH - PAD.right}
          y2={targetY}
        />
        {Math.abs(targetY - y(highest)) >= LABEL_GAP &&
          Math.abs(targetY - y(lowest)) >= LABEL_GAP && (
            <text
              className="chart-label chart-target-label"
              x={PAD.left - 6}
              y={targetY + 4}
              textAnchor="end"
            >
              {amount(objective.target, unit)}
            </text>
          )}
        {points.length > 1 && (
          <polyline
            className="chart-line"
            points={points.map((p) => `${x(p.measuredOn)},${y(p.value)}`).join(' ')}
          />
        )}
        {points.map((p) => (
          <circle key={p.id} className="chart-point" cx={x(p.measuredOn)} cy={y(p.value)} r={4}>
            <title>{`${dayText(p.measuredOn)}: ${amount(p.value, unit)}`}</title>
          </circle>
        ))}
        <text
          className="chart-label"
          x={x(points[0]!.measuredOn)}
          y={HEIGHT - PAD.bottom + 20}
          textAnchor={first === last ? 'middle' : 'start'}
        >
          {dayText(points[0]!.measuredOn)}
        </text>
        {first !== last && (
          <text
            className="chart-label"
            x={x(points[points.length - 1]!.measuredOn)}
            y={HEIGHT - PAD.bottom + 20}
            textAnchor="end"
          >
            {dayText(points[points.length - 1]!.measuredOn)}
          </text>
        )}
      </svg>
    </figure>
  );
}
