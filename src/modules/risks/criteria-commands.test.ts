import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { findRecord } from '../../kernel/records.js';
import { DEFAULT_CRITERIA } from './criteria.js';
import { updateCriteria } from './criteria-commands.js';
import { updateRisk } from './risk-commands.js';

const three = [{ label: 'Low' }, { label: 'Mid' }, { label: 'High' }];
const simpler = {
  likelihood: three,
  impact: three,
  levels: [
    { key: 'low', label: 'Low' },
    { key: 'high', label: 'High' },
  ],
  matrix: [
    ['low', 'low', 'low'],
    ['low', 'low', 'low'],
    ['low', 'low', 'high'],
  ],
  acceptanceLevel: 'low',
  changeNote: 'Simpler',
};

describe.each(DIALECTS)('risk criteria commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('puts the first criteria in force as version 1, by the member who set them', async () => {
    const { result, events } = await runAndRecord(u, updateCriteria, DEFAULT_CRITERIA, {
      as: u.members.manager,
    });
    expect(result).toMatchObject({ number: 1, acceptanceLevel: 'medium' });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['risk_criteria.update', 'risk_criteria', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      number: 1,
      status: 'active',
      acceptance_level: 'medium',
      author_member_id: u.members.manager.memberId,
    });
  });

  it('refuses broken criteria and other roles, writing nothing', async () => {
    const head = await u.head();
    await expect(
      u.run(updateCriteria, {
        ...simpler,
        matrix: [
          ['low', 'low'],
          ['low', 'low', 'low'],
          ['low', 'low', 'nope'],
        ],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { pointer: '/body/matrix/0', message: 'Needs 3 cells, one per impact level.' },
        { pointer: '/body/matrix/2/2', message: 'Not one of the levels.' },
      ],
    });
    await expect(
      u.run(updateCriteria, simpler, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('supersedes the version in force; a risk keeps its version until it is re-assessed', async () => {
    const risk = await makeRisk(u, { inherentLikelihood: 4, inherentImpact: 5 });
    expect(risk.inherent_level).toBe('critical');
    const { result, events } = await runAndRecord(u, updateCriteria, simpler);
    expect(result).toMatchObject({ number: 2, changeNote: 'Simpler' });
    expect(events.map((e) => [e.action, e.state?.number, e.state?.status])).toEqual([
      ['risk_criteria.update', 1, 'superseded'],
      ['risk_criteria.update', 2, 'active'],
    ]);
    const kept = (await findRecord(u.database.db, 'risks', u.org.id, risk.id))!;
    expect([kept.criteria_id, kept.inherent_level]).toEqual([risk.criteria_id, 'critical']);
    // Re-assessed, it is scored on version 2 and its scales.
    await expect(
      u.run(updateRisk, { riskId: risk.id, inherentLikelihood: 4, inherentImpact: 3 }),
    ).rejects.toMatchObject({
      code: 'OUT_OF_SCALE',
      errors: [{ pointer: '/body/inherentLikelihood', message: 'Between 1 and 3.' }],
    });
    const re = await u.run(updateRisk, {
      riskId: risk.id,
      inherentLikelihood: 3,
      inherentImpact: 3,
    });
    expect([re.criteria_id, re.inherent_level]).toEqual([result.id, 'high']);
    expect(await u.verify()).toEqual([]);
  });
});
