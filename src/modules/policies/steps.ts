import { z } from 'zod';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import {
  addMonths,
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertStep } from '../../kernel/workflow.js';
import { loadPolicyVersion } from './commands.js';
import { findAcknowledgement } from './queries.js';
import {
  acknowledgeRefusal,
  POLICY_WORKFLOW,
  policyId,
  versionId,
  type PolicyStep,
  type PolicyVersionRow,
} from './schemas.js';

const stepInput = z.object({ policyId, versionId }).strict();

/**
 * Takes a workflow step on a version: If-Match, the workflow's rule for the step, then `effects`
 * (other records the step changes, and the version's fields besides its status), then the version.
 */
async function takeStep(
  tx: OrgTx,
  input: z.infer<typeof stepInput>,
  step: PolicyStep,
  to: string,
  effects: (v: PolicyVersionRow) => Promise<RecordChanges<'policy_versions'>>,
) {
  const v = await loadPolicyVersion(tx, input);
  tx.expectVersion(v.version);
  assertStep(POLICY_WORKFLOW, step, v, tx.org.memberId);
  const changes = await effects(v);
  return updateRecord(tx, tx.org.orgId, 'policy_versions', v, { status: to, ...changes });
}

/** The author (or anyone who may) submits a draft for review; it is locked from now on. */
export const submitPolicyVersion = orgCommand({
  action: 'policies.submit',
  input: stepInput,
  pathIds: ['policyId', 'versionId'],
  run: (tx, input) =>
    takeStep(tx, input, 'submit', 'in_review', async () => ({ submitted_at: tx.now })),
});

/** Someone other than the author approves a version in review. */
export const approvePolicyVersion = orgCommand({
  action: 'policies.approve',
  input: stepInput,
  pathIds: ['policyId', 'versionId'],
  run: (tx, input) =>
    takeStep(tx, input, 'approve', 'approved', async () => ({
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    })),
});

/** Publishing makes the version current, retires the one before and sets the next review date. */
export const publishPolicyVersion = orgCommand({
  action: 'policies.publish',
  input: stepInput,
  pathIds: ['policyId', 'versionId'],
  run: (tx, input) =>
    takeStep(tx, input, 'publish', 'published', async (v) => {
      const orgId = tx.org.orgId;
      const p = await loadRecord(tx.db, 'policies', orgId, v.policy_id, 'policy');
      if (p.current_version_id) {
        const prev = await loadRecord(
          tx.db,
          'policy_versions',
          orgId,
          p.current_version_id,
          'policy version',
        );
        if (prev.status === 'published')
          await updateRecord(tx, orgId, 'policy_versions', prev, {
            status: 'retired',
            retired_at: tx.now,
          });
      }
      await updateRecord(tx, orgId, 'policies', p, {
        current_version_id: v.id,
        next_review_date: addMonths(tx.now, Number(p.review_cycle_months)),
      });
      return { published_at: tx.now };
    }),
});

/** Retires a version; retiring the published one leaves the policy without a version in force. */
export const retirePolicyVersion = orgCommand({
  action: 'policies.retire',
  input: stepInput,
  pathIds: ['policyId', 'versionId'],
  run: (tx, input) =>
    takeStep(tx, input, 'retire', 'retired', async (v) => {
      const orgId = tx.org.orgId;
      const p = await loadRecord(tx.db, 'policies', orgId, v.policy_id, 'policy');
      if (p.current_version_id === v.id)
        await updateRecord(tx, orgId, 'policies', p, {
          current_version_id: null,
          next_review_date: null,
        });
      return { retired_at: tx.now };
    }),
});

/** The caller acknowledges the published version of a policy (7.3); once per version. */
export const acknowledgePolicy = orgCommand({
  action: 'policies.acknowledge',
  input: z
    .object({
      versionId: versionId.describe('The published version being acknowledged.'),
      policyId,
    })
    .strict(),
  pathIds: ['policyId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const p = await loadRecord(tx.db, 'policies', orgId, input.policyId, 'policy');
    await assertInOrg(tx, { versionId: ['policy_versions', input.versionId] });
    const me = tx.org.memberId;
    const done = me ? await findAcknowledgement(tx.db, orgId, input.versionId, me) : undefined;
    const refusal = acknowledgeRefusal(p.current_version_id === input.versionId, me, !!done);
    if (refusal) throw refusal;
    return insertRecord(tx, orgId, 'policy_acknowledgements', {
      policy_version_id: input.versionId,
      policy_id: p.id,
      member_id: me!,
      acknowledged_at: tx.now,
    });
  },
});
