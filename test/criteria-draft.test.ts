// The web app's risk-criteria draft: every edit it allows still yields criteria the server accepts,
// and the matrix follows levels that are renamed, removed or added.
import { describe, expect, it } from 'vitest';
import { criteriaInput, DEFAULT_CRITERIA } from '../src/modules/risks/criteria.js';
import {
  addLevel,
  fromDraft,
  inversions,
  removeLevel,
  resizeScale,
  setCell,
  toDraft,
} from '../web/src/features/risks/criteria-draft.js';

const accepted = (d: ReturnType<typeof toDraft>) => criteriaInput.safeParse(fromDraft(d));

describe('risk criteria draft', () => {
  it('gives back the criteria it was made from', () => {
    expect(fromDraft(toDraft(DEFAULT_CRITERIA))).toEqual({ ...DEFAULT_CRITERIA, changeNote: null });
  });

  it('grows a scale at the top with the cells of the step below, shrinks it from the top, and stays within 3 to 7', () => {
    const seven = resizeScale(toDraft(DEFAULT_CRITERIA), 'likelihood', 7);
    const out = fromDraft(seven);
    expect(out.likelihood.map((s) => s.label)).toEqual([
      'Rare',
      'Unlikely',
      'Possible',
      'Likely',
      'Almost certain',
      'Level 6',
      'Level 7',
    ]);
    expect(out.matrix).toHaveLength(7);
    expect(out.matrix[5]).toEqual(DEFAULT_CRITERIA.matrix[4]);
    expect(out.matrix[6]).toEqual(DEFAULT_CRITERIA.matrix[4]);
    expect(accepted(seven).success).toBe(true);

    const narrow = fromDraft(resizeScale(seven, 'impact', 3));
    expect(narrow.impact.map((s) => s.label)).toEqual(['Negligible', 'Minor', 'Moderate']);
    expect(narrow.matrix.every((row) => row.length === 3)).toBe(true);
    expect(narrow.matrix[0]).toEqual(['low', 'low', 'low']);
    expect(criteriaInput.safeParse(narrow).success).toBe(true);

    expect(resizeScale(seven, 'likelihood', 2).likelihood).toHaveLength(3);
    expect(resizeScale(seven, 'likelihood', 9).likelihood).toHaveLength(7);
  });

  it('hands the cells and the acceptance level of a removed level to the one below, or above for the lowest', () => {
    const d = toDraft(DEFAULT_CRITERIA);
    const id = (key: string) => d.levels.find((l) => l.key === key)!.id;
    const noMedium = fromDraft(removeLevel(d, id('medium')));
    expect(noMedium.levels.map((l) => l.key)).toEqual(['low', 'high', 'critical']);
    expect(noMedium.acceptanceLevel).toBe('low');
    expect(noMedium.matrix[0]).toEqual(['low', 'low', 'low', 'low', 'low']);
    expect(noMedium.matrix[4]).toEqual(['low', 'high', 'high', 'critical', 'critical']);

    const noLow = fromDraft(removeLevel(d, id('low')));
    expect(noLow.matrix[0]).toEqual(['medium', 'medium', 'medium', 'medium', 'medium']);

    let two = removeLevel(removeLevel(d, id('high')), id('critical'));
    expect(two.levels).toHaveLength(2);
    two = removeLevel(two, id('low'));
    expect(two.levels).toHaveLength(2);
    expect(accepted(two).success).toBe(true);
  });

  it('adds levels at the top up to seven, and keeps cells on a level whose key is retyped', () => {
    let d = toDraft(DEFAULT_CRITERIA);
    d = addLevel(d);
    const added = d.levels.at(-1)!;
    expect(added.key).toBe('level_5');
    d = {
      ...d,
      levels: d.levels.map((l) => (l.id === added.id ? { ...l, label: 'Unacceptable' } : l)),
    };
    d = setCell(d, 4, 4, added.id);
    for (let n = 0; n < 5; n++) d = addLevel(d);
    expect(d.levels).toHaveLength(7);

    const critical = d.levels.find((l) => l.key === 'critical')!.id;
    d = { ...d, levels: d.levels.map((l) => (l.id === critical ? { ...l, key: 'sev' } : l)) };
    d = { ...d, levels: d.levels.map((l) => (l.id === critical ? { ...l, key: 'severe' } : l)) };
    const out = fromDraft(d);
    expect(out.matrix[4]).toEqual(['medium', 'high', 'high', 'severe', 'level_5']);
    expect(out.matrix[3]![4]).toBe('severe');
  });

  it('points out cells that score lower than a less likely or less harmful one', () => {
    const d = toDraft(DEFAULT_CRITERIA);
    expect(inversions(d)).toEqual([]);
    const low = d.levels.find((l) => l.key === 'low')!.id;
    expect(inversions(setCell(d, 4, 4, low))).toEqual([{ l: 4, i: 4 }]);
  });
});
