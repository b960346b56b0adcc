import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { registerOf } from './definitions.js';
import { transitionAiSystem } from './lifecycle.js';
import { toRecordView } from './schemas.js';

const aiSystems = registerOf('ai_systems');

describe.each(DIALECTS)('AI system life cycle on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('moves a system and records the move: the new stage and a transition row, one action', async () => {
    const sys = await makeAiSystem(u);
    u.clock.set('2026-05-04T08:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      transitionAiSystem,
      { aiSystemId: sys.id, toStage: 'design_and_development', reason: 'Board approved.' },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(result).toMatchObject({ lifecycle_stage: 'design_and_development', version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.version])).toEqual([
      ['ai_systems.transition', 'ai_systems', 2],
      ['ai_systems.transition', 'ai_system_transitions', 1],
    ]);
    expect(events[0]!.state).toMatchObject({
      id: sys.id,
      lifecycle_stage: 'design_and_development',
      updated_at: '2026-05-04T08:00:00.000Z',
    });
    expect(events[1]!.state).toMatchObject({
      ai_system_id: sys.id,
      from_stage: 'inception',
      to_stage: 'design_and_development',
      reason: 'Board approved.',
      actor: `user:${u.members.contributor.userId}`,
      created_at: '2026-05-04T08:00:00.000Z',
    });
    expect(events.every((e) => e.actor === `user:${u.members.contributor.userId}`)).toBe(true);
  });

  it('refuses a move to the same stage, a stale If-Match and a viewer, and writes nothing', async () => {
    const sys = await makeAiSystem(u);
    const head = await u.head();
    await expect(
      u.run(transitionAiSystem, { aiSystemId: sys.id, toStage: 'inception', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 422,
      errors: [{ pointer: '/body/toStage', message: 'Same as the current stage.' }],
    });
    await expect(
      u.run(
        transitionAiSystem,
        { aiSystemId: sys.id, toStage: 'deployment', reason: 'x' },
        { ifMatch: 2 },
      ),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(
        transitionAiSystem,
        { aiSystemId: sys.id, toStage: 'deployment', reason: 'x' },
        { as: u.members.viewer },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(transitionAiSystem, { aiSystemId: sys.id, toStage: 'deployment', reason: '  ' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await u.head()).toBe(head);
  });

  it('keeps a retired system retired, and writes nothing for the refused move', async () => {
    const sys = await makeAiSystem(u, { lifecycleStage: 'operation_and_monitoring' });
    await u.run(transitionAiSystem, { aiSystemId: sys.id, toStage: 'retirement', reason: 'Old' });
    const head = await u.head();
    await expect(
      u.run(transitionAiSystem, { aiSystemId: sys.id, toStage: 'deployment', reason: 'Back' }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      errors: [{ pointer: '/body/toStage', message: 'The system is retired.' }],
    });
    expect(await u.head()).toBe(head);
    expect(await u.verify()).toEqual([]);
  });

  it('tells each caller the stages they may move a system to: none to viewers, none once retired', async () => {
    const sys = await makeAiSystem(u, { lifecycleStage: 'deployment' });
    const view = async (as: Parameters<Unit['access']>[0]) =>
      toRecordView(aiSystems, sys, await u.access(as)).nextStages;
    expect(await view(u.members.contributor)).toEqual([
      'inception',
      'design_and_development',
      'verification_and_validation',
      'operation_and_monitoring',
      'continuous_validation',
      're_evaluation',
      'retirement',
    ]);
    expect(await view(u.members.viewer)).toEqual([]);
    expect(await view(u.members.auditor)).toEqual([]);
    const retired = await u.run(transitionAiSystem, {
      aiSystemId: sys.id,
      toStage: 'retirement',
      reason: 'Replaced',
    });
    expect(toRecordView(aiSystems, retired, await u.access()).nextStages).toEqual([]);
  });
});
