// Realistic systems, each written from the Regulation's text, and what a lawyer expects the
// proposal to say: the tier, and the duties (who: article) it must and must not list.
import { describe, expect, it } from 'vitest';
import { proposeTier, withDefaults, type Answers } from './classify.js';

type Case = {
  system: string;
  answers: Partial<Answers>;
  tier: string;
  /** Duties as "who: ref" that must be listed. */
  has?: string[];
  /** Duties as "who: ref" that must not be listed. */
  lacks?: string[];
  /** References the reasons must cite. */
  because?: string[];
  /** Exactly these duties. */
  only?: string[];
};

const none = { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false };
const rbi = (o: Partial<Answers['rbi']>) => ({
  used: true,
  objective: false,
  law: false,
  assessment: false,
  authorisation: false,
  notification: false,
  ...o,
});
const PROVIDER_HIGH_RISK = [
  'provider: Art. 9',
  'provider: Art. 16',
  'provider: Art. 17',
  'provider: Art. 18',
  'provider: Art. 19',
  'provider: Art. 20',
  'provider: Art. 47',
  'provider: Art. 48',
  'provider: Art. 72',
  'provider: Art. 73',
];

const CASES: Case[] = [
  {
    system: 'CV screening bought by a private employer (Annex III point 4(a)), deployer',
    answers: { role: 'deployer', annexIII: [4], profiling: true },
    tier: 'high_risk',
    has: [
      'deployer: Art. 26(1), Art. 26(2)',
      'deployer: Art. 26(6)',
      'deployer: Art. 26(7)',
      'deployer: Art. 26(11)',
      'deployer: Art. 86(1)',
      'deployer: Art. 4',
    ],
    lacks: ['deployer: Art. 27', 'deployer: Art. 26(8), Art. 49(3)', 'provider: Art. 16'],
  },
  {
    system: 'Credit scoring of consumers by a bank (Annex III point 5(b)), deployer',
    answers: {
      role: 'deployer',
      annexIIIPoints: { credit: true, insurance: false },
      profiling: true,
    },
    tier: 'high_risk',
    has: ['deployer: Art. 27', 'deployer: Art. 26(11)'],
    because: ['Art. 6(2)'],
  },
  {
    system: 'Life insurance pricing (Annex III point 5(c)) by an insurer, deployer',
    answers: { role: 'deployer', annexIIIPoints: { credit: false, insurance: true } },
    tier: 'high_risk',
    has: ['deployer: Art. 27'],
  },
  {
    system: 'Admission decisions at a public university (Annex III point 3(a)), deployer',
    answers: { role: 'deployer', deployerKind: 'public_authority', annexIII: [3] },
    tier: 'high_risk',
    has: ['deployer: Art. 27', 'deployer: Art. 26(8), Art. 49(3)'],
  },
  {
    system: 'Student assessment at a private school providing public education, deployer',
    answers: { role: 'deployer', deployerKind: 'public_service', annexIII: [3] },
    tier: 'high_risk',
    has: ['deployer: Art. 27'],
    lacks: ['deployer: Art. 26(8), Art. 49(3)'],
  },
  {
    system: 'Grid load control by a municipal utility (Annex III point 2), deployer',
    answers: { role: 'deployer', deployerKind: 'public_authority', annexIII: [2] },
    tier: 'high_risk',
    has: ['deployer: Art. 26(1), Art. 26(2)'],
    lacks: ['deployer: Art. 27', 'deployer: Art. 26(8), Art. 49(3)', 'deployer: Art. 86(1)'],
  },
  {
    system: 'Grid load control (Annex III point 2), its provider',
    answers: { role: 'provider', annexIII: [2] },
    tier: 'high_risk',
    has: ['provider: Art. 49(5)', 'provider: Art. 43(2)'],
    lacks: ['provider: Art. 49(1)'],
  },
  {
    system: 'Recruitment software sold by its developer (Annex III point 4), provider',
    answers: { role: 'provider', annexIII: [4], profiling: true },
    tier: 'high_risk',
    has: [...PROVIDER_HIGH_RISK, 'provider: Art. 43(2)', 'provider: Art. 49(1)'],
    lacks: ['provider: Art. 22(1)', 'deployer: Art. 26(6)'],
  },
  {
    system: 'Recruitment software from a provider established in the US',
    answers: { role: 'provider', outsideUnion: true, annexIII: [4] },
    tier: 'high_risk',
    has: ['provider: Art. 22(1)'],
  },
  {
    system: 'Autonomous targeting system for the armed forces',
    answers: { role: 'provider', scope: { ...noScope(), military: true }, annexIII: [1] },
    tier: 'out_of_scope',
    only: [],
    because: ['Art. 2(3)'],
  },
  {
    system: 'A lab prototype for a research paper only',
    answers: { role: 'provider', scope: { ...noScope(), research: true }, annexIII: [4] },
    tier: 'out_of_scope',
    only: [],
    because: ['Art. 2(6)'],
  },
  {
    system: 'A model being tested in-house before launch, no real-world testing',
    answers: { role: 'provider', scope: { ...noScope(), premarket: true } },
    tier: 'out_of_scope',
    because: ['Art. 2(8)'],
  },
  {
    system: 'A system sold only in Japan whose output never reaches the EU',
    answers: { role: 'provider', union: false, annexIII: [4] },
    tier: 'out_of_scope',
    only: [],
    because: ['Art. 2(1)'],
  },
  {
    system: 'An open-source text classifier, not high-risk, no Art. 5 or Art. 50 case',
    answers: { role: 'provider', scope: { ...noScope(), opensource: true } },
    tier: 'out_of_scope',
    only: [],
    because: ['Art. 2(12)'],
  },
  {
    system: 'An open-source emotion recognition system',
    answers: {
      role: 'provider',
      scope: { ...noScope(), opensource: true },
      transparency: { interacts: false, synthetic: false, emotion: true, deepfake: false },
    },
    tier: 'high_risk',
    has: ['provider: Art. 16', 'provider: Art. 43(1)', 'provider: Art. 49(1), Art. 49(4)'],
    because: ['Annex III point 1(b), Annex III point 1(c)', 'Art. 2(12)'],
  },
  {
    system: 'An open-source chatbot (Art. 50(1))',
    answers: {
      role: 'provider',
      scope: { ...noScope(), opensource: true },
      transparency: { interacts: true, synthetic: false, emotion: false, deepfake: false },
    },
    tier: 'limited_risk',
    has: ['provider: Art. 50(1)'],
  },
  {
    system: 'Customer-mood analysis in a call centre (emotion recognition, not at work), deployer',
    answers: {
      role: 'deployer',
      transparency: { interacts: false, synthetic: false, emotion: true, deepfake: false },
    },
    tier: 'high_risk',
    has: ['deployer: Art. 50(3)', 'deployer: Art. 26(1), Art. 26(2)'],
  },
  {
    system: 'Emotion recognition of employees at the workplace',
    answers: {
      role: 'deployer',
      prohibited: { ...none, f: true },
      transparency: { interacts: false, synthetic: false, emotion: true, deepfake: false },
    },
    tier: 'prohibited',
    only: ['deployer: Art. 5'],
    because: ['Art. 5(1)(f)'],
  },
  {
    system: 'Importer of a US-made high-risk CV screener',
    answers: { role: 'importer', annexIII: [4] },
    tier: 'high_risk',
    has: ['importer: Art. 23(1)', 'importer: Art. 23(2)', 'importer: Art. 23(3), Art. 23(4)'],
    lacks: ['provider: Art. 16', 'deployer: Art. 26(6)', 'importer: Art. 4'],
  },
  {
    system: 'Reseller (distributor) of a high-risk exam proctoring system',
    answers: { role: 'distributor', annexIII: [3] },
    tier: 'high_risk',
    has: ['distributor: Art. 24(1)', 'distributor: Art. 24(4)'],
    lacks: ['provider: Art. 16'],
  },
  {
    system: 'Distributor of a minimal-risk spam filter',
    answers: { role: 'distributor' },
    tier: 'minimal_risk',
    only: [],
  },
  {
    system: 'EU authorised representative of a non-EU provider of a high-risk system',
    answers: { role: 'authorised_representative', annexIII: [4] },
    tier: 'high_risk',
    only: ['authorised_representative: Art. 22(3)', 'authorised_representative: Art. 22(4)'],
  },
  {
    system: 'Deployer that substantially modifies a high-risk CV screener',
    answers: {
      role: 'deployer',
      annexIII: [4],
      providerEvents: { name: false, modification: true, purpose: false },
    },
    tier: 'high_risk',
    has: [...PROVIDER_HIGH_RISK, 'deployer: Art. 26(6)'],
    because: ['Art. 25(1)(b)'],
  },
  {
    system: 'Distributor that rebrands a high-risk system under its own name',
    answers: {
      role: 'distributor',
      annexIII: [4],
      providerEvents: { name: true, modification: false, purpose: false },
    },
    tier: 'high_risk',
    has: PROVIDER_HIGH_RISK,
    lacks: ['distributor: Art. 24(1)'],
    because: ['Art. 25(1)(a)'],
  },
  {
    system: 'Diagnostic imaging software, a medical device (Annex I Section A), provider',
    answers: { role: 'provider', annexI: true, annexISection: 'A' },
    tier: 'high_risk',
    has: [...PROVIDER_HIGH_RISK, 'provider: Art. 43(3)'],
    lacks: ['provider: Art. 49(1)', 'provider: Art. 43(2)'],
    because: ['Art. 6(1)'],
  },
  {
    system: 'Machine maker putting an AI safety component in its machinery under its name',
    answers: { role: 'product_manufacturer', annexI: true },
    tier: 'high_risk',
    has: [...PROVIDER_HIGH_RISK, 'provider: Art. 43(3)'],
    because: ['Art. 25(3)'],
  },
  {
    system: 'Emergency braking in a type-approved car (Annex I Section B), provider',
    answers: { role: 'provider', annexI: true, annexISection: 'B' },
    tier: 'high_risk',
    only: ['provider: Art. 2(2)'],
    because: ['Art. 6(1), Art. 2(2)'],
  },
  {
    system: 'Real-time face recognition by police to find an abducted child, lawful',
    answers: {
      role: 'deployer',
      deployerKind: 'public_authority',
      rbi: rbi({ objective: true, law: true, assessment: true, authorisation: true }),
    },
    tier: 'high_risk',
    has: [
      'deployer: Art. 5(2)',
      'deployer: Art. 5(3)',
      'deployer: Art. 5(4)',
      'deployer: Art. 27',
      'deployer: Art. 26(8), Art. 49(3)',
    ],
    because: ['Art. 5(1)(h), Art. 5(5), Annex III point 1(a)'],
  },
  {
    system: 'Real-time face recognition by police at a football match, no listed objective',
    answers: { role: 'deployer', deployerKind: 'public_authority', rbi: rbi({ law: true }) },
    tier: 'prohibited',
    only: ['deployer: Art. 5'],
    because: ['Art. 5(1)(h), Art. 5(5)'],
  },
  {
    system: 'Provider of a frontier general-purpose model with systemic risk',
    answers: { role: 'provider', generalPurposeModel: true, systemicRisk: true },
    tier: 'general_purpose',
    has: [
      'provider: Art. 52(1)',
      'provider: Art. 53(1)(a)',
      'provider: Art. 53(1)(b)',
      'provider: Art. 53(1)(c)',
      'provider: Art. 53(1)(d)',
      'provider: Art. 55(1)',
    ],
  },
  {
    system: 'Open-source general-purpose model without systemic risk',
    answers: { role: 'provider', generalPurposeModel: true, openSourceModel: true },
    tier: 'general_purpose',
    has: ['provider: Art. 53(2)', 'provider: Art. 53(1)(c)', 'provider: Art. 53(1)(d)'],
    lacks: ['provider: Art. 53(1)(a)', 'provider: Art. 53(1)(b)', 'provider: Art. 55(1)'],
  },
  {
    system: 'Open-source general-purpose model with systemic risk: no exemption',
    answers: {
      role: 'provider',
      generalPurposeModel: true,
      systemicRisk: true,
      openSourceModel: true,
      outsideUnion: true,
    },
    tier: 'general_purpose',
    has: ['provider: Art. 53(1)(a)', 'provider: Art. 52(1)', 'provider: Art. 54(1)'],
    lacks: ['provider: Art. 53(2)'],
  },
  {
    system: 'A chatbot on a shop website, provider and deployer',
    answers: {
      role: 'both',
      transparency: { interacts: true, synthetic: false, emotion: false, deepfake: false },
    },
    tier: 'limited_risk',
    only: ['provider: Art. 50(1)', 'provider: Art. 4', 'deployer: Art. 4'],
  },
];

function noScope() {
  return { military: false, research: false, premarket: false, personal: false, opensource: false };
}

describe('EU AI Act classification of realistic systems', () => {
  it.each(CASES)('$system → $tier', (c) => {
    const p = proposeTier(withDefaults(c.answers));
    const duties = p.obligations.map((o) => `${o.who}: ${o.ref}`);
    expect(p.tier).toBe(c.tier);
    if (c.has) expect(duties).toEqual(expect.arrayContaining(c.has));
    for (const d of c.lacks ?? []) expect(duties).not.toContain(d);
    if (c.only) expect(duties.sort()).toEqual([...c.only].sort());
    if (c.because) expect(p.reasons.map((r) => r.ref)).toEqual(expect.arrayContaining(c.because));
    // Every duty names its article and that article's title.
    for (const o of p.obligations) {
      expect(o.ref).toMatch(/^Art\. \d+/);
      expect(o.title).not.toBe(o.ref);
    }
    if (p.tier === 'out_of_scope') expect(p.obligations).toEqual([]);
  });

  it('exempts purely personal use only for a deployer', () => {
    const personal = { scope: { ...noScope(), personal: true } };
    expect(proposeTier(withDefaults({ ...personal, role: 'deployer' })).tier).toBe('out_of_scope');
    const provider = proposeTier(withDefaults({ ...personal, role: 'provider' }));
    expect(provider.tier).toBe('minimal_risk');
    expect(provider.reasons.map((r) => r.ref)).toContain('Art. 2(10)');
  });
});
