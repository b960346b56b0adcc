import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeConcern } from '../../../test/factories/concerns.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { runInstance } from '../../kernel/commands.js';
import type { Context } from '../../kernel/context.js';
import { reportConcern, reportPublicConcern, triageConcern } from './commands.js';

const UNKNOWN_ID = '0190a000-0000-7000-8000-000000000000';

describe.each(DIALECTS)('concern commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  /** A caller of the public link: no account, no actor. */
  const visitor = (): Context => ({ ...u.context(), actor: null });

  it("records a member's report with the reporter, as them, about an AI system", async () => {
    const aiSystemId = (await makeAiSystem(u)).id;
    const me = u.members.viewer;
    const { result, events } = await runAndRecord(
      u,
      reportConcern,
      { summary: 'Odd answers', aiSystemId },
      { as: me },
    );
    expect(result).toMatchObject({
      status: 'received',
      channel: 'member',
      anonymous: 0,
      reporter_member_id: me.memberId,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.actor])).toEqual([
      ['concerns.report', 'concerns', result.id, `user:${me.userId}`],
    ]);
    expect(events[0]!.state).toMatchObject({
      summary: 'Odd answers',
      ai_system_id: aiSystemId,
      reporter_member_id: me.memberId,
    });
  });

  it('keeps an anonymous report anonymous: no member id, and "anonymous" as the actor', async () => {
    const me = u.members.contributor;
    const { result, events } = await runAndRecord(
      u,
      reportConcern,
      { summary: 'I would rather not say who', anonymous: true },
      { as: me },
    );
    expect(result).toMatchObject({ anonymous: 1, reporter_member_id: null });
    expect(events.map((e) => [e.action, e.entity, e.actor])).toEqual([
      ['concerns.report', 'concerns', 'anonymous'],
    ]);
    expect(events[0]!.state).toMatchObject({ anonymous: 1, reporter_member_id: null });
    expect(JSON.stringify(events[0])).not.toContain(me.memberId);
    expect(JSON.stringify(events[0])).not.toContain(me.userId);
  });

  it('refuses an AI system of nowhere, writing nothing', async () => {
    const head = await u.head();
    await expect(
      u.run(reportConcern, { summary: 'x', aiSystemId: UNKNOWN_ID }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/aiSystemId' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('takes a report through the public link as anonymous, keeping a contact only when given', async () => {
    const before = await u.head();
    const c = await runInstance(visitor(), reportPublicConcern, {
      orgId: u.org.id,
      summary: 'The loan decision seems unfair',
      aiSystem: 'Online loan application',
      details: 'Refused in seconds.',
    });
    expect(c).toMatchObject({
      channel: 'public',
      anonymous: 1,
      reporter_member_id: null,
      reporter_contact: null,
      details: 'AI system named by the reporter: Online loan application\n\nRefused in seconds.',
    });
    const withContact = await runInstance(visitor(), reportPublicConcern, {
      orgId: u.org.id,
      summary: 'Please call me back',
      contact: 'visitor@example.net',
    });
    expect(withContact).toMatchObject({ anonymous: 0, reporter_contact: 'visitor@example.net' });
    const events = await u.events(before);
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.actor])).toEqual([
      ['concerns.report_public', 'concerns', c.id, 'anonymous'],
      ['concerns.report_public', 'concerns', withContact.id, 'anonymous'],
    ]);
    // Even a signed-in member using the link stays unnamed.
    const { events: mine } = await (async () => {
      const head = await u.head();
      await runInstance(u.context(u.members.manager), reportPublicConcern, {
        orgId: u.org.id,
        summary: 'Through the link',
      });
      return { events: await u.events(head) };
    })();
    expect(mine.map((e) => e.actor)).toEqual(['anonymous']);
  });

  it('answers 404 for an organization that does not exist, writing nothing', async () => {
    const head = await u.head();
    await expect(
      runInstance(visitor(), reportPublicConcern, { orgId: UNKNOWN_ID, summary: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
  });

  it('triages a concern: owner, state, and closing only with an outcome', async () => {
    const c = await makeConcern(u, { aiSystemId: 'new' });
    const manager = u.members.manager;
    const { result, events } = await runAndRecord(
      u,
      triageConcern,
      { concernId: c.id, status: 'investigating', ownerMemberId: manager.memberId },
      { as: manager, ifMatch: c.version },
    );
    expect(result).toMatchObject({ status: 'investigating', owner_member_id: manager.memberId });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.version])).toEqual([
      ['concerns.triage', 'concerns', c.id, 2],
    ]);
    expect(events[0]!.state).toMatchObject({
      status: 'investigating',
      owner_member_id: manager.memberId,
      closed_at: null,
    });

    const head = await u.head();
    await expect(
      u.run(triageConcern, { concernId: c.id, status: 'resolved' }, { as: manager }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      status: 422,
      errors: [{ pointer: '/body/outcome' }],
    });
    await expect(
      u.run(triageConcern, { concernId: c.id, ownerMemberId: UNKNOWN_ID }, { as: manager }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    await expect(
      u.run(triageConcern, { concernId: c.id, status: 'triage' }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(triageConcern, { concernId: c.id, status: 'triage' }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);

    u.clock.set('2026-04-02T08:00:00.000Z');
    const { events: closing } = await runAndRecord(
      u,
      triageConcern,
      { concernId: c.id, status: 'resolved', outcome: 'Retrained; checked by QA.' },
      { as: manager },
    );
    expect(closing[0]!.state).toMatchObject({
      status: 'resolved',
      outcome: 'Retrained; checked by QA.',
      closed_at: '2026-04-02T08:00:00.000Z',
    });
    // Reopening clears the closing time.
    const reopened = await u.run(
      triageConcern,
      { concernId: c.id, status: 'investigating' },
      { as: manager },
    );
    expect(reopened.closed_at).toBeNull();
    expect(await u.verify()).toEqual([]);
  });
});
