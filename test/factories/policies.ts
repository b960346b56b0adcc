/**
 * Policies for command tests, made through the policies module's public commands so the ledger
 * stays valid: a policy with its first draft, and one walked to published by two managers.
 */
import type { z } from 'zod';
import {
  approvePolicyVersion,
  createPolicy,
  publishPolicyVersion,
  submitPolicyVersion,
} from '../../src/modules/policies/index.js';
import type { Unit, UnitMember } from '../unit.js';

type PolicyInput = z.input<typeof createPolicy.input>;

/** A policy with its first version, a draft written by `as` (default: the owner). */
export function makePolicy(
  u: Unit,
  overrides: Partial<PolicyInput> = {},
  as: UnitMember = u.members.owner,
) {
  return u.run(
    createPolicy,
    {
      title: `Policy ${Math.random().toString(36).slice(2, 8)}`,
      kind: 'topic_policy',
      reviewCycleMonths: 12,
      content: '# Policy\n\nText.',
      ...overrides,
    },
    { as },
  );
}

/**
 * A policy whose first version is published: written and submitted by the owner, approved and
 * published by a manager.
 */
export async function makePublishedPolicy(u: Unit, overrides: Partial<PolicyInput> = {}) {
  const { policy, version } = await makePolicy(u, overrides);
  const ids = { policyId: policy.id, versionId: version.id };
  await u.run(submitPolicyVersion, ids);
  await u.run(approvePolicyVersion, ids, { as: u.members.manager });
  const published = await u.run(publishPolicyVersion, ids, { as: u.members.manager });
  return { policy, version: published };
}
