import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { answerQuestionnaire, confirmTier } from './commands.js';
import { findClassification } from './queries.js';
import { toClassificationView } from './schemas.js';

const answers = {
  role: 'provider' as const,
  prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
  annexI: false,
  annexIII: [4, 2],
  exceptions: { a: false, b: false, c: false, d: false },
  profiling: true,
  transparency: { interacts: true, synthetic: false, emotion: false, deepfake: false },
  generalPurposeModel: false,
  systemicRisk: false,
};

describe.each(DIALECTS)('EU AI Act commands on %s', (dialect) => {
  let u: Unit;
  let aiSystemId: string;
  beforeAll(async () => {
    u = await openUnit(dialect);
    aiSystemId = (await makeAiSystem(u, { name: 'CV screener' })).id;
  });
  afterAll(() => u?.close());

  const stored = async () => (await findClassification(u.database.db, u.org.id, aiSystemId))!;

  it('stores the answers and the proposal, as the member who answered', async () => {
    const { result, events } = await runAndRecord(
      u,
      answerQuestionnaire,
      { ...answers, aiSystemId },
      { as: u.members.contributor, ifMatch: 0 },
    );
    expect(result).toMatchObject({ status: 'proposed', proposed_tier: 'high_risk', version: 1 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['ai_systems.classify', 'ai_act_classifications', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      ai_system_id: aiSystemId,
      status: 'proposed',
      proposed_tier: 'high_risk',
      role: 'provider',
      answered_by_member_id: u.members.contributor.memberId,
      confirmed_by_member_id: null,
    });
    // Stored in one spelling: Annex III areas in ascending order.
    expect(JSON.parse(String(events[0]!.state!.answers))).toMatchObject({ annexIII: [2, 4] });
  });

  it('refuses If-Match "0" once someone answered, and an unknown system, writing nothing', async () => {
    const head = await u.head();
    await expect(
      u.run(answerQuestionnaire, { ...answers, aiSystemId }, { ifMatch: 0 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(answerQuestionnaire, {
        ...answers,
        aiSystemId: '0190a5d4-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
  });

  it('lets a manager or owner confirm a proposal, and no one else', async () => {
    const row = await stored();
    const as = async (m: keyof Unit['members']) =>
      toClassificationView(row, null, await u.access(u.members[m]), {}).abilities;
    expect(await as('manager')).toEqual({ confirm: true });
    expect(await as('owner')).toEqual({ confirm: true });
    expect(await as('contributor')).toEqual({ confirm: false });
    expect(await as('auditor')).toEqual({ confirm: false });
    expect(await as('viewer')).toEqual({ confirm: false });
    const head = await u.head();
    await expect(
      u.run(confirmTier, { aiSystemId }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('refuses to confirm a system nobody answered for', async () => {
    const other = await makeAiSystem(u);
    const head = await u.head();
    await expect(
      u.run(confirmTier, { aiSystemId: other.id }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);
  });

  it("confirms: the tier becomes the system's, and the classification records who and when", async () => {
    u.clock.set('2026-04-01T10:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      confirmTier,
      { aiSystemId },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(result).toMatchObject({
      status: 'confirmed',
      confirmed_by_member_id: u.members.manager.memberId,
      confirmed_at: '2026-04-01T10:00:00.000Z',
      version: 2,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['ai_systems.confirm_tier', 'ai_systems', aiSystemId],
      ['ai_systems.confirm_tier', 'ai_act_classifications', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({ eu_ai_act_tier: 'high_risk' });
    expect(String(events[0]!.state!.eu_ai_act_reason)).toContain('Art. 6(2)');
    expect(events[1]!.state).toMatchObject({ status: 'confirmed' });
    // Confirmed, nobody may confirm it again.
    const view = toClassificationView(result, null, await u.access(u.members.manager), {});
    expect(view.abilities).toEqual({ confirm: false });
    const head = await u.head();
    await expect(
      u.run(confirmTier, { aiSystemId }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);
  });

  it('keeps the confirmation when the same answers come again, and withdraws it when they change', async () => {
    const head = await u.head();
    const same = await u.run(answerQuestionnaire, {
      ...answers,
      annexIII: [2, 4],
      aiSystemId,
    });
    expect(same).toMatchObject({ status: 'confirmed', version: 2 });
    expect(await u.head()).toBe(head);

    const { result, events } = await runAndRecord(
      u,
      answerQuestionnaire,
      { ...answers, annexIII: [], profiling: false, aiSystemId },
      { as: u.members.contributor, ifMatch: 2 },
    );
    expect(result).toMatchObject({ status: 'proposed', proposed_tier: 'limited_risk' });
    expect(events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['ai_systems.classify', 'ai_act_classifications', 'proposed'],
    ]);
    expect(events[0]!.state).toMatchObject({ confirmed_by_member_id: null, confirmed_at: null });
    expect(
      toClassificationView(result, null, await u.access(u.members.owner), {}).abilities,
    ).toEqual({
      confirm: true,
    });
    expect(await u.verify()).toEqual([]);
  });
});
