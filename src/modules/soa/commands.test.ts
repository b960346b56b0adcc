import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideEveryControl, makeSoaVersion } from '../../../test/factories/soa.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { sha256Hex } from '../../kernel/ids.js';
import { addCustomControl, approveSoa, decideControl, snapshotSoa } from './commands.js';
import { toSoaVersionView } from './schemas.js';

describe.each(DIALECTS)('SoA commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('decides a control, keeps its status on a new decision, and excludes it as not applicable', async () => {
    const { result, events } = await runAndRecord(u, decideControl, {
      controlId: 'A.7.4',
      applicable: true,
      justification: 'Data quality matters.',
      implementationStatus: 'partial',
      ownerMemberId: u.members.manager.memberId,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['soa.update', 'soa_entries', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      control_id: 'A.7.4',
      custom: 0,
      title: 'Quality of data for AI systems',
      applicable: 1,
      implementation_status: 'partial',
      owner_member_id: u.members.manager.memberId,
    });

    const again = await runAndRecord(
      u,
      decideControl,
      { controlId: 'A.7.4', applicable: true, justification: 'Still.' },
      { ifMatch: 1 },
    );
    expect(again.events[0]!.state).toMatchObject({
      implementation_status: 'partial',
      owner_member_id: u.members.manager.memberId,
      version: 2,
    });
    const out = await runAndRecord(u, decideControl, {
      controlId: 'A.7.4',
      applicable: false,
      justification: 'No data of our own.',
    });
    expect(out.events[0]!.state).toMatchObject({
      applicable: 0,
      implementation_status: 'not_applicable',
    });
  });

  it('refuses contradictions, unknown members and controls, and a stale If-Match, writing nothing', async () => {
    const head = await u.head();
    const decide = (input: Record<string, unknown>, ifMatch?: number) =>
      u.run(
        decideControl,
        { controlId: 'A.6.2.2', justification: 'Because.', applicable: true, ...input },
        { ifMatch },
      );
    await expect(decide({ implementationStatus: 'not_applicable' })).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/implementationStatus' }],
    });
    await expect(
      decide({ applicable: false, implementationStatus: 'implemented' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT' });
    await expect(
      decide({ ownerMemberId: '0190a0b0-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    await expect(decide({ controlId: 'A.99.1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      decide({ controlId: 'A.7.4', implementationStatus: 'planned' }, 1),
    ).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
    });
    await expect(decide({}, undefined)).resolves.toBeDefined();
    expect(await u.head()).toBe(head + 1);
  });

  it('adds an own control once, and never under an Annex A identifier', async () => {
    const { result, events } = await runAndRecord(u, addCustomControl, {
      controlId: 'ORG-1',
      title: 'Model release board',
      justification: 'Group policy.',
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['soa.update', 'soa_entries', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      control_id: 'ORG-1',
      custom: 1,
      applicable: 1,
      implementation_status: 'not_started',
    });
    const head = await u.head();
    await expect(
      u.run(addCustomControl, { controlId: 'ORG-1', title: 'Again', justification: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', errors: [{ pointer: '/body/controlId' }] });
    await expect(
      u.run(addCustomControl, { controlId: 'A.2.9', title: 'Ours', justification: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await u.head()).toBe(head);
  });

  it('freezes the statement only once every control is decided, one draft at a time', async () => {
    const head = await u.head();
    await expect(u.run(snapshotSoa, {})).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('Decide every control first'),
    });
    expect(await u.head()).toBe(head);
    await decideEveryControl(u);
    const { result, events } = await runAndRecord(u, snapshotSoa, { changeNote: 'First' });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['soa.update', 'soa_versions', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      number: 1,
      status: 'draft',
      content_sha256: sha256Hex(result.snapshot),
      author_member_id: u.members.owner.memberId,
    });
    const frozen = JSON.parse(result.snapshot) as { controlId: string }[];
    expect(frozen.map((r) => r.controlId)).toContain('ORG-1');
    expect(frozen[0]).not.toHaveProperty('version');
    await expect(u.run(snapshotSoa, {})).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('is approved by someone other than its author, and supersedes the version in force', async () => {
    const first = await u.database.db
      .selectFrom('soa_versions')
      .selectAll()
      .where('org_id', '=', u.org.id)
      .executeTakeFirstOrThrow();
    const head = await u.head();
    await expect(u.run(approveSoa, { soaVersionId: first.id })).rejects.toMatchObject({
      code: 'SELF_APPROVAL',
      status: 422,
    });
    await expect(
      u.run(approveSoa, { soaVersionId: first.id }, { as: 'host' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      approveSoa,
      { soaVersionId: first.id },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.manager.memberId,
    });
    expect(events.map((e) => [e.action, e.entity_id, e.state?.status])).toEqual([
      ['soa.approve', first.id, 'approved'],
    ]);
    await expect(
      u.run(approveSoa, { soaVersionId: first.id }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });

    const second = await makeSoaVersion(u, u.members.manager);
    const { events: approval } = await runAndRecord(u, approveSoa, { soaVersionId: second.id });
    expect(approval.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [first.id, 'superseded'],
      [second.id, 'approved'],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('shows each caller whether they may approve a version', async () => {
    const v = await makeSoaVersion(u);
    const as = async (who: Parameters<Unit['access']>[0]) =>
      toSoaVersionView(v, await u.access(who)).abilities;
    expect(await as(u.members.owner)).toEqual({ approve: false });
    expect(await as(u.members.manager)).toEqual({ approve: true });
    expect(await as(u.members.contributor)).toEqual({ approve: false });
    expect(await as('host')).toEqual({ approve: false });
    const approved = await u.run(approveSoa, { soaVersionId: v.id }, { as: u.members.manager });
    expect(toSoaVersionView(approved, await u.access(u.members.manager)).abilities).toEqual({
      approve: false,
    });
  });
});
