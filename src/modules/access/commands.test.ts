import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { configureAccess } from '../orgs/index.js';
import { assignMember, unassignMember } from './commands.js';

describe.each(DIALECTS)('assignments and the access setting on %s', (dialect) => {
  let u: Unit;
  let systemId: string;
  beforeAll(async () => {
    u = await openUnit(dialect);
    systemId = (await makeAiSystem(u)).id;
  });
  afterAll(() => u?.close());

  it('turns the setting on and off, each an event of the organization', async () => {
    const on = await runAndRecord(u, configureAccess, { scopedAccess: true });
    expect(on.events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['orgs.configure_access', 'orgs', u.org.id],
    ]);
    expect(on.events[0]!.state).toMatchObject({ scoped_access: 1 });
    const off = await runAndRecord(u, configureAccess, { scopedAccess: false });
    expect(off.events[0]!.state).toMatchObject({ scoped_access: 0 });
    expect(await u.verify()).toEqual([]);
  });

  it('assigns a member to an AI system and withdraws it, each in the ledger', async () => {
    const contributor = u.members.contributor.memberId;
    const { result, events } = await runAndRecord(u, assignMember, {
      memberId: contributor,
      aiSystemId: systemId,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['access.assign', 'system_assignments', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({ member_id: contributor, ai_system_id: systemId });
    const head = await u.head();
    await expect(
      u.run(assignMember, { memberId: contributor, aiSystemId: systemId }),
    ).rejects.toMatchObject({ code: 'ALREADY_ASSIGNED', status: 409 });
    const gone = await runAndRecord(u, unassignMember, { assignmentId: result.id });
    expect(gone.events.map((e) => [e.action, e.entity, e.entity_id, e.state])).toEqual([
      ['access.unassign', 'system_assignments', result.id, null],
    ]);
    expect(head).toBe((await u.head()) - 1);
    expect(await u.verify()).toEqual([]);
  });

  it('refuses members and systems of another organization (422) and contributors (403), writing nothing', async () => {
    const outsider = await u.outsider();
    const head = await u.head();
    await expect(
      u.run(assignMember, { memberId: outsider.memberId, aiSystemId: systemId }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    await expect(
      u.run(
        assignMember,
        { memberId: u.members.contributor.memberId, aiSystemId: systemId },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(configureAccess, { scopedAccess: true }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });
});
