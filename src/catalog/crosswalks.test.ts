import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { at, remove, set, type JsonTree } from '../../test/json-tree.js';
import {
  CATALOG,
  CROSSWALKS,
  FRAMEWORKS,
  credits,
  frameworkEntry,
  mappingsTo,
  parseCrosswalks,
} from './index.js';

const readOwn = (file: string): JsonTree =>
  JSON.parse(fs.readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as JsonTree;

const pair = (m: { from: string; framework: string; ref: string }) =>
  `${m.from} → ${m.framework} ${m.ref}`;

describe('crosswalk integrity', () => {
  it('has each pair once', () => {
    const seen = new Set<string>();
    const twice = CROSSWALKS.map(pair).filter((k) => seen.has(k) || !seen.add(k));
    expect(twice).toEqual([]);
  });

  it('rejects a duplicated mapping and a strength stated by halves, naming the entry', () => {
    const cw = readOwn('crosswalks.json');
    const mappings = at(cw, 'mappings') as JsonTree[];
    mappings.push(mappings[0]!);
    set(cw, ['mappings', 1, 'relationship'], 'intersects');
    remove(cw, 'mappings', 1, 'confidence');
    const message = (() => {
      try {
        parseCrosswalks(cw, CATALOG);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/mappings\[1\]: .* states a relationship without a confidence/);
    expect(message).toMatch(new RegExp(`mappings\\[${mappings.length - 1}\\]: duplicate mapping`));
  });

  it('credits only equivalent or intersecting links of medium or high confidence', () => {
    expect(credits({ relationship: 'equivalent', confidence: 'high' })).toBe(true);
    expect(credits({ relationship: 'intersects', confidence: 'medium' })).toBe(true);
    expect(credits({ relationship: 'intersects', confidence: 'low' })).toBe(false);
    expect(credits({ relationship: 'related', confidence: 'medium' })).toBe(false);
    expect(credits({ relationship: 'subset', confidence: 'high' })).toBe(false);
    expect(credits({})).toBe(false);
  });

  it('keeps no ISO/IEC 27001 pair inferred only through the SCF, and nothing from it', () => {
    expect(Object.keys(CATALOG.legend.provenance)).not.toContain('scf-derived');
    expect(CROSSWALKS.filter((m) => m.provenance.includes('scf-derived'))).toEqual([]);
    // The pair that credited 27001's audit programme from 42001's context clause.
    expect(mappingsTo('iso27001', '9.2.2').map((m) => [m.from, m.relationship])).toEqual([
      ['9.2.2', 'equivalent'],
    ]);
  });

  it('does not rate a link high where the article note says ISO/IEC 42001 covers only part', () => {
    for (const [from, ref] of [
      ['A.8.4', 'Art. 73'],
      ['A.6.2.6', 'Art. 72'],
    ] as const) {
      expect(frameworkEntry('eu-ai-act', ref)?.note).toMatch(/extra duty|no post-market/);
      const m = mappingsTo('eu-ai-act', ref).find((x) => x.from === from);
      expect(m?.confidence, `${from} → ${ref}`).toBe('medium');
    }
  });

  it('lists every ISO/IEC 27001:2022 Annex A control, so evidence can target any of them', () => {
    const fw = FRAMEWORKS.find((f) => f.id === 'iso27001')!;
    const count = (theme: string) =>
      fw.entries.filter((e) => e.kind === 'control' && e.parent === theme).length;
    expect(['A.5', 'A.6', 'A.7', 'A.8'].map(count)).toEqual([37, 8, 14, 34]);
    for (const theme of ['A.5', 'A.6', 'A.7', 'A.8'])
      for (let n = 1; n <= count(theme); n++)
        expect(frameworkEntry('iso27001', `${theme}.${n}`), `${theme}.${n}`).toBeDefined();
    expect(frameworkEntry('iso27001', 'A.5.3')?.title).toBe('Segregation of duties');
    expect(frameworkEntry('iso27001', 'A.8.24')?.title).toBe('Use of cryptography');
  });

  it('uses the published titles it was told about', () => {
    expect(frameworkEntry('iso27001', '6.3')?.title).toBe('Planning of changes');
    const annexIII = at(readOwn('eu-ai-act.json'), 'annexIII') as { n: number; title: string }[];
    expect(annexIII.find((a) => a.n === 4)?.title).toBe(
      'Employment, workers’ management and access to self-employment',
    );
  });
});

const REFERENCE = new URL('../../../shared/reference/', import.meta.url);
const hasReference = fs.existsSync(fileURLToPath(REFERENCE));
const readRef = <T>(file: string): T =>
  JSON.parse(fs.readFileSync(new URL(file, REFERENCE), 'utf8')) as T;

describe.skipIf(!hasReference)('crosswalks against ../shared/reference', () => {
  it("carries NIST's complete AI RMF crosswalk as published, with no strength of its own", () => {
    const ref = readRef<{ mappings: Record<string, string[]> }>('nist-ai-rmf-42001-crosswalk.json');
    const published = Object.entries(ref.mappings).flatMap(([sub, ids]) =>
      ids.map((id) => `${id} → nist-ai-rmf ${sub}`),
    );
    expect(new Set(published).size).toBe(280);
    const fromNist = CROSSWALKS.filter((m) => m.provenance.includes('nist-airc-crosswalk'));
    expect(fromNist.map(pair).sort()).toEqual([...new Set(published)].sort());
    // A pair only NIST lists states no relationship or confidence; where one is stated, another
    // source (an analyst's judgement) is named beside it.
    const invented = fromNist.filter(
      (m) =>
        (m.relationship !== undefined || m.confidence !== undefined) && m.provenance.length === 1,
    );
    expect(invented.map(pair)).toEqual([]);
  });

  it('titles every framework entry as the reference does (two ISO/IEC 27001 slips excepted)', () => {
    type RefLink = { ref: string; title?: string };
    const ref = readRef<{
      mappings: { iso27001_2022: RefLink[] }[];
      references: {
        eu_ai_act_articles: Record<string, string>;
        gdpr_articles: Record<string, string>;
      };
      eu_ai_act_risk_tiers: { tiers: { annex_iii_areas?: { n: number; title: string }[] }[] };
    }>('crosswalks.json');
    // The reference list's wording for these two differs from the published standard, which the
    // iso27001.json provenance records: 6.1.2 adds a word, 7.5.2 capitalizes one.
    const published: Record<string, string> = {
      '6.1.2': 'Information security risk assessment',
      '7.5.2': 'Creating and updating documented information',
    };
    const titles: Record<string, Record<string, string>> = {
      iso27001: Object.fromEntries(
        ref.mappings.flatMap((m) =>
          m.iso27001_2022.flatMap((e) =>
            e.title ? [[e.ref, published[e.ref] ?? e.title] as const] : [],
          ),
        ),
      ),
      'eu-ai-act': ref.references.eu_ai_act_articles,
      gdpr: ref.references.gdpr_articles,
    };
    let checked = 0;
    const differing = FRAMEWORKS.flatMap((f) =>
      f.entries.flatMap((e) => {
        const expected = titles[f.id]?.[e.ref];
        if (expected === undefined) return [];
        checked++;
        return expected === e.title ? [] : [`${f.id} ${e.ref}: "${e.title}" ≠ "${expected}"`];
      }),
    );
    expect(differing).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    const areas = ref.eu_ai_act_risk_tiers.tiers.flatMap((t) => t.annex_iii_areas ?? []);
    expect(areas).toHaveLength(8);
    expect(at(readOwn('eu-ai-act.json'), 'annexIII')).toEqual(
      areas.map((a) => ({ n: a.n, title: a.title })),
    );
  });
});
