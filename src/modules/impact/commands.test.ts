import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { makeAssessment, makeImpact } from '../../../test/factories/impact.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { findRecord, today } from '../../kernel/records.js';
import {
  addItem,
  approveAssessment,
  createAssessment,
  removeItem,
  updateAssessment,
  updateItem,
} from './commands.js';
import { assessmentViewOf } from './schemas.js';

const impact = {
  affected: 'groups' as const,
  dimension: 'fairness' as const,
  description: 'Older patients ranked lower.',
  severity: 4,
  likelihood: 3,
};

describe.each(DIALECTS)('impact assessment commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const load = async (id: string) =>
    (await findRecord(u.database.db, 'impact_assessments', u.org.id, id))!;
  const abilitiesOf = async (id: string, as: UnitMember) =>
    (
      await assessmentViewOf(
        u.database.db,
        await u.access(as),
        await load(id),
        today(u.clock.now()),
      )
    ).abilities;

  it('starts a draft as its author, of a system and one of its model versions', async () => {
    const sys = await makeAiSystem(u);
    const model = await makeAiModel(u, { aiSystemId: sys.id });
    const { result, events } = await runAndRecord(
      u,
      createAssessment,
      { aiSystemId: sys.id, aiModelId: model.id, title: 'Triage IA', dpiaReference: 'DPIA-7' },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({
      status: 'draft',
      author_member_id: u.members.contributor.memberId,
      review_cycle_months: 12,
      version: 1,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['impact_assessments.create', 'impact_assessments', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      ai_system_id: sys.id,
      ai_model_id: model.id,
      status: 'draft',
      dpia_reference: 'DPIA-7',
      approved_at: null,
    });
  });

  it('refuses an unknown system and a model version of another system, writing nothing', async () => {
    const sys = await makeAiSystem(u);
    const foreign = await makeAiModel(u);
    const head = await u.head();
    await expect(
      u.run(createAssessment, { aiSystemId: '0190a5d4-0000-7000-8000-000000000000', title: 'x' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/aiSystemId', message: 'No such AI system.' }],
    });
    await expect(
      u.run(createAssessment, { aiSystemId: sys.id, aiModelId: foreign.id, title: 'x' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    const a = await makeAssessment(u, { aiSystemId: sys.id });
    const after = await u.head();
    await expect(
      u.run(updateAssessment, { assessmentId: a.id, aiModelId: foreign.id }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    expect(await u.head()).toBe(after);
    expect(after).toBe(head + 1);
  });

  it('changes a draft, at the version the caller read', async () => {
    const a = await makeAssessment(u);
    const head = await u.head();
    await expect(
      u.run(updateAssessment, { assessmentId: a.id, summary: 'x' }, { ifMatch: 2 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      updateAssessment,
      { assessmentId: a.id, summary: 'Interviews.', reviewCycleMonths: 6 },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ summary: 'Interviews.', review_cycle_months: 6, version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.version])).toEqual([
      ['impact_assessments.update', 'impact_assessments', 2],
    ]);
    expect(events[0]!.state).toMatchObject({ summary: 'Interviews.', review_cycle_months: 6 });
  });

  it('records, replaces and removes impacts, moving the assessment version each time', async () => {
    const a = await makeAssessment(u, {}, { as: u.members.contributor });
    const added = await runAndRecord(
      u,
      addItem,
      { ...impact, assessmentId: a.id, controlIds: ['A.7.4'] },
      { as: u.members.contributor },
    );
    expect(added.events.map((e) => [e.action, e.entity, e.entity_id, e.version])).toEqual([
      ['impact_assessments.add_impact', 'impact_assessments', a.id, 2],
      ['impact_assessments.add_impact', 'impact_items', added.result.id, 1],
    ]);
    expect(added.events[1]!.state).toMatchObject({
      assessment_id: a.id,
      severity: 4,
      control_ids: '["A.7.4"]',
      risk_ids: '[]',
    });

    const replaced = await runAndRecord(
      u,
      updateItem,
      { ...impact, severity: 5, assessmentId: a.id, itemId: added.result.id },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(replaced.events.map((e) => [e.action, e.entity, e.version, e.state?.severity])).toEqual([
      ['impact_assessments.update_impact', 'impact_assessments', 3, undefined],
      ['impact_assessments.update_impact', 'impact_items', 2, 5],
    ]);
    // The replacement leaves out the controls: a PUT replaces the whole impact.
    expect(replaced.events[1]!.state).toMatchObject({ control_ids: '[]' });

    const removed = await runAndRecord(
      u,
      removeItem,
      { assessmentId: a.id, itemId: added.result.id },
      { as: u.members.contributor, ifMatch: 2 },
    );
    expect(removed.events.map((e) => [e.action, e.entity, e.version, e.state === null])).toEqual([
      ['impact_assessments.remove_impact', 'impact_assessments', 4, false],
      ['impact_assessments.remove_impact', 'impact_items', null, true],
    ]);
  });

  it('refuses an unknown risk, a stale impact and an impact of another assessment, writing nothing', async () => {
    const item = await makeImpact(u);
    const other = await makeAssessment(u);
    const head = await u.head();
    await expect(
      u.run(addItem, {
        ...impact,
        assessmentId: item.assessment_id,
        riskIds: ['0190a5d4-0000-7000-8000-000000000000'],
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/riskIds/0', message: 'No such risk.' }],
    });
    await expect(
      u.run(removeItem, { assessmentId: item.assessment_id, itemId: item.id }, { ifMatch: 9 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(updateItem, { ...impact, assessmentId: other.id, itemId: item.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
  });

  it('is approved by another manager only, once it records an impact, and writing nothing when refused', async () => {
    const author = u.members.manager;
    const a = await makeAssessment(u, {}, { as: author });
    const head = await u.head();
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: u.members.owner }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    await makeImpact(u, { assessmentId: a.id }, { as: author });
    const afterImpact = await u.head();
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: author }),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL', status: 422 });
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: 'host' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: u.members.owner, ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(afterImpact);
    expect(afterImpact).toBe(head + 2);

    u.clock.set('2026-04-01T10:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      approveAssessment,
      { assessmentId: a.id },
      { as: u.members.owner, ifMatch: 2 },
    );
    expect(result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.owner.memberId,
      approved_at: '2026-04-01T10:00:00.000Z',
      next_due_date: '2027-04-01',
      version: 3,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.status])).toEqual([
      ['impact_assessments.approve', 'impact_assessments', a.id, 'approved'],
    ]);

    // Approved is locked, and is not approved twice.
    const locked = await u.head();
    await expect(
      u.run(updateAssessment, { assessmentId: a.id, title: 'Changed' }),
    ).rejects.toMatchObject({ code: 'VERSION_LOCKED', status: 409 });
    await expect(u.run(addItem, { ...impact, assessmentId: a.id })).rejects.toMatchObject({
      code: 'VERSION_LOCKED',
      status: 409,
    });
    await expect(
      u.run(approveAssessment, { assessmentId: a.id }, { as: u.members.owner }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(locked);

    // The next approved assessment of the system supersedes it, in the same command.
    const next = await makeAssessment(u, { aiSystemId: a.ai_system_id }, { as: author });
    await makeImpact(u, { assessmentId: next.id }, { as: author });
    const superseding = await runAndRecord(
      u,
      approveAssessment,
      { assessmentId: next.id },
      { as: u.members.owner },
    );
    expect(superseding.events.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [a.id, 'superseded'],
      [next.id, 'approved'],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('shows each caller what they may do with the assessment now', async () => {
    const author = u.members.manager;
    const a = await makeAssessment(u, {}, { as: author });
    const all = { edit: true, addImpact: true, updateImpact: true, removeImpact: true };
    const none = { edit: false, approve: false, addImpact: false, updateImpact: false };
    // No impact yet: nobody may approve.
    expect(await abilitiesOf(a.id, u.members.owner)).toEqual({ ...all, approve: false });
    await makeImpact(u, { assessmentId: a.id }, { as: author });
    expect(await abilitiesOf(a.id, author)).toEqual({ ...all, approve: false });
    expect(await abilitiesOf(a.id, u.members.owner)).toEqual({ ...all, approve: true });
    expect(await abilitiesOf(a.id, await u.another('manager'))).toEqual({ ...all, approve: true });
    expect(await abilitiesOf(a.id, u.members.contributor)).toEqual({ ...all, approve: false });
    for (const m of [u.members.auditor, u.members.viewer])
      expect(await abilitiesOf(a.id, m)).toEqual({ ...none, removeImpact: false });
    await u.run(approveAssessment, { assessmentId: a.id }, { as: u.members.owner });
    for (const m of [author, u.members.owner, u.members.contributor])
      expect(await abilitiesOf(a.id, m)).toEqual({ ...none, removeImpact: false });
  });
});
