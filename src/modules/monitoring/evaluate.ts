import type { Direction, PointStatus } from './schemas.js';

/** A metric's thresholds as numbers. */
export interface Thresholds {
  direction: Direction;
  warn: number | null;
  breach: number;
}

/** Whether `a` is on the bad side of `b` for the metric's direction (equal is not). */
export const worse = (direction: Direction, a: number, b: number) =>
  direction === 'higher_is_better' ? a < b : a > b;

/**
 * A point's status against the thresholds in force: beyond the breach threshold is a breach,
 * beyond the warning threshold a warning, anything else ok. A value equal to a threshold is not
 * beyond it.
 */
export function classify(t: Thresholds, value: number): PointStatus {
  if (worse(t.direction, value, t.breach)) return 'breach';
  if (t.warn !== null && worse(t.direction, value, t.warn)) return 'warn';
  return 'ok';
}

/**
 * What is inconsistent in a definition, as field errors: a warning threshold on the wrong side
 * of the breach threshold, a declared level missing, present without a declared accuracy metric,
 * or itself a breach.
 */
export function thresholdProblems(
  t: Thresholds,
  accuracy: boolean,
  declared: number | null,
): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const better = t.direction === 'higher_is_better' ? 'above' : 'below';
  if (t.warn !== null && !worse(t.direction, t.breach, t.warn))
    out.push({
      pointer: '/body/warnThreshold',
      message: `With ${t.direction.replaceAll('_', ' ')}, the warning threshold must be ${better} the breach threshold (${t.breach}).`,
    });
  if (accuracy && declared === null)
    out.push({
      pointer: '/body/declaredLevel',
      message: 'A declared accuracy metric needs the level declared.',
    });
  if (!accuracy && declared !== null)
    out.push({
      pointer: '/body/declaredLevel',
      message: 'Only a declared accuracy metric (accuracy: true) has a declared level.',
    });
  if (accuracy && declared !== null && classify(t, declared) === 'breach')
    out.push({
      pointer: '/body/declaredLevel',
      message: `The declared level is itself beyond the breach threshold (${t.breach}).`,
    });
  return out;
}
