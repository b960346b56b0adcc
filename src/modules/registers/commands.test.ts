import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { registerOf } from './definitions.js';
import { registerCommands } from './commands.js';

const issues = registerCommands(registerOf('context_issues'));
const competences = registerCommands(registerOf('competences'));
const trainings = registerCommands(registerOf('training_records'));
const legal = registerCommands(registerOf('legal_requirements'));
const systems = registerCommands(registerOf('ai_systems'));

describe.each(DIALECTS)('register commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('creates, edits and deletes a record, each one event with its state', async () => {
    const { result: issue, events: created } = await runAndRecord(
      u,
      issues.create,
      { title: 'EU AI Act', kind: 'external', category: 'regulatory' },
      { as: u.members.contributor },
    );
    expect(created.map((e) => [e.action, e.entity, e.entity_id, e.version])).toEqual([
      ['context_issues.create', 'context_issues', issue.id, 1],
    ]);
    expect(created[0]!.actor).toBe(`user:${u.members.contributor.userId}`);
    expect(created[0]!.state).toMatchObject({
      title: 'EU AI Act',
      kind: 'external',
      category: 'regulatory',
      description: null,
      owner_member_id: null,
    });

    u.clock.advanceDays(1);
    const { result: edited, events: changed } = await runAndRecord(
      u,
      issues.update,
      {
        contextIssueId: issue.id,
        description: 'Obligations for deployers.',
        ownerMemberId: u.members.manager.memberId,
      },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(edited).toMatchObject({ version: 2, title: 'EU AI Act' });
    expect(changed.map((e) => [e.action, e.entity_id, e.version])).toEqual([
      ['context_issues.update', issue.id, 2],
    ]);
    expect(changed[0]!.state).toMatchObject({
      description: 'Obligations for deployers.',
      owner_member_id: u.members.manager.memberId,
      updated_at: '2026-03-03T09:00:00.000Z',
    });

    // null clears an optional field; a left-out field stays.
    const cleared = await u.run(issues.update, { contextIssueId: issue.id, description: null });
    expect(cleared).toMatchObject({
      description: null,
      owner_member_id: u.members.manager.memberId,
    });

    const { result: gone, events: deleted } = await runAndRecord(
      u,
      issues.remove,
      { contextIssueId: issue.id },
      { as: u.members.manager, ifMatch: 3 },
    );
    expect(gone).toEqual({ id: issue.id });
    expect(deleted.map((e) => [e.action, e.entity_id, e.state])).toEqual([
      ['context_issues.delete', issue.id, null],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('refuses a stale If-Match, a delete by a contributor and an unknown id, and writes nothing', async () => {
    const issue = await u.run(issues.create, {
      title: 'Skills shortage',
      kind: 'internal',
      category: 'organizational',
    });
    const head = await u.head();
    await expect(
      u.run(issues.update, { contextIssueId: issue.id, title: 'x' }, { ifMatch: 2 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(issues.remove, { contextIssueId: issue.id }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(issues.update, { contextIssueId: '0190a0a0-0000-7000-8000-000000000000', title: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(
      u.run(
        issues.create,
        { title: 'x', kind: 'external', category: 'regulatory' },
        {
          as: u.members.viewer,
        },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
  });

  it('refuses references outside the organization with a pointer to each, and writes nothing', async () => {
    const other = await openUnit(dialect);
    try {
      const foreign = await makeAiSystem(other);
      const mine = await makeAiSystem(u);
      const head = await u.head();
      await expect(
        u.run(legal.create, {
          title: 'GDPR',
          instrument: 'gdpr',
          applicability: 'applicable',
          aiSystemIds: [mine.id, foreign.id],
          ownerMemberId: other.members.owner.memberId,
        }),
      ).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        status: 422,
        errors: [
          { pointer: '/body/aiSystemIds/1', message: 'No such AI system.' },
          { pointer: '/body/ownerMemberId', message: 'No such member of this organization.' },
        ],
      });
      expect(await u.head()).toBe(head);
      const { events } = await runAndRecord(u, legal.create, {
        title: 'GDPR',
        instrument: 'gdpr',
        applicability: 'applicable',
        aiSystemIds: [mine.id],
      });
      // A list field is stored as JSON text, and the ledger state holds that text.
      expect(events[0]!.state).toMatchObject({ ai_system_ids: JSON.stringify([mine.id]) });
    } finally {
      await other.close();
    }
  });

  it('refuses to delete a record another register still refers to (IN_USE), and writes nothing', async () => {
    const comp = await u.run(competences.create, { aimsRole: 'manager', name: 'Risk assessment' });
    await u.run(trainings.create, {
      memberId: u.members.manager.memberId,
      competenceId: comp.id,
      title: 'Course',
      completedOn: '2026-01-10',
    });
    const head = await u.head();
    await expect(u.run(competences.remove, { competenceId: comp.id })).rejects.toMatchObject({
      code: 'IN_USE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
  });
});

describe.each(DIALECTS)('AI system commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('registers a system at inception, unclassified, and records the registration as its first transition', async () => {
    const { result: sys, events } = await runAndRecord(
      u,
      systems.create,
      { name: 'Triage', purpose: 'Ranks cases.', aiRoles: ['provider'] },
      { as: u.members.contributor },
    );
    expect(sys).toMatchObject({ lifecycle_stage: 'inception', eu_ai_act_tier: 'unclassified' });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['ai_systems.create', 'ai_systems'],
      ['ai_systems.create', 'ai_system_transitions'],
    ]);
    expect(events[0]!.state).toMatchObject({
      name: 'Triage',
      lifecycle_stage: 'inception',
      eu_ai_act_tier: 'unclassified',
      ai_roles: '["provider"]',
    });
    expect(events[1]!.state).toMatchObject({
      ai_system_id: sys.id,
      from_stage: null,
      to_stage: 'inception',
      reason: 'Registered',
      actor: `user:${u.members.contributor.userId}`,
    });
  });

  it('registers a system where it stands, and names the host operator as the actor', async () => {
    const { result: sys, events } = await runAndRecord(
      u,
      systems.create,
      { name: 'Scorer', purpose: 'Scores loans.', lifecycleStage: 'deployment' },
      { as: 'host' },
    );
    expect(sys.lifecycle_stage).toBe('deployment');
    expect(events[1]!.state).toMatchObject({
      from_stage: null,
      to_stage: 'deployment',
      actor: 'host:test',
    });
  });

  it('never sets the life cycle stage or the EU AI Act tier by an edit', async () => {
    const sys = await makeAiSystem(u);
    await expect(
      u.run(systems.update, { aiSystemId: sys.id, lifecycleStage: 'deployment' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      u.run(systems.update, { aiSystemId: sys.id, euAiActTier: 'high_risk' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      u.run(systems.create, { name: 'x', purpose: 'y', euAiActTier: 'minimal_risk' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps every AI system: a deletion is refused (IN_USE) and writes nothing', async () => {
    const sys = await makeAiSystem(u);
    const head = await u.head();
    await expect(u.run(systems.remove, { aiSystemId: sys.id })).rejects.toMatchObject({
      code: 'IN_USE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
    expect(await u.verify()).toEqual([]);
  });

  it('takes the subject of a responsibility for an AI system as a reference: an AI system of the organization', async () => {
    const resp = registerCommands(registerOf('responsibilities'));
    const sys = await makeAiSystem(u);
    const { memberId } = await u.outsider();
    const base = { memberId: u.members.manager.memberId, raci: 'accountable' };
    const head = await u.head();
    for (const subjectId of ['Triage assistant', memberId])
      await expect(
        u.run(resp.create, { ...base, subjectType: 'ai_system', subjectId }),
      ).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/subjectId', message: 'No such AI system.' }],
      });
    await expect(
      u.run(resp.create, { ...base, memberId, subjectType: 'process', subjectId: 'Triage' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ pointer: '/body/memberId' }] });
    expect(await u.head()).toBe(head);
    const forSystem = await u.run(resp.create, {
      ...base,
      subjectType: 'ai_system',
      subjectId: sys.id,
    });
    const forProcess = await u.run(resp.create, {
      ...base,
      subjectType: 'process',
      subjectId: 'Risk assessment',
    });
    // An edit is checked against the record's other field when it gives only one of them.
    const again = await u.head();
    await expect(
      u.run(resp.update, { responsibilityId: forProcess.id, subjectType: 'ai_system' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/subjectId' }],
    });
    await expect(
      u.run(resp.update, { responsibilityId: forSystem.id, subjectId: 'Not an id' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/subjectId' }],
    });
    expect(await u.head()).toBe(again);
    await u.run(resp.update, { responsibilityId: forSystem.id, raci: 'responsible' });
  });
});
