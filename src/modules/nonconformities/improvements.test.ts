import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImprovement, makeNonconformity } from '../../../test/factories/nonconformities.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { createImprovement, decideImprovement, updateImprovement } from './improvement-commands.js';
import { toImprovementView } from './improvement-schemas.js';

describe.each(DIALECTS)('the improvement log on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('logs an opportunity from a nonconformity, waiting for a decision', async () => {
    const nc = await makeNonconformity(u);
    const { result, events } = await runAndRecord(
      u,
      createImprovement,
      {
        title: 'Review pipeline switches monthly',
        sourceType: 'nonconformity',
        sourceId: nc.id,
        ownerMemberId: u.members.manager.memberId,
      },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['improvements.create', 'improvements'],
    ]);
    expect(events[0]!.state).toMatchObject({
      source_type: 'nonconformity',
      source_id: nc.id,
      decision: 'pending',
      status: 'open',
      owner_member_id: u.members.manager.memberId,
    });
    const view = toImprovementView(result, await u.access(u.members.contributor), '2026-03-02');
    expect(view.abilities).toEqual({ edit: true, decide: false });
    expect(
      toImprovementView(result, await u.access(u.members.manager), '2026-03-02').abilities,
    ).toEqual({ edit: true, decide: true });
  });

  it('refuses an unknown source record, and a record for a suggestion', async () => {
    const head = await u.head();
    await expect(
      makeImprovement(u, {
        sourceType: 'nonconformity',
        sourceId: '0190a0a0-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ pointer: '/body/sourceId' }] });
    await expect(
      makeImprovement(u, { sourceId: '0190a0a0-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT' });
    expect(await u.head()).toBe(head);
  });

  it('starts work only once adopted, and records when it was done', async () => {
    const i = await makeImprovement(u, { dueDate: '2026-03-01' });
    const head = await u.head();
    await expect(
      u.run(updateImprovement, { improvementId: i.id, status: 'in_progress' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', errors: [{ pointer: '/body/status' }] });
    await expect(
      u.run(
        decideImprovement,
        { improvementId: i.id, decision: 'adopted' },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);

    u.clock.set('2026-03-03T10:00:00.000Z');
    const adopted = await runAndRecord(
      u,
      decideImprovement,
      { improvementId: i.id, decision: 'adopted', note: 'Start with triage.' },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(adopted.events[0]!.state).toMatchObject({
      decision: 'adopted',
      decision_note: 'Start with triage.',
      decided_by_member_id: u.members.manager.memberId,
      decided_at: '2026-03-03T10:00:00.000Z',
      status: 'open',
    });
    expect(toImprovementView(adopted.result, await u.access(), '2026-03-03').overdue).toBe(true);
    const done = await runAndRecord(u, updateImprovement, { improvementId: i.id, status: 'done' });
    expect(done.events[0]!.state).toMatchObject({ status: 'done', completed_on: '2026-03-03' });
    await expect(
      u.run(decideImprovement, { improvementId: i.id, decision: 'rejected', note: 'No.' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('closes a rejected opportunity, which needs its reason', async () => {
    const i = await makeImprovement(u);
    await expect(
      u.run(decideImprovement, { improvementId: i.id, decision: 'rejected' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/body/note' }] });
    const { result } = await runAndRecord(u, decideImprovement, {
      improvementId: i.id,
      decision: 'rejected',
      note: 'Covered by the monitoring project.',
    });
    expect(result).toMatchObject({ status: 'closed', decision: 'rejected' });
    await expect(
      u.run(updateImprovement, { improvementId: i.id, title: 'x' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(toImprovementView(result, await u.access(), '2026-03-03').abilities).toEqual({
      edit: false,
      decide: false,
    });
    expect(await u.verify()).toEqual([]);
  });
});
