import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChange } from '../../../test/factories/planning.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { decideChange, proposeChange, withdrawChange } from './change-commands.js';
import { toChangeView, type ChangeRow } from './schemas.js';

describe.each(DIALECTS)('planned change commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const abilitiesOf = async (c: ChangeRow, who: UnitMember | 'host') =>
    toChangeView(c, [], await u.access(who)).abilities;

  it('records a proposal as by its proposer', async () => {
    const { result, events } = await runAndRecord(
      u,
      proposeChange,
      { title: 'Second review board', purpose: 'Queue too long.', plannedOn: '2026-09-01' },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['changes.propose', 'aims_changes', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      status: 'proposed',
      requested_by_member_id: u.members.contributor.memberId,
      planned_on: '2026-09-01',
      approver_member_id: null,
    });
  });

  it('is neither approved nor rejected by its proposer, nor decided out of order, writing nothing', async () => {
    const manager = await u.another('manager');
    const c = await makeChange(u, {}, manager);
    const id = { changeId: c.id };
    const head = await u.head();
    for (const decision of ['approved', 'rejected'] as const)
      await expect(
        u.run(decideChange, { ...id, decision, note: 'Mine.' }, { as: manager }),
      ).rejects.toMatchObject({ code: 'SELF_APPROVAL', status: 422 });
    await expect(
      u.run(decideChange, { ...id, decision: 'implemented' }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    await expect(
      u.run(decideChange, { ...id, decision: 'rejected', note: 'No.' }, { as: 'host' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      u.run(decideChange, { ...id, decision: 'approved' }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      u.run(decideChange, { ...id, decision: 'rejected', note: '  ' }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/body/note' }] });
    await expect(
      u.run(decideChange, { ...id, decision: 'approved' }, { as: u.members.manager, ifMatch: 7 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(await u.head()).toBe(head);
    expect(await abilitiesOf(c, manager)).toEqual({
      approve: false,
      reject: false,
      implement: false,
      withdraw: true,
    });
  });

  it('is approved by another manager, then recorded as implemented, each step with who and why', async () => {
    const c = await makeChange(u, {}, u.members.contributor);
    u.clock.set('2026-03-10T09:00:00.000Z');
    const approved = await runAndRecord(
      u,
      decideChange,
      { changeId: c.id, decision: 'approved', note: '  After the audit.  ' },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(approved.events.map((e) => [e.action, e.entity])).toEqual([
      ['changes.decide', 'aims_changes'],
      ['changes.decide', 'aims_change_decisions'],
    ]);
    expect(approved.events[0]!.state).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.manager.memberId,
      approved_at: '2026-03-10T09:00:00.000Z',
    });
    expect(approved.events[1]!.state).toMatchObject({
      change_id: c.id,
      decision: 'approved',
      member_id: u.members.manager.memberId,
      note: 'After the audit.',
      created_at: '2026-03-10T09:00:00.000Z',
    });
    expect(await abilitiesOf(approved.result, u.members.owner)).toEqual({
      approve: false,
      reject: false,
      implement: true,
      withdraw: false,
    });

    const done = await runAndRecord(
      u,
      decideChange,
      { changeId: c.id, decision: 'implemented' },
      { as: 'host' },
    );
    expect(done.events.map((e) => [e.entity, e.state?.status ?? e.state?.decision])).toEqual([
      ['aims_changes', 'implemented'],
      ['aims_change_decisions', 'implemented'],
    ]);
    expect(done.events[1]!.state).toMatchObject({ member_id: null, note: null });
    expect(done.result).toMatchObject({ approver_member_id: u.members.manager.memberId });
  });

  it('is rejected with its reason', async () => {
    const c = await makeChange(u);
    const { result, events } = await runAndRecord(
      u,
      decideChange,
      { changeId: c.id, decision: 'rejected', note: 'The sample is the evidence.' },
      { as: u.members.manager },
    );
    expect(result).toMatchObject({ status: 'rejected', approver_member_id: null });
    expect(events[1]!.state).toMatchObject({
      decision: 'rejected',
      member_id: u.members.manager.memberId,
      note: 'The sample is the evidence.',
    });
    await expect(
      u.run(decideChange, { changeId: c.id, decision: 'approved' }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('is withdrawn by its proposer only, while it waits', async () => {
    const c = await makeChange(u, {}, u.members.contributor);
    const head = await u.head();
    for (const who of [u.members.owner, 'host'] as const)
      await expect(u.run(withdrawChange, { changeId: c.id }, { as: who })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
      });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      withdrawChange,
      { changeId: c.id, note: 'Covered by the checklist.' },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(events.map((e) => [e.action, e.entity, e.state?.status ?? e.state?.decision])).toEqual([
      ['changes.withdraw', 'aims_changes', 'withdrawn'],
      ['changes.withdraw', 'aims_change_decisions', 'withdrawn'],
    ]);
    expect(events[1]!.state).toMatchObject({
      member_id: u.members.contributor.memberId,
      note: 'Covered by the checklist.',
    });
    await expect(
      u.run(withdrawChange, { changeId: c.id }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await abilitiesOf(result, u.members.contributor)).toEqual({
      approve: false,
      reject: false,
      implement: false,
      withdraw: false,
    });
    expect(await u.verify()).toEqual([]);
  });

  it('shows each caller what they may do with a proposal', async () => {
    const c = await makeChange(u, {}, u.members.contributor);
    const decide = { approve: true, reject: true, implement: false, withdraw: false };
    expect(await abilitiesOf(c, u.members.contributor)).toEqual({
      approve: false,
      reject: false,
      implement: false,
      withdraw: true,
    });
    expect(await abilitiesOf(c, u.members.manager)).toEqual(decide);
    expect(await abilitiesOf(c, u.members.owner)).toEqual(decide);
    expect(await abilitiesOf(c, u.members.viewer)).toEqual({
      approve: false,
      reject: false,
      implement: false,
      withdraw: false,
    });
    expect(await abilitiesOf(c, 'host')).toEqual({
      approve: false,
      reject: false,
      implement: false,
      withdraw: false,
    });
  });
});
