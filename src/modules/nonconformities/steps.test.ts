import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finishAction,
  makeActionsDone,
  makeAnalysed,
  makeNonconformity,
  planAction,
} from '../../../test/factories/nonconformities.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { addAction, updateAction } from './action-commands.js';
import { actionsOf, findNonconformity } from './queries.js';
import { closeNonconformity, reopenNonconformity, verifyEffectiveness } from './step-commands.js';
import { toNonconformityView } from './views.js';

describe.each(DIALECTS)('corrective actions, effectiveness, closure on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const viewOf = async (id: string, as: UnitMember | 'host' = u.members.owner) => {
    const nc = (await findNonconformity(u.database.db, u.org.id, id))!;
    const actions = (await actionsOf(u.database.db, u.org.id, [id])).get(id) ?? [];
    return toNonconformityView(nc, actions, [], await u.access(as), '2026-03-02');
  };

  it('plans a corrective action only once the root cause is known', async () => {
    const nc = await makeNonconformity(u);
    const head = await u.head();
    await expect(planAction(u, nc.id, u.members.contributor)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
    expect((await viewOf(nc.id)).abilities.addAction).toBe(false);
  });

  it('plans an action (the nonconformity moves to action planned) and records it done', async () => {
    const nc = await makeAnalysed(u);
    expect((await viewOf(nc.id)).abilities.addAction).toBe(true);
    const planned = await runAndRecord(
      u,
      addAction,
      {
        nonconformityId: nc.id,
        title: 'Make the bias test required',
        ownerMemberId: u.members.contributor.memberId,
        dueDate: '2026-03-01',
      },
      { as: u.members.manager },
    );
    expect(planned.events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['nonconformities.add_action', 'nonconformity_actions', 'planned'],
      ['nonconformities.add_action', 'nonconformities', 'action_planned'],
    ]);
    expect(planned.events[0]!.state).toMatchObject({
      cycle: 1,
      owner_member_id: u.members.contributor.memberId,
      author_member_id: u.members.manager.memberId,
    });
    const view = await viewOf(nc.id);
    expect(view).toMatchObject({ status: 'action_planned', openActions: 1, overdueActions: 1 });
    expect(view.actions[0]).toMatchObject({ overdue: true, abilities: { update: true } });

    const head = await u.head();
    const ids = { nonconformityId: nc.id, correctiveActionId: planned.result.id };
    await expect(u.run(updateAction, { ...ids, status: 'done' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/outcome' }],
    });
    expect(await u.head()).toBe(head);

    u.clock.set('2026-03-05T10:00:00.000Z');
    const done = await runAndRecord(
      u,
      updateAction,
      { ...ids, status: 'done', outcome: 'Required step since release 2.4.' },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(done.events.map((e) => [e.entity, e.state?.status])).toEqual([
      ['nonconformity_actions', 'done'],
      ['nonconformities', 'actions_done'],
    ]);
    expect(done.events[0]!.state).toMatchObject({
      completed_on: '2026-03-05',
      completed_by_member_id: u.members.contributor.memberId,
      outcome: 'Required step since release 2.4.',
    });
    // Back to in progress: the nonconformity waits for its actions again.
    const again = await runAndRecord(u, updateAction, { ...ids, status: 'in_progress' });
    expect(again.events.map((e) => [e.entity, e.state?.status])).toEqual([
      ['nonconformity_actions', 'in_progress'],
      ['nonconformities', 'action_planned'],
    ]);
    expect(again.events[0]!.state).toMatchObject({
      completed_on: null,
      completed_by_member_id: null,
    });
  });

  it('is checked only by someone who neither owns, planned nor did an action (NOT_INDEPENDENT)', async () => {
    const second = await u.another('manager');
    const { nc } = await makeActionsDone(u, u.members.contributor, u.members.manager);
    const head = await u.head();
    for (const who of [u.members.manager, u.members.contributor])
      await expect(
        u.run(
          verifyEffectiveness,
          { nonconformityId: nc.id, effective: true, note: 'Fine.' },
          { as: who },
        ),
      ).rejects.toMatchObject({ code: who.role === 'manager' ? 'NOT_INDEPENDENT' : 'FORBIDDEN' });
    await expect(
      u.run(
        verifyEffectiveness,
        { nonconformityId: nc.id, effective: true, note: 'Fine.' },
        { as: 'host' },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
    expect((await viewOf(nc.id, u.members.manager)).abilities.verify).toBe(false);
    expect((await viewOf(nc.id, u.members.contributor)).abilities.verify).toBe(false);
    expect((await viewOf(nc.id, 'host')).abilities.verify).toBe(false);
    expect((await viewOf(nc.id, second)).abilities.verify).toBe(true);
    expect((await viewOf(nc.id, u.members.owner)).abilities).toEqual({
      edit: true,
      correct: true,
      investigate: true,
      addAction: true,
      verify: true,
      close: false,
      reopen: false,
    });

    u.clock.set('2026-04-01T08:00:00.000Z');
    const checked = await runAndRecord(
      u,
      verifyEffectiveness,
      { nonconformityId: nc.id, effective: true, note: 'Three releases, each with a report.' },
      { as: second },
    );
    expect(checked.events.map((e) => [e.action, e.entity])).toEqual([
      ['nonconformities.verify', 'nonconformities'],
      ['nonconformities.verify', 'nonconformity_steps'],
    ]);
    expect(checked.events[0]!.state).toMatchObject({
      status: 'effectiveness_verified',
      verified_by_member_id: second.memberId,
      verified_at: '2026-04-01T08:00:00.000Z',
    });
    expect(checked.events[1]!.state).toMatchObject({
      step: 'verified',
      member_id: second.memberId,
      note: 'Three releases, each with a report.',
    });
    // Once verified, nothing of it changes until it is reopened.
    const after = await u.head();
    await expect(planAction(u, nc.id, u.members.contributor)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const view = await viewOf(nc.id);
    await expect(
      u.run(updateAction, {
        nonconformityId: nc.id,
        correctiveActionId: view.actions[0]!.id,
        status: 'cancelled',
        outcome: 'x',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(view.actions[0]!.abilities.update).toBe(false);
    expect(await u.head()).toBe(after);
  });

  it('closes after a positive check, keeps every step through a reopening, and needs new actions', async () => {
    const checker = await u.another('manager');
    const { nc, action } = await makeActionsDone(u);
    await expect(u.run(closeNonconformity, { nonconformityId: nc.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await u.run(
      verifyEffectiveness,
      { nonconformityId: nc.id, effective: true, note: 'Works.' },
      { as: checker },
    );
    u.clock.set('2026-04-02T08:00:00.000Z');
    const closed = await runAndRecord(u, closeNonconformity, {
      nonconformityId: nc.id,
      note: 'Release procedure v4.',
    });
    expect(
      closed.events.map((e) => [e.action, e.entity, e.state?.status ?? e.state?.step]),
    ).toEqual([
      ['nonconformities.close', 'nonconformities', 'closed'],
      ['nonconformities.close', 'nonconformity_steps', 'closed'],
    ]);
    expect(closed.result.closed_at).toBe('2026-04-02T08:00:00.000Z');
    expect((await viewOf(nc.id)).abilities).toMatchObject({ edit: false, reopen: true });
    expect((await viewOf(nc.id, u.members.contributor)).abilities.reopen).toBe(false);

    const reopened = await runAndRecord(
      u,
      reopenNonconformity,
      { nonconformityId: nc.id, reason: 'Release 2.6 went out without a report.' },
      { ifMatch: closed.result.version },
    );
    expect(reopened.events.map((e) => [e.entity, e.state?.status ?? e.state?.step])).toEqual([
      ['nonconformities', 'reopened'],
      ['nonconformity_steps', 'reopened'],
    ]);
    expect(reopened.events[0]!.state).toMatchObject({
      cycle: 2,
      verified_by_member_id: null,
      verified_at: null,
      closed_at: null,
    });
    expect(reopened.events[1]!.state).toMatchObject({
      cycle: 2,
      note: 'Release 2.6 went out without a report.',
    });
    const view = await viewOf(nc.id);
    // The done action of the first cycle stays as it was; the new cycle has none yet.
    expect(view).toMatchObject({ status: 'reopened', cycle: 2, openActions: 0 });
    expect(view.actions.map((a) => [a.cycle, a.status, a.abilities.update])).toEqual([
      [1, 'done', false],
    ]);
    expect(view.abilities.verify).toBe(false);
    await expect(
      u.run(updateAction, {
        nonconformityId: nc.id,
        correctiveActionId: action.id,
        status: 'in_progress',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // A new action in the new cycle; the contributor who did the first one may now check it.
    const next = await planAction(u, nc.id, u.members.manager);
    await finishAction(u, next, u.members.manager);
    expect((await viewOf(nc.id, u.members.contributor)).abilities.verify).toBe(false);
    expect((await viewOf(nc.id, checker)).abilities.verify).toBe(true);
    expect(await u.verify()).toEqual([]);
  });

  it('starts a new cycle when the check finds the actions did not work', async () => {
    const { nc } = await makeActionsDone(u);
    const checked = await runAndRecord(
      u,
      verifyEffectiveness,
      { nonconformityId: nc.id, effective: false, note: 'The next release skipped it again.' },
      { as: u.members.manager },
    );
    expect(checked.events.map((e) => [e.entity, e.state?.step ?? e.state?.status])).toEqual([
      ['nonconformity_steps', 'not_effective'],
      ['nonconformities', 'reopened'],
    ]);
    expect(checked.events[0]!.state).toMatchObject({ cycle: 1 });
    expect(checked.events[1]!.state).toMatchObject({ cycle: 2, verified_by_member_id: null });
    await expect(u.run(closeNonconformity, { nonconformityId: nc.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('falls back when every action of the cycle is cancelled, and readers hold no abilities', async () => {
    const nc = await makeAnalysed(u);
    const a = await planAction(u, nc.id, u.members.contributor);
    const { events } = await runAndRecord(u, updateAction, {
      nonconformityId: nc.id,
      correctiveActionId: a.id,
      status: 'cancelled',
      outcome: 'Replaced by a procedure change.',
    });
    expect(events.map((e) => [e.entity, e.state?.status])).toEqual([
      ['nonconformity_actions', 'cancelled'],
      ['nonconformities', 'open'],
    ]);
    for (const who of [u.members.viewer, u.members.auditor])
      expect(Object.values((await viewOf(nc.id, who)).abilities).some(Boolean)).toBe(false);
  });
});
