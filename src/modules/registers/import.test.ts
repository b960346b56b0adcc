import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { runBatch } from '../../kernel/commands.js';
import { registerOf } from './definitions.js';
import { registerCommands } from './commands.js';
import { applyImport, planImport } from './import.js';

const spec = registerOf('context_issues');
const issues = registerCommands(spec);

describe.each(DIALECTS)('register imports on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const plan = (rows: string[][]) =>
    planImport(u.database.db, spec, u.org.id, [['id', 'title', 'kind', 'category'], ...rows]);

  it('writes every row through the register commands in one transaction, as <register>.import', async () => {
    const existing = await u.run(issues.create, {
      title: 'Old',
      kind: 'internal',
      category: 'technical',
    });
    const p = await plan([
      ['', 'New one', 'external', 'legal'],
      [existing.id, 'Renamed', 'internal', 'technical'],
    ]);
    expect(p.errors).toEqual([]);
    const head = await u.head();
    const as = u.members.contributor;
    const done = await applyImport(u.context(as), await u.access(as), p);
    expect(done).toEqual({ created: 1, updated: 1 });
    const events = await u.events(head);
    expect(events.map((e) => [e.action, e.entity, e.version, e.request_id])).toEqual([
      ['context_issues.import', 'context_issues', 1, events[0]!.request_id],
      ['context_issues.import', 'context_issues', 2, events[0]!.request_id],
    ]);
    expect(events[1]!.state).toMatchObject({ id: existing.id, title: 'Renamed' });
    expect(await u.verify()).toEqual([]);
  });

  it('writes no row when one fails (here: its record was deleted after the check)', async () => {
    const doomed = await u.run(issues.create, {
      title: 'Doomed',
      kind: 'internal',
      category: 'technical',
    });
    const p = await plan([
      ['', 'First', 'external', 'legal'],
      ['', 'Second', 'external', 'legal'],
      [doomed.id, 'Too late', 'internal', 'technical'],
    ]);
    expect(p.errors).toEqual([]);
    await u.run(issues.remove, { contextIssueId: doomed.id });
    const head = await u.head();
    await expect(applyImport(u.context(), await u.access(), p)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await u.head()).toBe(head);
    const titles = await u.database.db
      .selectFrom('context_issues')
      .select('title')
      .where('org_id', '=', u.org.id)
      .where('title', 'in', ['First', 'Second'])
      .execute();
    expect(titles).toEqual([]);
  });

  it('authorizes the batch and each step for its own action: a batch does nothing its commands would refuse', async () => {
    const issue = await u.run(issues.create, {
      title: 'Kept',
      kind: 'internal',
      category: 'technical',
    });
    const head = await u.head();
    const contributor = u.members.contributor;
    // Contributors may import, but not delete: the delete step is refused, the create before it undone.
    await expect(
      runBatch(
        u.context(contributor),
        'context_issues.import',
        await u.access(contributor),
        async (step) => {
          await step(issues.create, { title: 'Half', kind: 'internal', category: 'technical' });
          await step(issues.remove, { contextIssueId: issue.id });
        },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Viewers may not import at all.
    await expect(
      runBatch(
        u.context(u.members.viewer),
        'context_issues.import',
        await u.access(u.members.viewer),
        async () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Each step's input is parsed as the command's own.
    await expect(
      runBatch(u.context(), 'context_issues.import', await u.access(), (step) =>
        step(issues.create, { title: 'x', kind: 'neither', category: 'technical' }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await u.head()).toBe(head);
  });

  it('reports a responsibility for an AI system whose subject is no AI system of the organization as a row error', async () => {
    const sys = await u.run(registerCommands(registerOf('ai_systems')).create, {
      name: 'Triage',
      purpose: 'Triage cases.',
    });
    const who = u.members.manager.email;
    const p = await planImport(u.database.db, registerOf('responsibilities'), u.org.id, [
      ['member', 'subjectType', 'subjectId', 'raci'],
      [who, 'ai_system', sys.id, 'accountable'],
      [who, 'ai_system', 'Triage', 'accountable'],
      [who, 'process', 'Triage', 'accountable'],
    ]);
    expect(p.errors).toEqual([
      { row: 3, column: 'subjectId', message: 'No AI system with id Triage.' },
    ]);
  });
});
