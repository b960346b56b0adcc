// The risk criteria while they are being edited. Levels carry a local id so that the matrix and the
// acceptance level follow a level while its key is retyped; keys are put back on the way out.
// Scales grow and shrink at the top: a new likelihood or impact step starts with the cells of the
// step below it, so the matrix never gets holes.

export interface Step {
  label: string;
  description: string;
}

export interface CriteriaShape {
  likelihood: Step[];
  impact: Step[];
  levels: { key: string; label: string }[];
  /** matrix[likelihood - 1][impact - 1] is a level key. */
  matrix: string[][];
  acceptanceLevel: string;
}

export interface DraftLevel {
  id: number;
  key: string;
  label: string;
}

export interface CriteriaDraft {
  likelihood: Step[];
  impact: Step[];
  levels: DraftLevel[];
  /** matrix[l][i] is the id of a draft level. */
  matrix: number[][];
  acceptance: number;
  changeNote: string;
}

export const MIN_STEPS = 3;
export const MAX_STEPS = 7;
export const MIN_LEVELS = 2;
export const MAX_LEVELS = 7;

export function toDraft(c: CriteriaShape): CriteriaDraft {
  const levels = c.levels.map((l, id) => ({ id, key: l.key, label: l.label }));
  const idOf = (key: string) => levels.find((l) => l.key === key)?.id ?? 0;
  return {
    likelihood: c.likelihood.map((s) => ({ ...s })),
    impact: c.impact.map((s) => ({ ...s })),
    levels,
    matrix: c.matrix.map((row) => row.map(idOf)),
    acceptance: idOf(c.acceptanceLevel),
    changeNote: '',
  };
}

export function fromDraft(d: CriteriaDraft): CriteriaShape & { changeNote: string | null } {
  const keyOf = (id: number) => d.levels.find((l) => l.id === id)?.key ?? '';
  return {
    likelihood: d.likelihood.map((s) => ({
      label: s.label.trim(),
      description: s.description.trim(),
    })),
    impact: d.impact.map((s) => ({ label: s.label.trim(), description: s.description.trim() })),
    levels: d.levels.map((l) => ({ key: l.key.trim(), label: l.label.trim() })),
    matrix: d.matrix.map((row) => row.map(keyOf)),
    acceptanceLevel: keyOf(d.acceptance),
    changeNote: d.changeNote.trim() || null,
  };
}

const newStep = (n: number): Step => ({ label: `Level ${n}`, description: '' });

/** The likelihood or impact scale with `n` steps (3 to 7). */
export function resizeScale(
  d: CriteriaDraft,
  axis: 'likelihood' | 'impact',
  n: number,
): CriteriaDraft {
  const size = Math.min(MAX_STEPS, Math.max(MIN_STEPS, Math.trunc(n)));
  const steps = Array.from({ length: size }, (_, k) => d[axis][k] ?? newStep(k + 1));
  const grow = <T>(items: T[], length: number) =>
    Array.from({ length }, (_, k) => items[Math.min(k, items.length - 1)]!);
  const matrix =
    axis === 'likelihood'
      ? grow(d.matrix, size).map((row) => [...row])
      : d.matrix.map((row) => grow(row, size));
  return { ...d, [axis]: steps, matrix };
}

/** A new level at the top (highest), for the cells to be set to it. */
export function addLevel(d: CriteriaDraft): CriteriaDraft {
  if (d.levels.length >= MAX_LEVELS) return d;
  const id = Math.max(...d.levels.map((l) => l.id)) + 1;
  const taken = new Set(d.levels.map((l) => l.key));
  let n = d.levels.length + 1;
  while (taken.has(`level_${n}`)) n++;
  return { ...d, levels: [...d.levels, { id, key: `level_${n}`, label: '' }] };
}

/** Removes a level; its cells, and the acceptance level if it was this one, take the level below (or above, for the lowest). */
export function removeLevel(d: CriteriaDraft, id: number): CriteriaDraft {
  if (d.levels.length <= MIN_LEVELS) return d;
  const index = d.levels.findIndex((l) => l.id === id);
  if (index < 0) return d;
  const heir = d.levels[index === 0 ? 1 : index - 1]!.id;
  const swap = (x: number) => (x === id ? heir : x);
  return {
    ...d,
    levels: d.levels.filter((l) => l.id !== id),
    matrix: d.matrix.map((row) => row.map(swap)),
    acceptance: swap(d.acceptance),
  };
}

export function setCell(d: CriteriaDraft, l: number, i: number, level: number): CriteriaDraft {
  return {
    ...d,
    matrix: d.matrix.map((row, r) => (r === l ? row.map((x, c) => (c === i ? level : x)) : row)),
  };
}

/**
 * Cells whose level is lower than the cell below them (less likely) or to their left (less
 * impact): allowed, but usually a slip, since more likely or worse should not score lower.
 */
export function inversions(d: CriteriaDraft): { l: number; i: number }[] {
  const rank = new Map(d.levels.map((x, k) => [x.id, k]));
  const r = (l: number, i: number) => rank.get(d.matrix[l]![i]!) ?? 0;
  const out: { l: number; i: number }[] = [];
  d.matrix.forEach((row, l) =>
    row.forEach((_, i) => {
      if ((l > 0 && r(l, i) < r(l - 1, i)) || (i > 0 && r(l, i) < r(l, i - 1))) out.push({ l, i });
    }),
  );
  return out;
}
