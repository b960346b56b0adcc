import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushEvidence } from '../../../test/factories/gates.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { decodeJson } from '../../db/json.js';
import { run } from '../../kernel/commands.js';
import { pushGateEvidence, recordGateCheck, updateGateCriteria } from './commands.js';
import { DEFAULT_GATES, type Gate } from './criteria.js';

/** A deployment gate that asks for a test report of the model version and a deployment plan. */
const PIPELINE_GATES: Gate[] = [
  {
    stage: 'deployment',
    criteria: [
      {
        id: 'vv-evidence',
        title: 'Test report of the model version',
        control: 'A.6.2.4',
        why: null,
        check: { kind: 'evidence', evidenceKind: 'test_report', per: 'model_version' },
      },
      {
        id: 'deployment-plan',
        title: 'Deployment plan',
        control: 'A.6.2.5',
        why: null,
        check: { kind: 'evidence', evidenceKind: 'deployment_plan', per: 'system' },
      },
    ],
  },
];

describe.each(DIALECTS)('gate commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('adopts criteria as version 1, then replaces it with version 2, both in the ledger', async () => {
    const { result: first, events } = await runAndRecord(
      u,
      updateGateCriteria,
      { enforced: false, gates: DEFAULT_GATES, changeNote: 'Proposed gates, advisory first.' },
      { as: u.members.manager },
    );
    expect(first).toMatchObject({ number: 1, status: 'in_force', enforced: 0 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['gates.update', 'gate_criteria', first.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      number: 1,
      author_member_id: u.members.manager.memberId,
      change_note: 'Proposed gates, advisory first.',
    });
    expect(JSON.parse(String(events[0]!.state!.gates))).toEqual(DEFAULT_GATES);

    const { result: second, events: replaced } = await runAndRecord(u, updateGateCriteria, {
      enforced: true,
      gates: PIPELINE_GATES,
    });
    expect(second).toMatchObject({ number: 2, status: 'in_force', enforced: 1 });
    expect(replaced.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [first.id, 'replaced'],
      [second.id, 'in_force'],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('refuses criteria that name no requirement, repeat a stage or a criterion, and writes nothing', async () => {
    const head = await u.head();
    const criterion = DEFAULT_GATES[2]!.criteria[0]!;
    const bad = async (gates: unknown) =>
      u.run(updateGateCriteria, { enforced: true, gates } as never).catch((e: unknown) => e);
    expect(
      await bad([{ stage: 'deployment', criteria: [{ ...criterion, control: 'A.99' }] }]),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/gates/0/criteria/0/control' }],
    });
    expect(await bad([...PIPELINE_GATES, ...PIPELINE_GATES])).toMatchObject({
      errors: [{ pointer: '/body/gates', message: 'One gate per stage.' }],
    });
    expect(
      await bad([{ stage: 'deployment', criteria: [criterion, { ...criterion, title: 'Again' }] }]),
    ).toMatchObject({ errors: [{ pointer: '/body/gates/0/criteria' }] });
    expect(
      await bad([
        { stage: 'deployment', criteria: [{ ...criterion, check: { kind: 'evidence' } }] },
      ]),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      u.run(updateGateCriteria, { enforced: true, gates: [] }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('pushes evidence: the file with its custody, linked to the system, tagged with kind and version', async () => {
    const sys = await makeAiSystem(u, { name: 'Push target' });
    const me = u.members.contributor;
    const before = await u.head();
    const pushed = await pushEvidence(u, 'Push target', 'test_report', { modelVersion: '2.0' }, me);
    const events = await u.events(before);
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['gates.push_evidence', 'evidence'],
      ['gates.push_evidence', 'custody_events'],
      ['gates.push_evidence', 'evidence_links'],
      ['gates.push_evidence', 'custody_events'],
      ['gates.push_evidence', 'gate_evidence'],
    ]);
    expect(events[0]!.state).toMatchObject({
      kind: 'file',
      title: 'Test report of Push target 2.0',
      blob_sha256: pushed.evidence.blob_sha256,
    });
    expect(events.map((e) => e.state?.event).filter(Boolean)).toEqual([
      'upload',
      `link:ai_system:${sys.id}`,
    ]);
    expect(events[4]!.state).toMatchObject({
      ai_system_id: sys.id,
      evidence_id: pushed.evidence.id,
      kind: 'test_report',
      model_version: '2.0',
    });
    expect(events.every((e) => e.actor === `user:${me.userId}`)).toBe(true);
  });

  it('lets a token scoped to gate calls push and check, and nothing else', async () => {
    const sys = await makeAiSystem(u);
    const me = u.members.contributor;
    const access = { ...(await u.access(me)), scopes: ['gates.check', 'gates.push_evidence'] };
    const stored = await u.services.blobs.put(Readable.from(['x']), 9);
    const file = { ...stored, filename: 'r.txt', mediaType: 'text/plain' };
    await run(
      u.context(me),
      pushGateEvidence,
      { aiSystem: sys.id, kind: 'metrics', file },
      { access },
    );
    const out = await run(
      u.context(me),
      recordGateCheck,
      { aiSystemId: sys.id, toStage: 'deployment' },
      { access },
    );
    expect(out.check.passed).toBe(0);
    const evidenceOnly = { ...access, scopes: ['evidence.create', 'evidence.link'] };
    await expect(
      run(
        u.context(me),
        pushGateEvidence,
        { aiSystem: sys.id, kind: 'metrics', file },
        {
          access: evidenceOnly,
        },
      ),
    ).rejects.toMatchObject({ code: 'TOKEN_SCOPE', status: 403 });
  });

  it('records a check that fails with each unmet criterion, then one that passes', async () => {
    const sys = await makeAiSystem(u, { name: 'Triage assistant' });
    await makeAiModel(u, { aiSystemId: sys.id, modelVersion: '2.4.0' });
    const failing = await runAndRecord(u, recordGateCheck, {
      aiSystemId: 'Triage assistant',
      toStage: 'deployment',
      reference: 'pipeline 1842',
    });
    const { gate, check } = failing.result;
    expect(gate).toMatchObject({ passed: false, modelVersion: '2.4.0', enforced: true });
    expect(gate.modelVersionSource).toBe('latest_registered');
    expect(failing.events.map((e) => [e.action, e.entity])).toEqual([
      ['gates.check', 'gate_checks'],
    ]);
    expect(failing.events[0]!.state).toMatchObject({
      ai_system_id: sys.id,
      from_stage: 'inception',
      to_stage: 'deployment',
      model_version: '2.4.0',
      passed: 0,
      reference: 'pipeline 1842',
    });
    expect(decodeJson(check.results)).toEqual([
      {
        id: 'vv-evidence',
        title: 'Test report of the model version',
        met: false,
        reason: 'No test report evidence for model version 2.4.0.',
      },
      {
        id: 'deployment-plan',
        title: 'Deployment plan',
        met: false,
        reason: 'No deployment plan evidence linked to this system.',
      },
    ]);

    await pushEvidence(u, sys.id, 'test_report', { modelVersion: '2.3.0' });
    const older = await u.run(recordGateCheck, { aiSystemId: sys.id, toStage: 'deployment' });
    expect(older.gate.results[0]!.reason).toBe(
      'No test report evidence for model version 2.4.0 (there is some for 2.3.0).',
    );
    await pushEvidence(u, sys.id, 'test_report', { modelVersion: '2.4.0', title: 'Eval 2.4.0' });
    await pushEvidence(u, sys.id, 'deployment_plan', { validUntil: '2026-01-31' });
    const expired = await u.run(recordGateCheck, { aiSystemId: sys.id, toStage: 'deployment' });
    expect(expired.gate.results.map((r) => r.met)).toEqual([true, false]);
    expect(expired.gate.results[1]!.reason).toMatch(
      /^No valid deployment plan evidence .*expired on 2026-01-31\.$/,
    );
    await pushEvidence(u, sys.id, 'deployment_plan');
    const passing = await u.run(recordGateCheck, { aiSystemId: sys.id, toStage: 'deployment' });
    expect(passing.check.passed).toBe(1);
    expect(passing.gate.results[0]).toMatchObject({
      met: true,
      reason: 'Valid test report evidence for model version 2.4.0: “Eval 2.4.0”.',
    });
    expect(await u.verify()).toEqual([]);
  });

  it('names the system it cannot find, or cannot tell apart, and writes nothing', async () => {
    await makeAiSystem(u, { name: 'Twin' });
    await makeAiSystem(u, { name: 'Twin' });
    const head = await u.head();
    await expect(
      u.run(recordGateCheck, { aiSystemId: 'Nobody', toStage: 'deployment' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(pushEvidence(u, 'Nobody', 'metrics')).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/aiSystem', message: 'No such AI system.' }],
    });
    await expect(
      u.run(recordGateCheck, { aiSystemId: 'Twin', toStage: 'deployment' }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/params/aiSystemId', message: 'Ambiguous name.' }],
    });
    await expect(
      u.run(
        recordGateCheck,
        { aiSystemId: 'Twin', toStage: 'deployment' },
        { as: u.members.auditor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
  });
});
