import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { makeEvidence, makeEvidenceLink } from '../../../test/factories/evidence.js';
import { pushEvidence } from '../../../test/factories/gates.js';
import { makePublishedPolicy } from '../../../test/factories/policies.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import {
  approvePolicyVersion,
  draftPolicyVersion,
  publishPolicyVersion,
  submitPolicyVersion,
} from '../policies/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { decideControl } from '../soa/index.js';
import { runCheck } from './checks.js';
import { evaluate, CONTROL_REQUIREMENTS } from './engine.js';
import { activeSystemIds } from './queries.js';
import { RULES } from './rules.js';

/**
 * The checks Annex A controls add where aims holds the records: each is not met by the obvious
 * shortcut (an empty register, a record of the wrong kind, a field left empty) and is met by what
 * an auditor accepts, its reason naming what is missing.
 */
const datasets = registerCommands(registerOf('datasets'));
const resources = registerCommands(registerOf('ai_resources'));
const parties = registerCommands(registerOf('third_parties'));
const raci = registerCommands(registerOf('responsibilities'));
const systems = registerCommands(registerOf('ai_systems'));

describe.each(DIALECTS)('readiness checks of Annex A controls, on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u.close());
  const today = () => u.clock.now().toISOString().slice(0, 10);
  /** The control's own check (after the generic decision, implementation and evidence). */
  const check = async (control: string, i = 0) =>
    runCheck(u.database.db, u.org.id, RULES.control_checks![control]![i]!, {
      today: today(),
      now: u.clock.now().toISOString(),
      systems: await activeSystemIds(u.database.db, u.org.id),
      members: 5,
    });

  it('asks every control of its own where aims holds the data, beside the generic rule', () => {
    expect(Object.keys(RULES.control_checks!).sort()).toEqual(
      [
        'A.2.4',
        'A.3.2',
        'A.4.2',
        'A.4.3',
        'A.4.4',
        'A.4.5',
        'A.4.6',
        'A.5.2',
        'A.5.3',
        'A.6.2.6',
        'A.6.2.8',
        'A.7.3',
        'A.7.4',
        'A.7.5',
        'A.7.6',
        'A.8.4',
        'A.9.4',
        'A.10.3',
      ].sort(),
    );
  });

  it('meets nothing from an empty organization', async () => {
    for (const id of Object.keys(RULES.control_checks!).filter((x) => x !== 'A.8.4'))
      for (const [i] of RULES.control_checks![id]!.entries())
        expect([id, (await check(id, i)).status]).toEqual([id, 'missing']);
  });

  it('A.7.5 asks the source and provenance of every dataset of every AI system', async () => {
    const a = await makeAiSystem(u, { intendedUse: 'Triage of claims.' });
    const b = await makeAiSystem(u);
    const set = await u.run(datasets.create, {
      aiSystemId: a.id,
      name: 'Claims 2025',
      source: 'Claims system export',
    });
    expect(await check('A.7.5')).toMatchObject({
      status: 'missing',
      detail:
        '1 of 2 AI systems have no datasets recorded; 1 of 2 AI systems have datasets that leave one of source, provenance empty.',
    });
    await u.run(datasets.update, {
      datasetId: set.id,
      provenance: 'Exported monthly by the claims team; lineage in the data catalogue.',
    });
    expect(await check('A.7.5')).toMatchObject({
      status: 'partial',
      detail: '1 of 2 AI systems have no datasets recorded.',
      refs: [{ type: 'ai_systems', id: b.id }],
    });
    await u.run(datasets.create, {
      aiSystemId: b.id,
      name: 'Public benchmark',
      source: 'Hugging Face',
      provenance: 'Published dataset, version pinned.',
    });
    expect(await check('A.7.5')).toMatchObject({
      status: 'met',
      detail: 'All 2 AI systems have datasets recorded with their source, provenance.',
    });
    // The other data controls ask other fields of the same datasets.
    expect((await check('A.7.4')).detail).toBe(
      '2 of 2 AI systems have datasets that leave quality checks empty.',
    );
    expect((await check('A.4.3')).status).toBe('met');

    // A.9.4: the intended use of each system, not only its purpose.
    expect(await check('A.9.4')).toMatchObject({
      status: 'partial',
      detail: '1 of 2 AI systems have records that leave intended use empty.',
      refs: [{ type: 'ai_systems', id: b.id }],
    });
    await u.run(systems.update, { aiSystemId: b.id, intendedUse: 'Benchmarking only.' });
    expect((await check('A.9.4')).status).toBe('met');

    // A.4.4: tooling of each system; compute recorded does not count.
    await u.run(resources.create, { aiSystemId: a.id, kind: 'compute', name: 'GPU pool' });
    expect(await check('A.4.4')).toMatchObject({
      status: 'missing',
      detail: '2 of 2 AI systems have no tooling resources recorded.',
    });
    expect((await check('A.4.5')).status).toBe('partial');
    expect((await check('A.4.2')).detail).toBe(
      '1 of 2 AI systems have no resources recorded; 1 of 2 AI systems have resources that leave description empty.',
    );

    // A.3.2: an accountable person per system; someone merely responsible is not enough.
    const member = u.members.contributor.memberId;
    for (const raciRole of ['responsible', 'accountable'])
      await u.run(raci.create, {
        memberId: member,
        subjectType: 'ai_system',
        subjectId: a.id,
        raci: raciRole,
      });
    await u.run(raci.create, {
      memberId: member,
      subjectType: 'ai_system',
      subjectId: b.id,
      raci: 'responsible',
    });
    expect(await check('A.3.2')).toMatchObject({
      status: 'partial',
      refs: [{ type: 'ai_systems', id: b.id }],
    });
  });

  it('A.10.3 asks every supplier assessed within the year and acceptable; customers do not count', async () => {
    await u.run(parties.create, { name: 'Hospital', relation: 'customer' });
    expect((await check('A.10.3')).detail).toContain('No supplier in the third-party register');
    const host = await u.run(parties.create, { name: 'Model host', relation: 'supplier' });
    expect(await check('A.10.3')).toMatchObject({
      status: 'missing',
      detail: 'Of 1 suppliers, 1 never assessed.',
    });
    await u.run(parties.update, {
      thirdPartyId: host.id,
      assessedOn: '2024-01-15',
      assessmentOutcome: 'acceptable',
    });
    expect(await check('A.10.3')).toMatchObject({
      status: 'partial',
      detail: 'Of 1 suppliers, 1 last assessed more than 12 months ago.',
      refs: [{ type: 'third_parties', id: host.id }],
    });
    await u.run(parties.update, {
      thirdPartyId: host.id,
      assessedOn: today(),
      assessmentOutcome: 'not_acceptable',
    });
    expect((await check('A.10.3')).detail).toBe('Of 1 suppliers, 1 assessed as not acceptable.');
    await u.run(parties.update, { thirdPartyId: host.id, assessmentOutcome: 'acceptable' });
    expect(await check('A.10.3')).toMatchObject({
      status: 'met',
      detail: 'All 1 suppliers were assessed within the last 12 months and found acceptable.',
    });
  });

  it('A.6.2.8 asks valid event-log evidence of each AI system in operation', async () => {
    const live = await makeAiSystem(u, { lifecycleStage: 'operation_and_monitoring' });
    expect(await check('A.6.2.8')).toMatchObject({
      status: 'missing',
      detail:
        '1 of 1 AI systems in operation have no valid evidence of kind event_log (pushed as gate evidence).',
      refs: [{ type: 'ai_systems', id: live.id }],
    });
    await pushEvidence(u, live.id, 'test_report');
    await pushEvidence(u, live.id, 'event_log', { validUntil: '2025-12-31' });
    expect((await check('A.6.2.8')).status).toBe('missing');
    await pushEvidence(u, live.id, 'event_log');
    expect(await check('A.6.2.8')).toMatchObject({
      status: 'met',
      detail: 'All 1 AI systems in operation have valid event log evidence.',
    });
  });

  it('A.2.4 asks the AI policy reviewed within its cycle, the last review on time', async () => {
    const { policy } = await makePublishedPolicy(u, {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
    });
    const first = await check('A.2.4');
    expect(first.status).toBe('met');
    expect(first.detail).toMatch(
      /^"AI policy" is reviewed every 12 months; the next review is due on 2027-03-0\d\.$/,
    );
    u.clock.advanceDays(400);
    expect((await check('A.2.4')).detail).toMatch(
      /^The review of "AI policy" was due on 2027-03-0\d; no version has been published since\.$/,
    );
    const v2 = await u.run(draftPolicyVersion, {
      policyId: policy.id,
      content: '# AI policy\n\nReviewed.',
    });
    const ids = { policyId: policy.id, versionId: v2.id };
    await u.run(submitPolicyVersion, ids);
    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    await u.run(publishPolicyVersion, ids, { as: u.members.manager });
    expect(await check('A.2.4')).toMatchObject({
      status: 'partial',
      detail: expect.stringContaining('version 2 was published on 2027-04-06, after the review'),
    });
  });

  it('adds to the decision, implementation and evidence of the control', async () => {
    await u.run(decideControl, {
      controlId: 'A.7.5',
      applicable: true,
      justification: 'We train on our own data.',
      implementationStatus: 'implemented',
    });
    const ev = await makeEvidence(u);
    await makeEvidenceLink(u, { evidenceId: ev.id, targetType: 'control', targetId: 'A.7.5' });
    await makeAiSystem(u, { name: 'No data yet' });
    const [r] = await evaluate(
      u.database.db,
      u.org.id,
      CONTROL_REQUIREMENTS.filter((x) => x.id === 'A.7.5'),
      today(),
    );
    expect(r!.status).toBe('partial');
    expect(r!.reasons.map((x) => x.status)).toEqual(['met', 'met', 'partial']);
    expect(r!.reasons[2]!.detail).toContain('AI systems have no datasets recorded');
  });
});
