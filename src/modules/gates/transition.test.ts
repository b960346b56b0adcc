import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptGates, pushEvidence } from '../../../test/factories/gates.js';
import { makeApprovedAssessment } from '../../../test/factories/impact.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { LIFECYCLE_STAGES, transitionAiSystem } from '../registers/index.js';
import { STAGES } from './criteria.js';
import { evaluateGates } from './gate.js';

/** A system in verification and validation, ready to be moved towards deployment. */
const inValidation = (u: Unit) =>
  makeAiSystem(u, { lifecycleStage: 'verification_and_validation' });
const move = (aiSystemId: string, gateOverride?: string) => ({
  aiSystemId,
  toStage: 'deployment' as const,
  reason: 'Release 2.4.0.',
  ...(gateOverride ? { gateOverride } : {}),
});

describe.each(DIALECTS)('transitions through gates on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('names the stages as the registers do', () => {
    expect(STAGES).toEqual(LIFECYCLE_STAGES);
  });

  it('refuses nothing until criteria are adopted, nor while they only advise; the gate still reports', async () => {
    const sys = await inValidation(u);
    const [proposed] = await evaluateGates(u.database.db, sys, ['deployment'], null, '2026-03-02');
    expect(proposed).toMatchObject({ criteria: undefined, enforced: false, passed: false });
    expect(proposed!.results.map((r) => r.criterion.id)).toEqual([
      'vv-evidence',
      'impact-approved',
      'risks-treated',
      'deployment-plan',
      'user-information',
    ]);
    const { events } = await runAndRecord(u, transitionAiSystem, move(sys.id));
    expect(events.map((e) => e.entity)).toEqual(['ai_systems', 'ai_system_transitions']);

    await adoptGates(u, { enforced: false });
    const other = await inValidation(u);
    const advised = await runAndRecord(u, transitionAiSystem, move(other.id));
    expect(advised.events.map((e) => e.entity)).toEqual(['ai_systems', 'ai_system_transitions']);
  });

  it('refuses a move while its enforced gate fails, naming every unmet criterion, and writes nothing', async () => {
    await adoptGates(u);
    const sys = await inValidation(u);
    await makeAiModel(u, { aiSystemId: sys.id, modelVersion: '2.4.0' });
    const head = await u.head();
    const refused = await u
      .run(transitionAiSystem, move(sys.id), { as: u.members.contributor })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'GATE_FAILED', status: 409 });
    const { message, errors } = refused as { message: string; errors: object[] };
    expect(message).toMatch(/^The gate into Deployment fails: 5 of 5 criteria unmet\./);
    expect(errors).toEqual([
      {
        pointer: '/gate/vv-evidence',
        message:
          'Verification and validation results for the model version (A.6.2.4): No test report evidence for model version 2.4.0.',
      },
      {
        pointer: '/gate/impact-approved',
        message:
          'An approved impact assessment of the system (A.5.3): No impact assessment of this system.',
      },
      {
        pointer: '/gate/risks-treated',
        message:
          'Every risk of the system treated or accepted (8.3): No risks recorded for this system: assess its risks first.',
      },
      {
        pointer: '/gate/deployment-plan',
        message:
          'A deployment plan with a way to roll back (A.6.2.5): No deployment plan evidence linked to this system.',
      },
      {
        pointer: '/gate/user-information',
        message:
          'Information for the users of the system (A.8.2): No user information evidence linked to this system.',
      },
    ]);
    // A contributor may not override; nothing is written either way.
    await expect(
      u.run(transitionAiSystem, move(sys.id, 'Go anyway.'), { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('lets a manager override a failed gate with a justification, kept with the move', async () => {
    const sys = await inValidation(u);
    const manager = u.members.manager;
    const { result, events } = await runAndRecord(
      u,
      transitionAiSystem,
      move(sys.id, 'Pilot with ten users; the report follows on Friday.'),
      { as: manager },
    );
    expect(result.lifecycle_stage).toBe('deployment');
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['ai_systems.transition', 'ai_systems'],
      ['ai_systems.transition', 'ai_system_transitions'],
      ['ai_systems.transition', 'gate_overrides'],
    ]);
    const state = events[2]!.state!;
    expect(state).toMatchObject({
      ai_system_id: sys.id,
      transition_id: events[1]!.entity_id,
      from_stage: 'verification_and_validation',
      to_stage: 'deployment',
      justification: 'Pilot with ten users; the report follows on Friday.',
      member_id: manager.memberId,
    });
    expect(JSON.parse(String(state.unmet)).map((r: { id: string }) => r.id)).toEqual([
      'vv-evidence',
      'impact-approved',
      'risks-treated',
      'deployment-plan',
      'user-information',
    ]);
  });

  it('lets the move through once the records meet the gate, with no override recorded', async () => {
    const sys = await inValidation(u);
    await makeAiModel(u, { aiSystemId: sys.id, modelVersion: '2.4.0' });
    await makeApprovedAssessment(u, { aiSystemId: sys.id });
    await makeRisk(u, { aiSystemIds: [sys.id], status: 'treated' });
    await pushEvidence(u, sys.id, 'test_report', { modelVersion: '2.4.0' });
    for (const kind of ['deployment_plan', 'user_information']) await pushEvidence(u, sys.id, kind);
    const [gate] = await evaluateGates(u.database.db, sys, ['deployment'], null, '2026-03-02');
    expect(gate!.results.filter((r) => !r.met).map((r) => r.reason)).toEqual([]);
    const { events } = await runAndRecord(
      u,
      transitionAiSystem,
      move(sys.id, 'Not needed: the gate passes.'),
      { as: u.members.contributor },
    );
    expect(events.map((e) => e.entity)).toEqual(['ai_systems', 'ai_system_transitions']);
    expect(await u.verify()).toEqual([]);
  });
});
