import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { approveScope, draftScope, editScope } from './commands.js';
import { toScopeVersionView } from './schemas.js';

describe.each(DIALECTS)('scope commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('drafts a version as its author and records it in the ledger', async () => {
    const { result, events } = await runAndRecord(u, draftScope, {
      statement: 'All AI systems of the clinical division.',
      exclusions: [{ item: 'Prototypes', justification: 'Never used on patients.' }],
    });
    expect(result).toMatchObject({ number: 1, status: 'draft', version: 1 });
    expect(result.author_member_id).toBe(u.members.owner.memberId);
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['scope.draft', 'scope_versions', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      status: 'draft',
      statement: 'All AI systems of the clinical division.',
      exclusions: '[{"item":"Prototypes","justification":"Never used on patients."}]',
    });
  });

  it('refuses a second draft while one is open, and writes nothing', async () => {
    const head = await u.head();
    await expect(u.run(draftScope, { statement: 'Another' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
  });

  it('refuses approval by the author (SELF_APPROVAL) and by the host operator (FORBIDDEN)', async () => {
    const draft = (await u.events()).find((e) => e.entity === 'scope_versions')!;
    const head = await u.head();
    await expect(
      u.run(approveScope, { scopeVersionId: draft.entity_id }, { as: u.members.owner }),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL', status: 422 });
    await expect(
      u.run(approveScope, { scopeVersionId: draft.entity_id }, { as: 'host' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('shows each caller what they may do: the author may edit, another manager may approve', async () => {
    const draft = await u.database.db
      .selectFrom('scope_versions')
      .selectAll()
      .where('org_id', '=', u.org.id)
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    const author = toScopeVersionView(draft, await u.access(u.members.owner));
    expect(author.abilities).toEqual({ edit: true, approve: false });
    const manager = toScopeVersionView(draft, await u.access(u.members.manager));
    expect(manager.abilities).toEqual({ edit: true, approve: true });
    const viewer = toScopeVersionView(draft, await u.access(u.members.viewer));
    expect(viewer.abilities).toEqual({ edit: false, approve: false });
  });

  it('is approved by another manager, supersedes the scope in force, and locks the version', async () => {
    const first = await u.database.db
      .selectFrom('scope_versions')
      .select(['id', 'version'])
      .where('org_id', '=', u.org.id)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();
    u.clock.set('2026-04-01T10:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      approveScope,
      { scopeVersionId: first.id },
      { as: u.members.manager, ifMatch: first.version },
    );
    expect(result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.manager.memberId,
      approved_at: '2026-04-01T10:00:00.000Z',
    });
    expect(events.map((e) => [e.action, e.state?.status])).toEqual([['scope.approve', 'approved']]);

    await expect(
      u.run(editScope, { scopeVersionId: first.id, boundaries: 'EU' }),
    ).rejects.toMatchObject({ code: 'VERSION_LOCKED', status: 409 });

    const second = await u.run(draftScope, { statement: 'Both divisions.' });
    const { events: approval } = await runAndRecord(
      u,
      approveScope,
      { scopeVersionId: second.id },
      { as: u.members.manager },
    );
    expect(approval.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [first.id, 'superseded'],
      [second.id, 'approved'],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('answers a stale If-Match with 412 and leaves the draft as it was', async () => {
    const d = await u.run(draftScope, { statement: 'Third' });
    await expect(
      u.run(editScope, { scopeVersionId: d.id, statement: 'Changed' }, { ifMatch: d.version + 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
  });
});
