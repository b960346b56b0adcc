import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DIALECTS } from '../../../test/harness.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeRisk, makeRiskToAccept, makeTreatment } from '../../../test/factories/risks.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { acceptRisk } from './acceptance-commands.js';
import { createRisk, deleteRisk, updateRisk } from './risk-commands.js';

const UNKNOWN = '0190a5d4-0000-7000-8000-000000000000';

describe.each(DIALECTS)('risk register commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('identifies a risk with levels computed on the default criteria, stored on first use', async () => {
    const sys = await makeAiSystem(u);
    const { result, events } = await runAndRecord(
      u,
      createRisk,
      {
        title: 'Bias in triage',
        aiSystemIds: [sys.id],
        riskSources: ['C.3.4'],
        inherentLikelihood: 4,
        inherentImpact: 5,
        residualLikelihood: 2,
        residualImpact: 3,
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({
      inherent_level: 'critical',
      residual_level: 'medium',
      status: 'assessed',
      owner_member_id: u.members.contributor.memberId,
    });
    expect(events.map((e) => [e.action, e.entity, e.state?.number ?? e.state?.title])).toEqual([
      ['risks.create', 'risk_criteria', 1],
      ['risks.create', 'risks', 'Bias in triage'],
    ]);
    expect(events[0]!.state).toMatchObject({
      author_member_id: null,
      change_note: 'Default criteria',
    });
    expect(events[1]!.state).toMatchObject({
      criteria_id: events[0]!.entity_id,
      ai_system_ids: `["${sys.id}"]`,
      risk_sources: '["C.3.4"]',
      inherent_level: 'critical',
    });
    // The next risk finds the criteria stored.
    const next = await runAndRecord(u, createRisk, { title: 'Unscored' });
    expect(next.events.map((e) => e.entity)).toEqual(['risks']);
    expect(next.result).toMatchObject({ status: 'identified', inherent_level: null });
  });

  it('refuses unknown references, scores off the scales and half a score, writing nothing', async () => {
    const head = await u.head();
    const refused = (input: z.input<typeof createRisk.input>) => u.run(createRisk, input);
    await expect(refused({ title: 'x', aiSystemIds: [UNKNOWN] })).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/aiSystemIds/0', message: 'No such AI system.' }],
    });
    await expect(refused({ title: 'x', ownerMemberId: UNKNOWN })).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId', message: 'No such member of this organization.' }],
    });
    await expect(
      refused({ title: 'x', inherentLikelihood: 6, inherentImpact: 1 }),
    ).rejects.toMatchObject({
      code: 'OUT_OF_SCALE',
      errors: [{ pointer: '/body/inherentLikelihood', message: 'Between 1 and 5.' }],
    });
    await expect(refused({ title: 'x', residualLikelihood: 2 })).rejects.toMatchObject({
      code: 'OUT_OF_SCALE',
      errors: [{ pointer: '/body/residualImpact', message: 'Needed with the other.' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('changes a risk, keeps what the edit leaves out, and refuses to set it accepted', async () => {
    const r = await makeRisk(u, { riskSources: ['C.3.4'], controlIds: ['A.7.4'] });
    const head = await u.head();
    await expect(u.run(updateRisk, { riskId: r.id, status: 'accepted' })).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/status', message: 'Use the acceptance.' }],
    });
    await expect(
      u.run(updateRisk, { riskId: r.id, title: 'Stale' }, { ifMatch: r.version + 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      updateRisk,
      { riskId: r.id, title: 'Renamed', reviewDate: '2027-01-31' },
      { ifMatch: r.version },
    );
    expect(result).toMatchObject({ title: 'Renamed', version: r.version + 1 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['risks.update', 'risks', r.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'Renamed',
      review_date: '2027-01-31',
      risk_sources: '["C.3.4"]',
      control_ids: '["A.7.4"]',
    });
  });

  it('re-assesses: a new residual level voids an acceptance, a cleared score clears its level', async () => {
    const r = await makeRiskToAccept(u, {}, { as: u.members.manager });
    await u.run(
      acceptRisk,
      { riskId: r.id, justification: 'Monitored.', expiresOn: '2027-01-01' },
      { as: u.members.owner },
    );
    const { result, events } = await runAndRecord(u, updateRisk, {
      riskId: r.id,
      residualLikelihood: 4,
      residualImpact: 5,
    });
    expect(result).toMatchObject({ residual_level: 'critical', status: 'assessed' });
    expect(events[0]!.state).toMatchObject({
      residual_likelihood: 4,
      residual_level: 'critical',
      inherent_level: 'high',
      status: 'assessed',
    });
    const cleared = await u.run(updateRisk, {
      riskId: r.id,
      residualLikelihood: null,
      residualImpact: null,
    });
    expect([cleared.residual_level, cleared.inherent_level]).toEqual([null, 'high']);
  });

  it('deletes a risk with its treatments and acceptances, each in the ledger', async () => {
    const r = await makeRiskToAccept(u, {}, { as: u.members.manager });
    const t = await makeTreatment(u, { riskId: r.id });
    await u.run(
      acceptRisk,
      { riskId: r.id, justification: 'Monitored.', expiresOn: '2027-01-01' },
      { as: u.members.owner },
    );
    const head = await u.head();
    await expect(
      u.run(deleteRisk, { riskId: r.id }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(u, deleteRisk, { riskId: r.id });
    expect(result).toEqual({ id: r.id });
    expect(events.map((e) => [e.action, e.entity, e.state])).toEqual([
      ['risks.delete', 'risk_treatments', null],
      ['risks.delete', 'risk_acceptances', null],
      ['risks.delete', 'risks', null],
    ]);
    expect(events[0]!.entity_id).toBe(t.id);
    expect(events[2]!.entity_id).toBe(r.id);
    expect(await u.verify()).toEqual([]);
  });
});
