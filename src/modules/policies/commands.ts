import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  addMonths,
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
  type RecordValues,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertEditable } from '../../kernel/workflow.js';
import { findPolicyVersion, lastPolicyVersionNumber, openPolicyVersion } from './queries.js';
import {
  changeNote,
  content,
  POLICY_WORKFLOW,
  policyFields,
  policyId,
  versionId,
  type PolicyVersionRow,
} from './schemas.js';

/** Refuses an owner who is no member, or a related policy that is not one of the organization's. */
const checkPolicyRefs = (
  tx: OrgTx,
  input: { ownerMemberId?: string | null; relatedPolicyIds?: string[] },
) =>
  assertInOrg(tx, {
    ownerMemberId: ['memberships', input.ownerMemberId],
    relatedPolicyIds: ['policies', input.relatedPolicyIds],
  });

/** A new draft version written by the caller. */
const draftValues = (
  tx: OrgTx,
  policy: string,
  number: number,
  text: string,
  note: string | null,
): RecordValues<'policy_versions'> => ({
  policy_id: policy,
  number,
  status: 'draft',
  content: text,
  change_note: note,
  author_member_id: tx.org.memberId,
  approver_member_id: null,
  submitted_at: null,
  approved_at: null,
  published_at: null,
  retired_at: null,
});

/** A policy and its first version, a draft written by the caller. */
export const createPolicy = orgCommand({
  action: 'policies.create',
  input: z.object({ ...policyFields, content: content.default('') }).strict(),
  async run(tx, input) {
    await checkPolicyRefs(tx, input);
    const orgId = tx.org.orgId;
    const policy = await insertRecord(tx, orgId, 'policies', {
      title: input.title,
      kind: input.kind,
      owner_member_id: input.ownerMemberId ?? tx.org.memberId,
      review_cycle_months: input.reviewCycleMonths,
      next_review_date: null,
      alignment: input.alignment ?? null,
      related_policy_ids: encodeJson(input.relatedPolicyIds ?? []),
      current_version_id: null,
    });
    const version = await insertRecord(
      tx,
      orgId,
      'policy_versions',
      draftValues(tx, policy.id, 1, input.content, 'First version'),
    );
    return { policy, version };
  },
});

/** Changes a policy's title, kind, owner, review cycle (moving the next review) or alignment. */
export const updatePolicy = orgCommand({
  action: 'policies.update',
  input: z
    .object({
      ...policyFields,
      title: policyFields.title.optional(),
      kind: policyFields.kind.optional(),
      reviewCycleMonths: policyFields.reviewCycleMonths.optional(),
      policyId,
    })
    .strict(),
  pathIds: ['policyId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const p = await loadRecord(tx.db, 'policies', orgId, input.policyId, 'policy');
    tx.expectVersion(p.version);
    await checkPolicyRefs(tx, input);
    const changes: RecordChanges<'policies'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.kind !== undefined) changes.kind = input.kind;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.alignment !== undefined) changes.alignment = input.alignment;
    if (input.relatedPolicyIds !== undefined)
      changes.related_policy_ids = encodeJson(input.relatedPolicyIds);
    if (input.reviewCycleMonths !== undefined) {
      changes.review_cycle_months = input.reviewCycleMonths;
      const published = p.current_version_id
        ? await loadRecord(tx.db, 'policy_versions', orgId, p.current_version_id, 'version')
        : null;
      if (published?.published_at)
        changes.next_review_date = addMonths(published.published_at, input.reviewCycleMonths);
    }
    return updateRecord(tx, orgId, 'policies', p, changes);
  },
});

/** A new draft version, starting from the given text (usually the published one, edited). */
export const draftPolicyVersion = orgCommand({
  action: 'policies.update',
  input: z.object({ content, changeNote, policyId }).strict(),
  pathIds: ['policyId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const p = await loadRecord(tx.db, 'policies', orgId, input.policyId, 'policy');
    const open = await openPolicyVersion(tx.db, orgId, p.id);
    if (open)
      throw new AppError(
        'INVALID_STATE',
        `Version ${open.number} is still ${open.status.replace('_', ' ')}: finish or edit it first.`,
      );
    const number = (await lastPolicyVersionNumber(tx.db, orgId, p.id)) + 1;
    return insertRecord(
      tx,
      orgId,
      'policy_versions',
      draftValues(tx, p.id, number, input.content, input.changeNote ?? null),
    );
  },
});

/** A version of the policy in the path; 404 for a version of another policy. */
export async function loadPolicyVersion(
  tx: OrgTx,
  input: { policyId: string; versionId: string },
): Promise<PolicyVersionRow> {
  const v = await findPolicyVersion(tx.db, tx.org.orgId, input.policyId, input.versionId);
  if (!v) throw new AppError('NOT_FOUND', 'No such policy version.');
  return v;
}

/** Edits a draft. Anything past draft is locked: a change is a new version. */
export const editPolicyVersion = orgCommand({
  action: 'policies.update',
  input: z
    .object({
      content: content.optional(),
      changeNote: z.string().max(2000).nullable().optional(),
      policyId,
      versionId,
    })
    .strict(),
  pathIds: ['policyId', 'versionId'],
  async run(tx, input) {
    const v = await loadPolicyVersion(tx, input);
    tx.expectVersion(v.version);
    assertEditable(POLICY_WORKFLOW, v);
    const changes: RecordChanges<'policy_versions'> = {};
    if (input.content !== undefined) changes.content = input.content;
    if (input.changeNote !== undefined) changes.change_note = input.changeNote;
    return updateRecord(tx, tx.org.orgId, 'policy_versions', v, changes);
  },
});
