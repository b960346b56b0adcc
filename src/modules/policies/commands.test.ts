import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy, makePublishedPolicy } from '../../../test/factories/policies.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { createPolicy, editPolicyVersion, updatePolicy } from './commands.js';
import { submitPolicyVersion } from './steps.js';

describe.each(DIALECTS)('policy commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('creates a policy with a first draft by the caller, owned by them unless said otherwise', async () => {
    const { result, events } = await runAndRecord(
      u,
      createPolicy,
      { title: 'AI policy', kind: 'ai_policy', reviewCycleMonths: 12, content: '# AI' },
      { as: u.members.contributor },
    );
    const { policy, version } = result;
    expect(policy.owner_member_id).toBe(u.members.contributor.memberId);
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['policies.create', 'policies', policy.id],
      ['policies.create', 'policy_versions', version.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'AI policy',
      kind: 'ai_policy',
      review_cycle_months: 12,
      related_policy_ids: '[]',
      current_version_id: null,
    });
    expect(events[1]!.state).toMatchObject({
      policy_id: policy.id,
      number: 1,
      status: 'draft',
      content: '# AI',
      author_member_id: u.members.contributor.memberId,
    });
  });

  it('refuses an owner or a related policy from elsewhere, and writes nothing', async () => {
    const head = await u.head();
    await expect(
      u.run(createPolicy, {
        title: 'X',
        kind: 'other',
        reviewCycleMonths: 1,
        ownerMemberId: '0190a0b0-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    await expect(
      u.run(createPolicy, {
        title: 'X',
        kind: 'other',
        reviewCycleMonths: 1,
        relatedPolicyIds: ['0190a0b0-0000-7000-8000-000000000000'],
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/relatedPolicyIds/0' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('edits a draft, and locks it once submitted', async () => {
    const { policy, version } = await makePolicy(u);
    const ids = { policyId: policy.id, versionId: version.id };
    const { result, events } = await runAndRecord(
      u,
      editPolicyVersion,
      { ...ids, content: 'Better', changeNote: 'Typos' },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ version: 2, content: 'Better', change_note: 'Typos' });
    expect(events.map((e) => [e.action, e.entity, e.state?.content])).toEqual([
      ['policies.update', 'policy_versions', 'Better'],
    ]);
    await expect(
      u.run(editPolicyVersion, { ...ids, content: 'Stale' }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });

    u.clock.set('2026-03-05T08:00:00.000Z');
    const submitted = await runAndRecord(u, submitPolicyVersion, ids, { ifMatch: 2 });
    expect(submitted.events.map((e) => [e.action, e.entity_id, e.state?.status])).toEqual([
      ['policies.submit', version.id, 'in_review'],
    ]);
    expect(submitted.events[0]!.state).toMatchObject({ submitted_at: '2026-03-05T08:00:00.000Z' });

    const head = await u.head();
    await expect(u.run(editPolicyVersion, { ...ids, content: 'Late' })).rejects.toMatchObject({
      code: 'VERSION_LOCKED',
      status: 409,
    });
    await expect(u.run(submitPolicyVersion, ids)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
  });

  it('moves the next review when the cycle changes, from the publication date', async () => {
    u.clock.set('2026-05-01T08:00:00.000Z');
    const { policy } = await makePublishedPolicy(u, { reviewCycleMonths: 12 });
    u.clock.set('2026-06-01T08:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      updatePolicy,
      { policyId: policy.id, reviewCycleMonths: 3, title: 'Renamed' },
      { ifMatch: 2 },
    );
    expect(result).toMatchObject({ title: 'Renamed', next_review_date: '2026-08-01' });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['policies.update', 'policies', policy.id],
    ]);
    expect(events[0]!.state).toMatchObject({ review_cycle_months: 3, version: 3 });
    await expect(
      u.run(updatePolicy, { policyId: policy.id, title: 'Stale' }, { ifMatch: 2 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
  });
});
