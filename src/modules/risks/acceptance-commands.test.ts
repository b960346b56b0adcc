import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeRisk, makeRiskToAccept } from '../../../test/factories/risks.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { findRecord, today } from '../../kernel/records.js';
import { acceptRisk } from './acceptance-commands.js';
import { riskViewOf } from './schemas.js';

const acceptance = { justification: 'Monitored weekly.', expiresOn: '2027-06-30' };

describe.each(DIALECTS)('risk acceptance on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const mayAccept = async (riskId: string, as: UnitMember | 'host') => {
    const r = (await findRecord(u.database.db, 'risks', u.org.id, riskId))!;
    return (await riskViewOf(u.database.db, await u.access(as), r, today(u.clock.now()))).abilities
      .accept;
  };

  it('is given by a manager or owner who is not the risk owner, recorded with the level it accepts', async () => {
    const riskOwner = u.members.manager;
    const r = await makeRiskToAccept(u, {}, { as: riskOwner });
    const { result, events } = await runAndRecord(
      u,
      acceptRisk,
      { ...acceptance, riskId: r.id },
      { as: u.members.owner, ifMatch: r.version },
    );
    expect(result).toMatchObject({ id: r.id, status: 'accepted', version: r.version + 1 });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['risks.accept', 'risk_acceptances'],
      ['risks.accept', 'risks'],
    ]);
    expect(events[0]!.state).toMatchObject({
      risk_id: r.id,
      accepted_by_member_id: u.members.owner.memberId,
      residual_level: 'high',
      criteria_id: r.criteria_id,
      expires_on: '2027-06-30',
      justification: 'Monitored weekly.',
    });
    expect(events[1]!.state).toMatchObject({ status: 'accepted' });
    // A valid acceptance may be renewed, by another manager too.
    expect(await mayAccept(r.id, await u.another('manager'))).toBe(true);
  });

  it('refuses the risk owner, other roles, the host, a past expiry and a stale version, writing nothing', async () => {
    const riskOwner = u.members.manager;
    const r = await makeRiskToAccept(u, {}, { as: riskOwner });
    const head = await u.head();
    const refused = (as: UnitMember | 'host', input = acceptance, ifMatch?: number) =>
      u.run(acceptRisk, { ...input, riskId: r.id }, { as, ifMatch });
    await expect(refused(riskOwner)).rejects.toMatchObject({
      code: 'SELF_ACCEPTANCE',
      status: 422,
    });
    await expect(refused(u.members.contributor)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(refused('host')).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      refused(u.members.owner, { ...acceptance, expiresOn: today(u.clock.now()) }),
    ).rejects.toMatchObject({
      code: 'INVALID_EXPIRY',
      errors: [{ pointer: '/body/expiresOn', message: 'Must be in the future.' }],
    });
    await expect(refused(u.members.owner, acceptance, r.version + 1)).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
      status: 412,
    });
    expect(await u.head()).toBe(head);
  });

  it('refuses a risk not assessed or within the acceptance level, writing nothing', async () => {
    const unscored = await makeRisk(u, {}, { as: u.members.manager });
    const low = await makeRisk(
      u,
      { residualLikelihood: 2, residualImpact: 2 },
      { as: u.members.manager },
    );
    const head = await u.head();
    for (const r of [unscored, low])
      await expect(
        u.run(acceptRisk, { ...acceptance, riskId: r.id }, { as: u.members.owner }),
      ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);
    expect(await mayAccept(unscored.id, u.members.owner)).toBe(false);
    expect(await mayAccept(low.id, u.members.owner)).toBe(false);
  });

  it("shows who may accept a risk now: managers and owners other than the risk's owner", async () => {
    const riskOwner = u.members.manager;
    const r = await makeRiskToAccept(u, {}, { as: riskOwner });
    expect(await mayAccept(r.id, riskOwner)).toBe(false);
    expect(await mayAccept(r.id, u.members.owner)).toBe(true);
    expect(await mayAccept(r.id, await u.another('manager'))).toBe(true);
    expect(await mayAccept(r.id, u.members.contributor)).toBe(false);
    expect(await mayAccept(r.id, u.members.auditor)).toBe(false);
    expect(await mayAccept(r.id, u.members.viewer)).toBe(false);
    expect(await mayAccept(r.id, 'host')).toBe(false);
    expect(await u.verify()).toEqual([]);
  });
});
