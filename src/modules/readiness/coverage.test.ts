import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, mappingsTo } from '../../catalog/index.js';
import { coverage, type DirectEvidence } from './coverage.js';
import type { RequirementResult } from './engine.js';

const results = (status: Record<string, RequirementResult['status']>): RequirementResult[] =>
  REQUIREMENTS.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    group: '',
    status: status[r.id] ?? 'missing',
    reasons: [],
  }));
const entryOf = (
  r: RequirementResult[],
  fw: string,
  ref: string,
  direct?: Map<string, DirectEvidence[]>,
) =>
  coverage(r, direct)
    .find((f) => f.id === fw)!
    .entries.find((e) => e.ref === ref);

describe('framework coverage', () => {
  // EU AI Act Art. 12 (record-keeping) is reached from A.6.2.8 by an intersecting, high link.
  it('follows the counting links: met, partly met, missing, not applicable', () => {
    const counting = mappingsTo('eu-ai-act', 'Art. 12').filter(
      (m) => m.relationship === 'intersects' && m.confidence !== 'low',
    );
    expect(counting.map((m) => m.from)).toContain('A.6.2.8');
    const all = (s: RequirementResult['status']) =>
      Object.fromEntries(counting.map((m) => [m.from, s]));
    expect(entryOf(results(all('met')), 'eu-ai-act', 'Art. 12')?.status).toBe('met');
    expect(entryOf(results(all('partial')), 'eu-ai-act', 'Art. 12')?.status).toBe('partial');
    expect(entryOf(results({}), 'eu-ai-act', 'Art. 12')?.status).toBe('missing');
    const na = coverage(results(all('not_applicable'))).find((f) => f.id === 'eu-ai-act')!;
    expect(na.entries.find((e) => e.ref === 'Art. 12')).toMatchObject({
      status: 'not_applicable',
      linked: 0,
    });
  });

  it('counts valid direct evidence only, and pointer-only entries in the denominator', () => {
    const expired = new Map([
      ['iso27001:A.8.8', [{ id: 'e1', title: 'x', state: 'expired' as const }]],
    ]);
    expect(entryOf(results({}), 'iso27001', 'A.8.8', expired)?.status).toBe('not_credited');
    const valid = new Map([
      ['iso27001:A.8.8', [{ id: 'e2', title: 'y', state: 'valid' as const }]],
    ]);
    const iso = coverage(results({}), valid).find((f) => f.id === 'iso27001')!;
    expect(iso.entries.find((e) => e.ref === 'A.8.8')?.status).toBe('met');
    expect(iso.reached).toBe(iso.met + iso.partial + iso.missing + iso.notCredited);
    expect(iso.coverage).toBeCloseTo((100 * iso.met) / iso.reached, 0);
  });
});
