// The level a likelihood × impact pair gets, shown while the pair is picked in the risk form: the
// same rule as the server's, matrix[likelihood − 1][impact − 1] of the criteria in force.
import { useState, type ReactNode } from 'react';
import type { Criteria } from './api';
import { LevelBadge } from './risks-section';

export const levelOf = (c: Criteria, l: number | null, i: number | null): string | null =>
  l && i ? (c.matrix[l - 1]?.[i - 1] ?? null) : null;

/**
 * A fieldset holding a likelihood and an impact select (named `<prefix>Likelihood` and
 * `<prefix>Impact`), with the level they give below them, updated as either changes.
 */
export function ScoredFieldset({
  legend,
  prefix,
  criteria,
  initial,
  children,
}: {
  legend: string;
  prefix: 'inherent' | 'residual';
  criteria: Criteria;
  initial: [number | null, number | null];
  children: ReactNode;
}) {
  const [[l, i], setPair] = useState(initial);
  const level = levelOf(criteria, l, i);
  return (
    <fieldset
      className="field fieldset"
      onChange={(e) => {
        const form = e.currentTarget;
        const read = (name: string) => {
          const el = form.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
          return el?.value ? Number(el.value) : null;
        };
        setPair([read(`${prefix}Likelihood`), read(`${prefix}Impact`)]);
      }}
    >
      <legend>{legend}</legend>
      {children}
      <p className="computed-level" aria-live="polite">
        {level ? (
          <>
            Level on the criteria in force: <LevelBadge level={level} criteria={criteria} />
          </>
        ) : (
          <span className="muted">Pick a likelihood and an impact to see the level.</span>
        )}
      </p>
    </fieldset>
  );
}
