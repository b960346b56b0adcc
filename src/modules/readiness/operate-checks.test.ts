import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { makeDocument } from '../../../test/factories/documents.js';
import { adoptGates } from '../../../test/factories/gates.js';
import { makeActionsDone, makeNonconformity } from '../../../test/factories/nonconformities.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { approveDocumentVersion } from '../documents/index.js';
import { recordGateCheck, type Gate } from '../gates/index.js';
import {
  correctNonconformity,
  createImprovement,
  decideImprovement,
  updateImprovement,
  verifyEffectiveness,
} from '../nonconformities/index.js';
import { registerCommands, registerOf, transitionAiSystem } from '../registers/index.js';
import { updateRisk } from '../risks/index.js';
import { evaluate } from './engine.js';

/**
 * Clause 8.1 and 10.1 as an auditor reads them: not met by what registering a system or logging
 * an idea leaves behind, met by the records of the process run, each reason naming what is short.
 */
const suppliers = registerCommands(registerOf('third_parties'));
const INTENDED_USE_GATE: Gate[] = [
  {
    stage: 'design_and_development',
    criteria: [
      {
        id: 'intended-use',
        title: 'Intended use recorded',
        control: 'A.9.4',
        why: 'Design starts from what the system is for.',
        check: { kind: 'system_fields', fields: ['intendedUse'] },
      },
    ],
  },
];

describe.each(DIALECTS)('readiness of clauses 8.1 and 10.1, on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u.close());
  const today = () => u.clock.now().toISOString().slice(0, 10);
  const clause = async (id: string) => {
    const [r] = await evaluate(
      u.database.db,
      u.org.id,
      [{ id, kind: 'clause', title: id, group: id.split('.')[0]! }],
      today(),
      u.clock.now().toISOString(),
    );
    return r!;
  };
  const approve = async (d: { doc: { id: string }; version: { id: string } }) =>
    u.run(
      approveDocumentVersion,
      { documentId: d.doc.id, versionId: d.version.id },
      { as: await u.another('manager') },
    );

  it('8.1 is not met by a registered system and a draft of the criteria, and names each gap', async () => {
    const running = await makeAiSystem(u, { lifecycleStage: 'operation_and_monitoring' });
    const criteria = await makeDocument(u, {
      title: 'Operational criteria for AI',
      purpose: 'operational_criteria',
    });
    const r = await clause('8.1');
    expect(r.status).toBe('partial');
    expect(r.reasons.map((x) => [x.check, x.status])).toEqual([
      ['approved criteria for the AI processes', 'partial'],
      ['life cycle gate criteria in force', 'missing'],
      ['a life cycle gate passed on record by each AI system beyond inception', 'missing'],
      ['externally provided processes controlled', 'missing'],
    ]);
    expect(r.reasons[0]!.detail).toContain('no version is approved');
    expect(r.reasons[2]).toMatchObject({
      detail:
        '1 of 1 AI systems beyond inception have no record of passing a life cycle gate (being registered in a stage passes none).',
      refs: [{ type: 'ai_systems', id: running.id }],
    });
    expect(r.reasons[3]!.detail).toBe(
      'No supplier recorded, and no approved document on the control of externally provided processes (purpose outsourced_processes).',
    );

    // The records an auditor accepts: approved criteria, enforced gates a system went through,
    // a gate check passed by the system already running, and the suppliers controlled.
    await approve(criteria);
    await adoptGates(u, { gates: INTENDED_USE_GATE });
    const fresh = await makeAiSystem(u, { intendedUse: 'Ranks incoming claims.' });
    await u.run(transitionAiSystem, {
      aiSystemId: fresh.id,
      toStage: 'design_and_development',
      reason: 'Design starts.',
    });
    const half = await clause('8.1');
    expect(half.reasons[2]).toMatchObject({
      status: 'partial',
      refs: [{ type: 'ai_systems', id: running.id }],
    });
    // A check of a gate without criteria passes trivially: it is no gate record.
    await u.run(recordGateCheck, { aiSystemId: running.id, toStage: 're_evaluation' });
    expect((await clause('8.1')).reasons[2]!.status).toBe('partial');
    await u.run(registerCommands(registerOf('ai_systems')).update, {
      aiSystemId: running.id,
      intendedUse: 'Scores loan applications.',
    });
    await u.run(recordGateCheck, { aiSystemId: running.id, toStage: 'design_and_development' });
    expect((await clause('8.1')).reasons[2]!.status).toBe('met');

    const supplier = await u.run(suppliers.create, {
      name: 'Model host',
      relation: 'supplier',
      supplies: 'Hosting of the scoring model.',
    });
    const outsourced = await clause('8.1');
    expect(outsourced.reasons[3]).toMatchObject({
      status: 'missing',
      detail:
        '1 supplier(s) recorded, but no approved document on the control of externally provided processes (purpose outsourced_processes); 1 of 1 suppliers not assessed within the last 12 months.',
    });
    await approve(
      await makeDocument(u, { title: 'Supplier control', purpose: 'outsourced_processes' }),
    );
    expect((await clause('8.1')).reasons[3]!.status).toBe('partial');
    await u.run(suppliers.update, {
      thirdPartyId: supplier.id,
      assessedOn: today(),
      assessmentOutcome: 'acceptable',
    });
    const met = await clause('8.1');
    expect(met.reasons.map((x) => x.status)).toEqual(['met', 'met', 'met', 'met']);
    expect(met.status).toBe('met');
  });

  it('10.1 is not met by ideas logged, only by improvements carried out within the year', async () => {
    expect((await clause('10.1')).reasons[0]).toMatchObject({
      status: 'missing',
      detail: 'No opportunities for improvement logged.',
    });
    const idea = await u.run(createImprovement, {
      title: 'Explain refusals to applicants',
      dueDate: today(),
    });
    await u.run(decideImprovement, { improvementId: idea.id, decision: 'adopted' });
    const logged = await clause('10.1');
    expect(logged.status).toBe('partial');
    expect(logged.reasons[0]!.detail).toMatch(
      /^1 opportunities for improvement logged; none was carried out since \d{4}-\d{2}-\d{2}\.$/,
    );
    expect(logged.reasons[1]!.status).toBe('met');

    // Done more than a year ago is not continual improvement.
    const old = await u.run(createImprovement, { title: 'Model cards for every release' });
    await u.run(decideImprovement, { improvementId: old.id, decision: 'adopted' });
    await u.run(updateImprovement, {
      improvementId: old.id,
      status: 'done',
      completedOn: '2024-01-10',
    });
    expect((await clause('10.1')).reasons[0]!.status).toBe('partial');

    u.clock.advanceDays(2);
    await u.run(updateImprovement, { improvementId: idea.id, status: 'in_progress' });
    const late = await clause('10.1');
    expect(late.reasons[0]).toMatchObject({
      status: 'partial',
      refs: [{ type: 'improvements', id: idea.id }],
    });
    await u.run(updateImprovement, { improvementId: idea.id, status: 'done' });
    const met = await clause('10.1');
    expect(met.status).toBe('met');
    expect(met.reasons[0]!.refs).toEqual([{ type: 'improvements', id: idea.id }]);
  });

  it('8.2 is not met by a risk assessed once with no date planned for its next assessment', async () => {
    const risk = await makeRisk(u, { inherentLikelihood: 2, inherentImpact: 2 });
    const r = (await clause('8.2')).reasons[1]!;
    expect(r.status).toBe('partial');
    expect(r.detail).toContain('1 with no date planned for the next assessment');
    expect(r.refs).toContainEqual({ type: 'risks', id: risk.id });
    await u.run(updateRisk, { riskId: risk.id, reviewDate: '2027-01-31' });
    const planned = (await clause('8.2')).reasons[1]!;
    expect(planned.status).toBe('met');
    expect(planned.detail).toContain('each has its next review planned');
  });

  it('10.2 is not met while a nonconformity waits a month without a correction', async () => {
    const { nc: done } = await makeActionsDone(u);
    await u.run(
      verifyEffectiveness,
      { nonconformityId: done.id, effective: true, note: 'Checked on the next releases.' },
      { as: u.members.manager },
    );
    const idle = await makeNonconformity(u);
    expect((await clause('10.2')).reasons[0]!.status).toBe('met');
    u.clock.advanceDays(31);
    expect((await clause('10.2')).reasons[0]).toMatchObject({
      status: 'partial',
      detail:
        '1 of 2 nonconformities had their corrective actions found effective, but 1 has had no correction for more than 30 days.',
      refs: [{ type: 'nonconformities', id: idle.id }],
    });
    await u.run(correctNonconformity, { nonconformityId: idle.id, correction: 'Rolled back.' });
    expect((await clause('10.2')).reasons[0]!.status).toBe('met');
  });
});
