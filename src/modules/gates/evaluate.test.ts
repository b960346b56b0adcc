import { describe, expect, it } from 'vitest';
import type { Row } from '../../db/schema.js';
import type { Check, Criterion } from './criteria.js';
import { evaluateCriterion, versionUnderCheck, type Facts } from './evaluate.js';

/** The criteria decided on hand-made facts: each kind of check, met and unmet, and its reason. */
const system = {
  id: 's1',
  org_id: 'o1',
  name: 'Triage',
  intended_use: 'Sorting incoming referrals.',
  human_oversight: null,
} as unknown as Row<'ai_systems'>;

const facts = (more: Partial<Facts> = {}): Facts => ({
  today: '2026-06-01',
  system,
  assessments: [],
  risks: [],
  datasets: [],
  models: [],
  evidence: [],
  ...more,
});
const criterion = (check: Check): Criterion => ({
  id: 'c',
  title: 'C',
  control: '8.1',
  why: null,
  check,
});
const decide = (check: Check, f: Facts, version: string | null = null) => {
  const r = evaluateCriterion(criterion(check), f, version);
  return [r.met, r.reason, r.records.map((x) => x.id)] as const;
};

describe('evaluating gate criteria', () => {
  it('takes the model version given, else the newest registered, else none', () => {
    const models = [
      { id: 'm2', name: 'clf', model_version: '2.0', model_card_url: null, created_at: 'b' },
      { id: 'm1', name: 'clf', model_version: '1.0', model_card_url: 'https://x', created_at: 'a' },
    ];
    expect(versionUnderCheck(facts({ models }), '3.0')).toEqual({
      modelVersion: '3.0',
      source: 'given',
    });
    expect(versionUnderCheck(facts({ models }), null).modelVersion).toBe('2.0');
    expect(versionUnderCheck(facts(), undefined)).toEqual({ modelVersion: null, source: 'none' });
    const check: Check = { kind: 'model_version', modelCard: true };
    expect(decide(check, facts({ models }), '2.0')).toEqual([
      false,
      'Model version 2.0 (clf) has no model card.',
      ['m2'],
    ]);
    expect(decide(check, facts({ models }), '1.0')[0]).toBe(true);
    expect(decide(check, facts({ models }), '9.9')[1]).toBe(
      'Model version 9.9 is not in the model inventory of this system.',
    );
  });

  it('counts risks treated, closed or accepted until their acceptance expires', () => {
    const check: Check = { kind: 'risks_treated', atLeastOne: true };
    const risk = (id: string, status: string, acceptedUntil: string | null = null) => ({
      id,
      title: `Risk ${id}`,
      status,
      acceptedUntil,
    });
    expect(decide(check, facts())[0]).toBe(false);
    expect(decide({ ...check, atLeastOne: false }, facts())[0]).toBe(true);
    const risks = [
      risk('r1', 'treated'),
      risk('r2', 'closed'),
      risk('r3', 'accepted', '2026-12-31'),
      risk('r4', 'accepted', '2026-05-31'),
      risk('r5', 'treatment_planned'),
    ];
    expect(decide(check, facts({ risks }))).toEqual([
      false,
      '2 of 5 risks neither treated nor accepted: “Risk r4” (acceptance expired on 2026-05-31), “Risk r5” (treatment planned).',
      ['r4', 'r5'],
    ]);
    expect(decide(check, facts({ risks: risks.slice(0, 3) }))[0]).toBe(true);
  });

  it('asks every dataset for what the criterion names', () => {
    const check: Check = {
      kind: 'datasets',
      fields: ['qualityChecks', 'provenance'],
      atLeastOne: true,
    };
    const d = (id: string, quality: string | null, provenance: string | null) => ({
      id,
      name: id,
      quality_checks: quality,
      provenance,
      preparation: null,
    });
    expect(decide(check, facts())[1]).toBe('No dataset recorded for this system.');
    expect(decide(check, facts({ datasets: [d('a', 'ok', 'ok'), d('b', ' ', null)] }))).toEqual([
      false,
      '1 of 2 datasets lack records: “b” (no quality checks, no provenance).',
      ['b'],
    ]);
    expect(decide(check, facts({ datasets: [d('a', 'ok', 'ok')] }))[0]).toBe(true);
  });

  it('reads the impact assessments: a draft will do, or an approved one within its due date', () => {
    const a = (id: string, status: string, due: string | null = null) => ({
      id,
      title: id,
      status,
      approved_at: status === 'approved' ? '2026-01-10T09:00:00.000Z' : null,
      next_due_date: due,
    });
    const draft: Check = { kind: 'impact_assessment', approved: false };
    const approved: Check = { kind: 'impact_assessment', approved: true };
    expect(decide(draft, facts({ assessments: [a('d', 'draft')] }))[0]).toBe(true);
    expect(decide(approved, facts({ assessments: [a('d', 'draft')] }))[1]).toBe(
      'Impact assessment “d” is not approved yet.',
    );
    expect(decide(approved, facts({ assessments: [a('x', 'approved', '2026-05-01')] }))[1]).toBe(
      'Impact assessment “x” was due for review on 2026-05-01.',
    );
    expect(decide(approved, facts({ assessments: [a('x', 'approved', '2027-01-10')] }))).toEqual([
      true,
      'Impact assessment “x” approved on 2026-01-10.',
      ['x'],
    ]);
    expect(decide(draft, facts({ assessments: [a('old', 'superseded')] }))[0]).toBe(false);
  });

  it('asks the system record for its fields, and evidence for its validity and link', () => {
    expect(decide({ kind: 'system_fields', fields: ['intendedUse'] }, facts())[0]).toBe(true);
    expect(
      decide({ kind: 'system_fields', fields: ['intendedUse', 'humanOversight'] }, facts())[1],
    ).toBe('The AI system record does not state its human oversight.');
    const e = (id: string, more: object = {}) => ({
      id,
      ai_system_id: 's1',
      kind: 'monitoring_plan',
      model_version: null,
      created_at: 't',
      evidence_id: `e-${id}`,
      title: `Plan ${id}`,
      filename: null,
      blob_sha256: null,
      valid_from: null,
      valid_until: null,
      link_id: 'l',
      ...more,
    });
    const check: Check = { kind: 'evidence', evidenceKind: 'monitoring_plan', per: 'system' };
    const evidence = [e('1', { link_id: null }), e('2', { valid_from: '2026-07-01' })];
    expect(decide(check, facts({ evidence }))[1]).toBe(
      'No valid monitoring plan evidence linked to this system: “Plan 1” is no longer linked to the system, “Plan 2” counts only from 2026-07-01.',
    );
    expect(decide(check, facts({ evidence: [...evidence, e('3')] }))).toEqual([
      true,
      'Valid monitoring plan evidence linked to this system: “Plan 3”.',
      ['e-3'],
    ]);
    expect(decide({ ...check, per: 'model_version' }, facts({ evidence: [e('3')] }), null)[1]).toBe(
      'No model version to check: give one, or register one for this system.',
    );
  });
});
