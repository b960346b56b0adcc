import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWERS } from './classify.js';
import { sectorSuggestions } from './sector-defaults.js';

describe('questionnaire suggestions from sectors', () => {
  it('names the Annex III points with their hints, sectors and question, and the deploying body', () => {
    const s = sectorSuggestions(['finance', 'public_sector']);
    expect(s.sectors).toEqual([
      { id: 'finance', title: 'Finance' },
      { id: 'public_sector', title: 'Public sector' },
    ]);
    const credit = s.suggestions.annexIII.find((a) => a.point === '5(b)');
    expect(credit).toMatchObject({ area: 5, question: 'credit', sectors: ['finance'] });
    expect(credit!.hints[0]).toMatch(/creditworthiness/i);
    expect(s.suggestions.annexIII.find((a) => a.point === '5(c)')?.question).toBe('insurance');
    expect(s.suggestions.annexIII.find((a) => a.point === '6')).toMatchObject({
      area: 6,
      areaTitle: 'Law enforcement',
      question: null,
      sectors: ['public_sector'],
    });
    expect(s.suggestions.deployerKind).toEqual([
      { kind: 'public_law', hints: [expect.any(String)], sectors: ['public_sector'] },
    ]);
  });

  it('merges sectors that suggest the same thing and never changes the defaults', () => {
    const s = sectorSuggestions(['healthcare', 'education', 'employment', 'manufacturing']);
    expect(s.defaults).toEqual(DEFAULT_ANSWERS);
    expect(s.defaults.annexIII).toEqual([]);
    expect(s.suggestions.annexIII.find((a) => a.point === '4(b)')?.sectors).toEqual([
      'manufacturing',
      'employment',
    ]);
    expect(s.suggestions.deployerKind).toEqual([
      {
        kind: 'public_service',
        hints: [expect.any(String), expect.any(String)],
        sectors: ['healthcare', 'education'],
      },
    ]);
  });

  it('suggests nothing without sectors', () => {
    expect(sectorSuggestions([])).toEqual({
      sectors: [],
      defaults: DEFAULT_ANSWERS,
      suggestions: { annexIII: [], deployerKind: [] },
    });
  });
});
