import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy, makePublishedPolicy } from '../../../test/factories/policies.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { draftPolicyVersion } from './commands.js';
import { toPolicyVersionView } from './schemas.js';
import {
  acknowledgePolicy,
  approvePolicyVersion,
  publishPolicyVersion,
  retirePolicyVersion,
  submitPolicyVersion,
} from './steps.js';

describe.each(DIALECTS)('policy version steps on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const versionRow = (id: string) =>
    u.database.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('is approved only by someone other than its author, and never by the host operator', async () => {
    const { policy, version } = await makePolicy(u);
    const ids = { policyId: policy.id, versionId: version.id };
    const head = await u.head();
    await expect(u.run(approvePolicyVersion, ids, { as: u.members.manager })).rejects.toMatchObject(
      { code: 'INVALID_STATE' },
    );
    await u.run(submitPolicyVersion, ids);
    const submitted = await u.head();
    expect(submitted).toBe(head + 1);
    await expect(u.run(approvePolicyVersion, ids)).rejects.toMatchObject({
      code: 'SELF_APPROVAL',
      status: 422,
    });
    await expect(u.run(approvePolicyVersion, ids, { as: 'host' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(
      u.run(approvePolicyVersion, ids, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(submitted);

    u.clock.set('2026-03-06T08:00:00.000Z');
    const { result, events } = await runAndRecord(u, approvePolicyVersion, ids, {
      as: u.members.manager,
    });
    expect(result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.manager.memberId,
    });
    expect(events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['policies.approve', 'policy_versions', 'approved'],
    ]);
    expect(events[0]!.state).toMatchObject({
      approver_member_id: u.members.manager.memberId,
      approved_at: '2026-03-06T08:00:00.000Z',
    });
  });

  it('publishes: the version in force, the one before retired, the next review a cycle away', async () => {
    u.clock.set('2026-03-10T08:00:00.000Z');
    const { policy, version: first } = await makePublishedPolicy(u, { reviewCycleMonths: 6 });
    const p = await u.database.db
      .selectFrom('policies')
      .selectAll()
      .where('id', '=', policy.id)
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({ current_version_id: first.id, next_review_date: '2026-09-10' });

    // A new version can start only once nothing is on its way.
    const second = await u.run(draftPolicyVersion, {
      policyId: policy.id,
      content: 'Revised',
      changeNote: 'Review',
    });
    expect(second).toMatchObject({ number: 2, status: 'draft' });
    const head = await u.head();
    await expect(
      u.run(draftPolicyVersion, { policyId: policy.id, content: 'Third' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);

    const ids = { policyId: policy.id, versionId: second.id };
    await u.run(submitPolicyVersion, ids);
    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    u.clock.set('2026-04-01T08:00:00.000Z');
    const { result, events } = await runAndRecord(u, publishPolicyVersion, ids, {
      as: u.members.manager,
    });
    expect(result).toMatchObject({ status: 'published', published_at: '2026-04-01T08:00:00.000Z' });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['policies.publish', 'policy_versions', first.id],
      ['policies.publish', 'policies', policy.id],
      ['policies.publish', 'policy_versions', second.id],
    ]);
    expect(events[0]!.state).toMatchObject({ status: 'retired' });
    expect(events[1]!.state).toMatchObject({
      current_version_id: second.id,
      next_review_date: '2026-10-01',
    });

    // Retiring the version in force leaves the policy without one.
    const retired = await runAndRecord(u, retirePolicyVersion, ids, { as: u.members.manager });
    expect(retired.events.map((e) => [e.action, e.entity, e.state?.status ?? null])).toEqual([
      ['policies.retire', 'policies', null],
      ['policies.retire', 'policy_versions', 'retired'],
    ]);
    expect(retired.events[0]!.state).toMatchObject({
      current_version_id: null,
      next_review_date: null,
    });
    await expect(u.run(retirePolicyVersion, ids, { as: u.members.manager })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('takes one acknowledgement per member of the published version, from viewers too', async () => {
    const { policy, version } = await makePolicy(u);
    const head = await u.head();
    await expect(
      u.run(
        acknowledgePolicy,
        { policyId: policy.id, versionId: version.id },
        { as: u.members.viewer },
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
      errors: [{ pointer: '/body/versionId' }],
    });
    expect(await u.head()).toBe(head);

    const published = await makePublishedPolicy(u);
    const ids = { policyId: published.policy.id, versionId: published.version.id };
    await expect(u.run(acknowledgePolicy, ids, { as: 'host' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    u.clock.set('2026-06-02T08:00:00.000Z');
    const { result, events } = await runAndRecord(u, acknowledgePolicy, ids, {
      as: u.members.viewer,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['policies.acknowledge', 'policy_acknowledgements', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      policy_id: ids.policyId,
      policy_version_id: ids.versionId,
      member_id: u.members.viewer.memberId,
      acknowledged_at: '2026-06-02T08:00:00.000Z',
    });
    const again = await u.head();
    await expect(u.run(acknowledgePolicy, ids, { as: u.members.viewer })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(again);
  });

  it('shows each caller what they may do with a version, from the rules the commands enforce', async () => {
    const { policy, version } = await makePolicy(u);
    const ids = { policyId: policy.id, versionId: version.id };
    const as = async (who: Parameters<Unit['access']>[0], acknowledged = false) =>
      toPolicyVersionView(await versionRow(version.id), await u.access(who), acknowledged)
        .abilities;
    const none = {
      edit: false,
      submit: false,
      approve: false,
      publish: false,
      retire: false,
      acknowledge: false,
    };
    expect(await as(u.members.owner)).toEqual({ ...none, edit: true, submit: true, retire: true });
    expect(await as(u.members.contributor)).toEqual({ ...none, edit: true, submit: true });
    expect(await as(u.members.viewer)).toEqual(none);

    await u.run(submitPolicyVersion, ids);
    // The author may not approve; another manager may.
    expect(await as(u.members.owner)).toEqual({ ...none, retire: true });
    expect(await as(u.members.manager)).toEqual({ ...none, approve: true, retire: true });
    expect(await as('host')).toEqual({ ...none, retire: true });

    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    expect(await as(u.members.manager)).toEqual({ ...none, publish: true, retire: true });
    expect(await as(u.members.contributor)).toEqual(none);

    await u.run(publishPolicyVersion, ids, { as: u.members.manager });
    expect(await as(u.members.viewer)).toEqual({ ...none, acknowledge: true });
    expect(await as(u.members.viewer, true)).toEqual(none);
    expect(await as('host')).toEqual({ ...none, retire: true });
    expect(await u.verify()).toEqual([]);
  });

  it('refuses to acknowledge a version id that is no policy version of the organization (422), writing nothing', async () => {
    const published = await makePublishedPolicy(u);
    const { memberId } = await u.outsider();
    const head = await u.head();
    await expect(
      u.run(
        acknowledgePolicy,
        { policyId: published.policy.id, versionId: memberId },
        { as: u.members.viewer },
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/versionId', message: 'No such policy version.' }],
    });
    expect(await u.head()).toBe(head);
  });
});
