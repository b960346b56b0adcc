import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNonconformity } from '../../../test/factories/nonconformities.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import {
  correctNonconformity,
  raiseNonconformity,
  recordRootCause,
  recordSimilar,
  updateNonconformity,
} from './commands.js';

describe.each(DIALECTS)('nonconformity commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('raises a nonconformity with a number, the raiser as owner, and a first step', async () => {
    u.clock.set('2026-03-02T09:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      raiseNonconformity,
      {
        title: 'Release without a bias test',
        requirementId: 'A.6.2.4',
        severity: 'major',
        description: 'Release 2.3 went live untested.',
      },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id === result.id])).toEqual([
      ['nonconformities.raise', 'nonconformities', true],
      ['nonconformities.raise', 'nonconformity_steps', false],
    ]);
    expect(events[0]!.state).toMatchObject({
      number: 1,
      status: 'open',
      cycle: 1,
      source_type: 'direct',
      source_id: null,
      requirement_id: 'A.6.2.4',
      severity: 'major',
      detected_on: '2026-03-02',
      raised_by_member_id: u.members.contributor.memberId,
      owner_member_id: u.members.contributor.memberId,
    });
    expect(events[1]!.state).toMatchObject({
      nonconformity_id: result.id,
      step: 'raised',
      cycle: 1,
      member_id: u.members.contributor.memberId,
    });
    const second = await makeNonconformity(u);
    expect(second.number).toBe(2);
  });

  it('refuses a requirement the catalog does not have, an unknown owner, and readers', async () => {
    const head = await u.head();
    await expect(
      u.run(raiseNonconformity, { title: 'x', requirementId: 'A.99.1', severity: 'minor' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/requirementId' }],
    });
    await expect(
      u.run(raiseNonconformity, {
        title: 'x',
        requirementId: '8.1',
        severity: 'minor',
        ownerMemberId: '0190a0a0-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    for (const as of [u.members.viewer, u.members.auditor])
      await expect(
        u.run(raiseNonconformity, { title: 'x', requirementId: '8.1', severity: 'minor' }, { as }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('records the correction as a step and moves an open nonconformity to correction done', async () => {
    const nc = await makeNonconformity(u);
    const { result, events } = await runAndRecord(
      u,
      correctNonconformity,
      { nonconformityId: nc.id, correction: 'Rolled back to release 2.2.' },
      { as: u.members.contributor, ifMatch: nc.version },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['nonconformities.correct', 'nonconformities'],
      ['nonconformities.correct', 'nonconformity_steps'],
    ]);
    expect(events[0]!.state).toMatchObject({
      status: 'correction_done',
      correction: 'Rolled back to release 2.2.',
    });
    expect(events[1]!.state).toMatchObject({
      step: 'correction',
      note: 'Rolled back to release 2.2.',
      member_id: u.members.contributor.memberId,
    });
    await expect(
      u.run(
        correctNonconformity,
        { nonconformityId: nc.id, correction: 'Again' },
        { ifMatch: result.version - 1 },
      ),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
  });

  it('records a root cause by five whys, fishbone or in words, each kept as JSON of its method', async () => {
    const nc = await makeNonconformity(u);
    const whys = await runAndRecord(u, recordRootCause, {
      nonconformityId: nc.id,
      rootCause: {
        method: 'five_whys',
        whys: ['The test did not run.', 'It was optional.', 'A hotfix switched it off.'],
        cause: 'Pipeline switches are not reviewed.',
      },
    });
    expect(whys.events.map((e) => [e.action, e.entity])).toEqual([
      ['nonconformities.investigate', 'nonconformities'],
      ['nonconformities.investigate', 'nonconformity_steps'],
    ]);
    expect(JSON.parse(String(whys.events[0]!.state!.root_cause))).toEqual({
      method: 'five_whys',
      whys: ['The test did not run.', 'It was optional.', 'A hotfix switched it off.'],
      cause: 'Pipeline switches are not reviewed.',
    });
    expect(whys.events[1]!.state).toMatchObject({
      step: 'root_cause',
      note: 'Pipeline switches are not reviewed.',
    });
    // The status does not move: the analysis is not an action.
    expect(whys.result.status).toBe('open');

    const fishbone = await u.run(recordRootCause, {
      nonconformityId: nc.id,
      rootCause: {
        method: 'fishbone',
        categories: [
          { category: 'process', causes: ['No review of switches'] },
          { category: 'data', causes: ['Subgroup labels missing'] },
        ],
        cause: 'Nobody owns the pipeline configuration.',
      },
    });
    expect(JSON.parse(String(fishbone.root_cause)).categories).toHaveLength(2);

    const head = await u.head();
    await expect(
      u.run(recordRootCause, {
        nonconformityId: nc.id,
        rootCause: {
          method: 'fishbone',
          categories: [
            { category: 'data', causes: ['a'] },
            { category: 'data', causes: ['b'] },
          ],
          cause: 'x',
        },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/rootCause/categories' }],
    });
    await expect(
      u.run(recordRootCause, {
        nonconformityId: nc.id,
        rootCause: { method: 'five_whys', whys: [], cause: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await u.head()).toBe(head);
  });

  it('records similar nonconformities, which must be others of the organization', async () => {
    const nc = await makeNonconformity(u);
    const other = await makeNonconformity(u);
    const { events } = await runAndRecord(u, recordSimilar, {
      nonconformityId: nc.id,
      answer: 'exist',
      nonconformityIds: [other.id],
      note: 'The scoring model shares the pipeline.',
    });
    expect(JSON.parse(String(events[0]!.state!.similar))).toEqual({
      answer: 'exist',
      nonconformityIds: [other.id],
      note: 'The scoring model shares the pipeline.',
    });
    expect(events[1]!.state).toMatchObject({ step: 'similar' });

    const head = await u.head();
    await expect(
      u.run(recordSimilar, { nonconformityId: nc.id, answer: 'could_occur' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', errors: [{ pointer: '/body/note' }] });
    await expect(
      u.run(recordSimilar, { nonconformityId: nc.id, answer: 'exist', nonconformityIds: [nc.id] }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/nonconformityIds/0' }],
    });
    await expect(
      u.run(recordSimilar, {
        nonconformityId: nc.id,
        answer: 'exist',
        nonconformityIds: [other.id, '0190a0a0-0000-7000-8000-000000000000'],
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/nonconformityIds/1' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('edits what it says but not where it came from', async () => {
    const nc = await makeNonconformity(u);
    const { result, events } = await runAndRecord(
      u,
      updateNonconformity,
      { nonconformityId: nc.id, severity: 'minor', ownerMemberId: u.members.manager.memberId },
      { ifMatch: nc.version },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['nonconformities.update', 'nonconformities'],
    ]);
    expect(result).toMatchObject({
      severity: 'minor',
      owner_member_id: u.members.manager.memberId,
    });
    await expect(
      u.run(updateNonconformity, {
        nonconformityId: nc.id,
        sourceType: 'concern',
      } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await u.verify()).toEqual([]);
  });
});
