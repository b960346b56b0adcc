import { describe, expect, it } from 'vitest';
import {
  answersSchema,
  normalizeAnswers,
  proposeTier,
  sameAnswers,
  type Answers,
  type AnswersInput,
} from './classify.js';

const none: Answers = answersSchema.parse({
  role: 'provider',
  prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
  annexI: false,
  annexIII: [],
  exceptions: { a: false, b: false, c: false, d: false },
  profiling: false,
  transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
  generalPurposeModel: false,
  systemicRisk: false,
});

describe('EU AI Act tier proposal', () => {
  it('is minimal with no finding, with only the AI literacy duty', () => {
    const p = proposeTier(none);
    expect(p.tier).toBe('minimal_risk');
    expect(p.obligations.map((o) => o.ref)).toEqual(['Art. 4']);
  });
  it('puts a prohibited practice above everything else', () => {
    const p = proposeTier({ ...none, annexIII: [4], prohibited: { ...none.prohibited, f: true } });
    expect(p.tier).toBe('prohibited');
    expect(p.reasons[0]!.ref).toBe('Art. 5(1)(f)');
  });
  it('makes Annex III high-risk, with provider and deployer duties by role', () => {
    const p = proposeTier({ ...none, role: 'both', annexIII: [4] });
    expect(p.tier).toBe('high_risk');
    const refs = (who: string) => p.obligations.filter((o) => o.who === who).map((o) => o.ref);
    expect(refs('provider')).toEqual(
      expect.arrayContaining([
        'Art. 9',
        'Art. 10',
        'Art. 15',
        'Art. 17',
        'Art. 43(2)',
        'Art. 72',
        'Art. 73',
      ]),
    );
    expect(refs('deployer')).toEqual(
      expect.arrayContaining(['Art. 26(1), Art. 26(2)', 'Art. 26(6)', 'Art. 26(11)']),
    );
    // A private employer's CV screener needs no fundamental rights impact assessment.
    expect(refs('deployer')).not.toContain('Art. 27');
    expect(
      proposeTier({ ...none, role: 'deployer', annexIII: [4] }).obligations.some(
        (o) => o.who === 'provider',
      ),
    ).toBe(false);
  });
  it('applies the Art. 6(3) exceptions, except when the system profiles people', () => {
    const excepted = proposeTier({
      ...none,
      annexIII: [5],
      exceptions: { ...none.exceptions, a: true },
    });
    expect(excepted.tier).toBe('minimal_risk');
    expect(excepted.obligations.map((o) => o.ref)).toContain('Art. 6(4), Art. 49(2)');
    expect(
      proposeTier({
        ...none,
        annexIII: [5],
        exceptions: { ...none.exceptions, a: true },
        profiling: true,
      }).tier,
    ).toBe('high_risk');
    expect(
      proposeTier({ ...none, annexI: true, exceptions: { ...none.exceptions, a: true } }).tier,
    ).toBe('high_risk');
  });
  it('marks transparency cases as limited risk, and general-purpose models', () => {
    const chat = proposeTier({ ...none, transparency: { ...none.transparency, interacts: true } });
    expect(chat.tier).toBe('limited_risk');
    expect(chat.obligations.map((o) => o.ref)).toContain('Art. 50(1)');
    const gpai = proposeTier({ ...none, generalPurposeModel: true, systemicRisk: true });
    expect(gpai.tier).toBe('general_purpose');
    expect(gpai.obligations.map((o) => o.ref)).toEqual(
      expect.arrayContaining(['Art. 52(1)', 'Art. 53(1)(a)', 'Art. 55(1)']),
    );
    // A high-risk system stays high-risk when it also chats.
    expect(
      proposeTier({
        ...none,
        annexIII: [3],
        transparency: { ...none.transparency, interacts: true },
      }).tier,
    ).toBe('high_risk');
  });
});

describe('comparing answers', () => {
  it('treats the same answers in another order as the same, and any changed answer as a change', () => {
    const a: Answers = {
      ...none,
      annexIII: [4, 2],
      transparency: { deepfake: false, emotion: false, synthetic: false, interacts: true },
    };
    const b: Answers = {
      ...none,
      annexIII: [2, 4],
      transparency: { ...none.transparency, interacts: true },
    };
    expect(sameAnswers(a, b)).toBe(true);
    expect(JSON.stringify(normalizeAnswers(a))).toBe(JSON.stringify(normalizeAnswers(b)));
    expect(normalizeAnswers(a).annexIII).toEqual([2, 4]);
    expect(sameAnswers(a, { ...b, annexIII: [2] })).toBe(false);
    expect(sameAnswers(a, { ...b, role: 'both' })).toBe(false);
    expect(sameAnswers(a, { ...b, exceptions: { ...b.exceptions, d: true } })).toBe(false);
  });

  it('reads answers stored before the scope gate with the defaults of the new answers', () => {
    const old: AnswersInput = {
      role: 'deployer',
      prohibited: {
        a: false,
        b: false,
        c: false,
        d: false,
        e: false,
        f: false,
        g: false,
        h: false,
      },
      annexI: false,
      annexIII: [4],
      exceptions: { a: false, b: false, c: false, d: false },
      profiling: true,
      transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
      generalPurposeModel: false,
      systemicRisk: false,
    };
    const read = answersSchema.parse(old);
    expect(read).toMatchObject({
      union: true,
      scope: { military: false, opensource: false },
      deployerKind: 'private',
      annexISection: 'A',
      openSourceModel: false,
    });
    expect(sameAnswers(old, read)).toBe(true);
    expect(proposeTier(read).tier).toBe('high_risk');
    expect(proposeTier(old)).toEqual(proposeTier(read));
  });
});
