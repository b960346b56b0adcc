import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.js';
import { summarize, type RequirementResult } from './engine.js';
import { ASSESSABLE } from './requirements.js';

describe('readiness summary', () => {
  it('names every group by its clause or Annex A domain title from the catalog', () => {
    const results: RequirementResult[] = ASSESSABLE.map((r) => ({
      ...r,
      status: 'missing',
      reasons: [],
    }));
    const { byGroup } = summarize(results);
    const titles = Object.fromEntries(byGroup.map((g) => [g.id, g.title]));
    expect(titles['4']).toBe(CATALOG.clauses.find((c) => c.id === '4')!.title);
    expect(titles['A.2']).toBe(CATALOG.annexA.domains.find((d) => d.id === 'A.2')!.title);
    // Seven clauses (4–10) and nine domains (A.2–A.10), each with a title of its own.
    expect(byGroup).toHaveLength(16);
    for (const g of byGroup) expect(g.title).not.toBe(g.id);
  });
});
