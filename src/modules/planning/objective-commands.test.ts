import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeObjective } from '../../../test/factories/planning.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { createObjective, recordMeasurement, updateObjective } from './objective-commands.js';
import { toObjectiveView } from './schemas.js';

describe.each(DIALECTS)('objective commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('sets an objective and records it in the ledger', async () => {
    const { result, events } = await runAndRecord(
      u,
      createObjective,
      {
        title: 'Fair triage',
        metric: 'Gap between groups',
        direction: 'at_most',
        target: 5,
        frequency: 'quarterly',
        ownerMemberId: u.members.manager.memberId,
      },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['objectives.create', 'objectives', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      direction: 'at_most',
      target: '5',
      frequency: 'quarterly',
      owner_member_id: u.members.manager.memberId,
      ai_system_ids: '[]',
    });
  });

  it('refuses an owner or an AI system from elsewhere, and writes nothing', async () => {
    const head = await u.head();
    const elsewhere = '0190a0b0-0000-7000-8000-000000000000';
    await expect(makeObjective(u, { ownerMemberId: elsewhere })).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    await expect(makeObjective(u, { aiSystemIds: [elsewhere] })).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/aiSystemIds/0' }],
    });
    await expect(makeObjective(u, {}, u.members.viewer)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await u.head()).toBe(head);
  });

  it('changes only the fields given, under If-Match', async () => {
    const o = await makeObjective(u, { plan: 'Reweigh the data.' });
    const { result, events } = await runAndRecord(
      u,
      updateObjective,
      { objectiveId: o.id, target: 1.5 },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ target: '1.5', plan: 'Reweigh the data.', version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.state?.target])).toEqual([
      ['objectives.update', 'objectives', '1.5'],
    ]);
    const head = await u.head();
    await expect(
      u.run(updateObjective, { objectiveId: o.id, target: 1 }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
  });

  it('records measurements, none in the future, and tells on track from off track', async () => {
    u.clock.set('2026-04-10T09:00:00.000Z');
    const o = await makeObjective(u);
    const { result, events } = await runAndRecord(u, recordMeasurement, {
      objectiveId: o.id,
      measuredOn: '2026-04-09',
      value: 2.4,
      note: 'April run',
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['objectives.measure', 'objective_measurements', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      objective_id: o.id,
      measured_on: '2026-04-09',
      value: '2.4',
      note: 'April run',
    });
    const head = await u.head();
    await expect(
      u.run(recordMeasurement, { objectiveId: o.id, measuredOn: '2026-04-11', value: 1 }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/measuredOn' }],
    });
    expect(await u.head()).toBe(head);

    const access = await u.access();
    expect(toObjectiveView(o, undefined, '2026-04-10', access)).toMatchObject({
      state: 'no_data',
      measurementOverdue: true,
      latest: null,
    });
    expect(toObjectiveView(o, result, '2026-04-10', access)).toMatchObject({
      state: 'off_track',
      measurementOverdue: false,
      latest: { measuredOn: '2026-04-09', value: 2.4 },
    });
    expect(
      toObjectiveView({ ...o, direction: 'at_least' }, result, '2026-06-01', access),
    ).toMatchObject({
      state: 'on_track',
      measurementOverdue: true,
    });
    expect(await u.verify()).toEqual([]);
  });
});
