import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxItems, notificationsOf, outboxOf } from '../../../test/factories/inbox.js';
import { makeConcern } from '../../../test/factories/concerns.js';
import { makePolicy } from '../../../test/factories/policies.js';
import { makeRiskToAccept } from '../../../test/factories/risks.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { triageConcern } from '../concerns/index.js';
import { approvePolicyVersion, submitPolicyVersion } from '../policies/index.js';
import { acceptRisk } from '../risks/index.js';

describe.each(DIALECTS)('notifications of what starts waiting, on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('notifies who may approve a submitted policy version, in the command’s transaction, with e-mail queued', async () => {
    const { policy, version } = await makePolicy(u, {}, u.members.contributor);
    const ids = { policyId: policy.id, versionId: version.id };
    expect(await notificationsOf(u, u.members.manager, policy.id)).toEqual([]);

    const { events } = await runAndRecord(u, submitPolicyVersion, ids, {
      as: u.members.contributor,
    });
    // The ledger holds the submission only: notifications are no organization records.
    expect(events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['policies.submit', 'policy_versions', 'in_review'],
    ]);

    for (const approver of [u.members.manager, u.members.owner]) {
      const [n, ...more] = await notificationsOf(u, approver, policy.id);
      expect(more).toEqual([]);
      expect(n).toMatchObject({
        kind: 'policy_approval',
        reason: 'waiting',
        item_key: `policy_approval:${version.id}`,
        target_type: 'policies',
        path: `/o/${u.org.slug}/policies/${policy.id}`,
        read_at: null,
        resolved_at: null,
      });
      const [mail] = await outboxOf(u, [n!.id]);
      expect(mail).toMatchObject({ to_email: approver.email, status: 'pending', attempts: 0 });
      expect(mail!.subject).toContain(policy.title);
      expect(mail!.message_id).toMatch(/^<[0-9a-f-]+@aims\.[^>]+>$/);
    }
    // The author, an auditor and a viewer may not approve it: nothing for them.
    for (const other of [u.members.contributor, u.members.auditor, u.members.viewer])
      expect(await notificationsOf(u, other, policy.id)).toEqual([]);

    const items = await inboxItems(u, u.members.manager);
    expect(items.find((i) => i.key === `policy_approval:${version.id}`)).toMatchObject({
      kind: 'policy_approval',
      group: 'approvals',
      target: { type: 'policies', id: policy.id },
    });
    expect(
      (await inboxItems(u, u.members.contributor)).some((i) => i.target.id === policy.id),
    ).toBe(false);

    // Approved by the manager: it waits for nobody now, and everyone's notification is resolved.
    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    for (const approver of [u.members.manager, u.members.owner]) {
      const [n] = await notificationsOf(u, approver, policy.id);
      expect(n!.resolved_at).not.toBeNull();
    }
    expect((await inboxItems(u, u.members.manager)).some((i) => i.key.includes(version.id))).toBe(
      false,
    );
  });

  it('writes no notification when the command fails', async () => {
    const { policy, version } = await makePolicy(u, {}, u.members.manager);
    const ids = { policyId: policy.id, versionId: version.id };
    // The viewer may not submit: refused before anything is written.
    await expect(u.run(submitPolicyVersion, ids, { as: u.members.viewer })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A stale If-Match: refused inside the transaction, which rolls back.
    await expect(
      u.run(submitPolicyVersion, ids, { as: u.members.manager, ifMatch: 99 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(await notificationsOf(u, u.members.owner, policy.id)).toEqual([]);
  });

  it('notifies again when an item stops waiting for a member and later waits for them again', async () => {
    const concern = await makeConcern(u, {}, u.members.viewer);
    const assign = (memberId: string) =>
      u.run(
        triageConcern,
        { concernId: concern.id, ownerMemberId: memberId },
        {
          as: u.members.owner,
        },
      );
    await assign(u.members.contributor.memberId);
    await assign(u.members.manager.memberId);
    await assign(u.members.contributor.memberId);
    const mine = await notificationsOf(u, u.members.contributor, concern.id);
    expect(mine.map((n) => n.resolved_at === null)).toEqual([false, true]);
  });

  it('tells the member a concern is assigned to, once; and records a self-assignment read, without e-mail', async () => {
    const concern = await makeConcern(u, {}, u.members.viewer);
    // Reported: nobody handles it yet, so it waits for whoever may triage (managers, owners).
    const [triage] = await notificationsOf(u, u.members.manager, concern.id);
    expect(triage).toMatchObject({ kind: 'concern', resolved_at: null });

    const c1 = await u.run(
      triageConcern,
      { concernId: concern.id, ownerMemberId: u.members.contributor.memberId, status: 'triage' },
      { as: u.members.manager },
    );
    const [assigned] = await notificationsOf(u, u.members.contributor, concern.id);
    expect(assigned).toMatchObject({ kind: 'concern', read_at: null });
    expect(assigned!.why).toContain('You handle this concern');
    expect(await outboxOf(u, [assigned!.id])).toHaveLength(1);
    // It waits for the contributor now, no longer for the managers.
    expect(
      (await notificationsOf(u, u.members.manager, concern.id))[0]!.resolved_at,
    ).not.toBeNull();

    // Edited again while still assigned: no second notification.
    await u.run(
      triageConcern,
      { concernId: concern.id, status: 'investigating' },
      { as: u.members.manager, ifMatch: c1.version },
    );
    expect(await notificationsOf(u, u.members.contributor, concern.id)).toHaveLength(1);

    // The manager takes it on themselves: recorded as read, and no e-mail.
    await u.run(
      triageConcern,
      { concernId: concern.id, ownerMemberId: u.members.manager.memberId },
      { as: u.members.manager },
    );
    const mine = (await notificationsOf(u, u.members.manager, concern.id)).at(-1)!;
    expect(mine.read_at).not.toBeNull();
    expect(await outboxOf(u, [mine.id])).toEqual([]);
  });

  it('asks for acceptance of a risk above the acceptance level from managers and owners but its owner, until accepted', async () => {
    const risk = await makeRiskToAccept(u, {}, { as: u.members.manager });
    expect(await notificationsOf(u, u.members.manager, risk.id)).toEqual([]);
    const [n] = await notificationsOf(u, u.members.owner, risk.id);
    expect(n).toMatchObject({ kind: 'risk_acceptance', resolved_at: null });
    expect(n!.why).toContain('above the acceptance level');

    await u.run(
      acceptRisk,
      {
        riskId: risk.id,
        justification: 'Within appetite with monitoring.',
        expiresOn: '2027-03-01',
      },
      { as: u.members.owner },
    );
    expect((await notificationsOf(u, u.members.owner, risk.id))[0]!.resolved_at).not.toBeNull();
    expect((await inboxItems(u, u.members.owner)).some((i) => i.target.id === risk.id)).toBe(false);
  });
});
