import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeRisk, makeTreatment } from '../../../test/factories/risks.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { addTreatment, updateTreatment } from './treatment-commands.js';

describe.each(DIALECTS)('risk treatment commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('adds an action; the first one plans the treatment of an assessed risk', async () => {
    const r = await makeRisk(u, { inherentLikelihood: 2, inherentImpact: 2 });
    expect(r.status).toBe('assessed');
    const { result, events } = await runAndRecord(
      u,
      addTreatment,
      {
        riskId: r.id,
        title: 'Re-balance the data',
        ownerMemberId: u.members.contributor.memberId,
        dueDate: '2027-03-31',
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({ status: 'planned', risk_id: r.id, completed_on: null });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.status])).toEqual([
      ['risks.treat', 'risk_treatments', result.id, 'planned'],
      ['risks.treat', 'risks', r.id, 'treatment_planned'],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'Re-balance the data',
      owner_member_id: u.members.contributor.memberId,
      due_date: '2027-03-31',
    });
    const second = await runAndRecord(u, addTreatment, { riskId: r.id, title: 'Monitor' });
    expect(second.events.map((e) => e.entity)).toEqual(['risk_treatments']);
  });

  it('refuses an unknown owner, a viewer, and a treatment of another risk, writing nothing', async () => {
    const t = await makeTreatment(u);
    const other = await makeRisk(u);
    const head = await u.head();
    await expect(
      u.run(addTreatment, {
        riskId: t.risk_id,
        title: 'x',
        ownerMemberId: '0190a5d4-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    await expect(
      u.run(addTreatment, { riskId: t.risk_id, title: 'x' }, { as: u.members.viewer }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(updateTreatment, { riskId: other.id, treatmentId: t.id, status: 'done' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(
      u.run(
        updateTreatment,
        { riskId: t.risk_id, treatmentId: t.id, status: 'done' },
        { ifMatch: 2 },
      ),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
  });

  it('records the day an action is done, and forgets it when it is reopened', async () => {
    const t = await makeTreatment(u);
    u.clock.set('2026-05-04T16:30:00.000Z');
    const done = await runAndRecord(
      u,
      updateTreatment,
      { riskId: t.risk_id, treatmentId: t.id, status: 'done' },
      { ifMatch: 1 },
    );
    expect(done.events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['risks.treat', 'risk_treatments', t.id],
    ]);
    expect(done.events[0]!.state).toMatchObject({ status: 'done', completed_on: '2026-05-04' });
    const reopened = await u.run(updateTreatment, {
      riskId: t.risk_id,
      treatmentId: t.id,
      status: 'in_progress',
      dueDate: null,
    });
    expect(reopened).toMatchObject({ status: 'in_progress', completed_on: null, due_date: null });
    expect(await u.verify()).toEqual([]);
  });
});
