import { uuidSchema } from '../../kernel/ids.js';
import { encodeJson } from '../../db/json.js';
import { z } from 'zod';
import { checkVersion, defineCommand, type Tx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  addMonths,
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';

const id = uuidSchema;
const content = z.string().max(200_000).describe('The policy text, in Markdown.');

export const POLICY_KINDS = ['ai_policy', 'topic_policy', 'procedure', 'other'] as const;

const policyFields = {
  title: z.string().trim().min(1).max(300).describe('Policy title.'),
  kind: z
    .enum(POLICY_KINDS)
    .describe('ai_policy for the AI policy (5.2); topic_policy for others.'),
  ownerMemberId: id.nullable().optional().describe('The member who owns the policy.'),
  reviewCycleMonths: z
    .number()
    .int()
    .min(1)
    .max(60)
    .describe('How often the policy is reviewed (A.2.4).'),
  alignment: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('Other organizational policies it must align with, and how (A.2.3).'),
  relatedPolicyIds: z
    .array(id)
    .max(100)
    .optional()
    .describe('Policies in aims it must align with.'),
};

async function checkPolicyRefs(
  tx: Tx,
  orgId: string,
  input: { ownerMemberId?: string | null; relatedPolicyIds?: string[] },
) {
  if (input.ownerMemberId) {
    const m = await tx.db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', input.ownerMemberId)
      .executeTakeFirst();
    if (!m)
      throw new AppError('UNKNOWN_REFERENCE', 'No such member.', [
        { pointer: '/body/ownerMemberId', message: 'No such member of this organization.' },
      ]);
  }
  for (const [i, pid] of (input.relatedPolicyIds ?? []).entries()) {
    const p = await (tx.db as any)
      .selectFrom('policies')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', pid)
      .executeTakeFirst();
    if (!p)
      throw new AppError('UNKNOWN_REFERENCE', 'No such policy.', [
        { pointer: `/body/relatedPolicyIds/${i}`, message: 'No such policy.' },
      ]);
  }
}

/** A policy and its first version, a draft written by the caller. */
export const createPolicy = defineCommand({
  action: 'policies.create',
  input: z.object({ ...policyFields, content: content.default('') }).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    await checkPolicyRefs(tx, orgId, input);
    const author = await memberIdOf(tx, scope.access!);
    const policy = await insertRecord(tx, orgId, 'policies', {
      title: input.title,
      kind: input.kind,
      owner_member_id: input.ownerMemberId ?? author,
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
      newVersion(policy.id, 1, input.content, 'First version', author),
    );
    return { policy, version };
  },
});

const newVersion = (
  policyId: string,
  number: number,
  text: string,
  note: string | null,
  author: string | null,
) => ({
  policy_id: policyId,
  number,
  status: 'draft',
  content: text,
  change_note: note,
  author_member_id: author,
  approver_member_id: null,
  submitted_at: null,
  approved_at: null,
  published_at: null,
  retired_at: null,
});

export const updatePolicy = defineCommand({
  action: 'policies.update',
  input: z
    .object({
      ...policyFields,
      title: policyFields.title.optional(),
      kind: policyFields.kind.optional(),
      reviewCycleMonths: policyFields.reviewCycleMonths.optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const p = await loadRow(tx, 'policies', orgId, scope.ids!.policyId!, 'policy');
    checkVersion(p.version, scope.ifMatch);
    await checkPolicyRefs(tx, orgId, input);
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.kind !== undefined) changes.kind = input.kind;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.alignment !== undefined) changes.alignment = input.alignment;
    if (input.relatedPolicyIds !== undefined)
      changes.related_policy_ids = encodeJson(input.relatedPolicyIds);
    if (input.reviewCycleMonths !== undefined) {
      changes.review_cycle_months = input.reviewCycleMonths;
      const published = p.current_version_id
        ? await loadRow(tx, 'policy_versions', orgId, p.current_version_id, 'version')
        : null;
      if (published?.published_at)
        changes.next_review_date = addMonths(published.published_at, input.reviewCycleMonths);
    }
    return updateRecord(tx, orgId, 'policies', p, changes);
  },
});

/** A new draft version, starting from the given text (usually the published one, edited). */
export const draftPolicyVersion = defineCommand({
  action: 'policies.update',
  input: z
    .object({
      content,
      changeNote: z.string().max(2000).nullable().optional().describe('What changes and why.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const p = await loadRow(tx, 'policies', orgId, scope.ids!.policyId!, 'policy');
    const open = await (tx.db as any)
      .selectFrom('policy_versions')
      .select(['id', 'number', 'status'])
      .where('org_id', '=', orgId)
      .where('policy_id', '=', p.id)
      .where('status', 'in', ['draft', 'in_review', 'approved'])
      .executeTakeFirst();
    if (open)
      throw new AppError(
        'INVALID_STATE',
        `Version ${open.number} is still ${open.status.replace('_', ' ')}: finish or edit it first.`,
      );
    const last = await (tx.db as any)
      .selectFrom('policy_versions')
      .select((eb: any) => eb.fn.max('number').as('n'))
      .where('org_id', '=', orgId)
      .where('policy_id', '=', p.id)
      .executeTakeFirst();
    const author = await memberIdOf(tx, scope.access!);
    return insertRecord(
      tx,
      orgId,
      'policy_versions',
      newVersion(p.id, Number(last?.n ?? 0) + 1, input.content, input.changeNote ?? null, author),
    );
  },
});

async function loadVersion(tx: Tx, orgId: string, policyId: string, versionId: string) {
  const v = await loadRow(tx, 'policy_versions', orgId, versionId, 'policy version');
  if (v.policy_id !== policyId) throw new AppError('NOT_FOUND', 'No such policy version.');
  return v;
}

/** Edits a draft. Anything past draft is locked: a change is a new version. */
export const editPolicyVersion = defineCommand({
  action: 'policies.update',
  input: z
    .object({ content: content.optional(), changeNote: z.string().max(2000).nullable().optional() })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const v = await loadVersion(tx, orgId, scope.ids!.policyId!, scope.ids!.versionId!);
    checkVersion(v.version, scope.ifMatch);
    if (v.status !== 'draft')
      throw new AppError(
        'VERSION_LOCKED',
        `Version ${v.number} is ${v.status.replace('_', ' ')} and can no longer be edited: make a new version.`,
      );
    const changes: Record<string, unknown> = {};
    if (input.content !== undefined) changes.content = input.content;
    if (input.changeNote !== undefined) changes.change_note = input.changeNote;
    return updateRecord(tx, orgId, 'policy_versions', v, changes);
  },
});

const step = (
  action: string,
  from: string[],
  to: string,
  extra: (tx: Tx, v: Record<string, any>, me: string | null) => Promise<Record<string, unknown>>,
) =>
  defineCommand({
    action,
    input: z.object({}).strict().optional(),
    async run(tx, _input, scope) {
      const orgId = scope.access!.orgId;
      const v = await loadVersion(tx, orgId, scope.ids!.policyId!, scope.ids!.versionId!);
      checkVersion(v.version, scope.ifMatch);
      if (!from.includes(v.status)) {
        throw new AppError(
          'INVALID_STATE',
          `Version ${v.number} is ${v.status.replace('_', ' ')}; this step needs it ${from.join(' or ').replace('_', ' ')}.`,
        );
      }
      const me = await memberIdOf(tx, scope.access!);
      return updateRecord(tx, orgId, 'policy_versions', v, {
        status: to,
        ...(await extra(tx, v, me)),
      });
    },
  });

export const submitPolicyVersion = step('policies.submit', ['draft'], 'in_review', async (tx) => ({
  submitted_at: tx.now,
}));

export const approvePolicyVersion = step(
  'policies.approve',
  ['in_review'],
  'approved',
  async (tx, v, me) => {
    assertNotAuthor(v.author_member_id, me, 'policy version');
    return { approver_member_id: me, approved_at: tx.now };
  },
);

/** Publishing makes the version current, retires the one before and sets the next review date. */
export const publishPolicyVersion = step(
  'policies.publish',
  ['approved'],
  'published',
  async (tx, v) => {
    const orgId = v.org_id as string;
    const p = await loadRow(tx, 'policies', orgId, v.policy_id, 'policy');
    if (p.current_version_id) {
      const prev = await loadRow(
        tx,
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
  },
);

export const retirePolicyVersion = step(
  'policies.retire',
  ['published', 'approved', 'in_review', 'draft'],
  'retired',
  async (tx, v) => {
    const orgId = v.org_id as string;
    const p = await loadRow(tx, 'policies', orgId, v.policy_id, 'policy');
    if (p.current_version_id === v.id)
      await updateRecord(tx, orgId, 'policies', p, {
        current_version_id: null,
        next_review_date: null,
      });
    return { retired_at: tx.now };
  },
);

/** The caller acknowledges the published version of a policy (7.3); once per version. */
export const acknowledgePolicy = defineCommand({
  action: 'policies.acknowledge',
  input: z.object({ versionId: id.describe('The published version being acknowledged.') }).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const p = await loadRow(tx, 'policies', orgId, scope.ids!.policyId!, 'policy');
    if (!p.current_version_id || p.current_version_id !== input.versionId) {
      throw new AppError(
        'INVALID_STATE',
        'Only the published version of a policy can be acknowledged.',
        [{ pointer: '/body/versionId', message: 'Not the published version.' }],
      );
    }
    const me = await memberIdOf(tx, scope.access!);
    if (!me) throw new AppError('FORBIDDEN', 'Only a member can acknowledge a policy.');
    const done = await (tx.db as any)
      .selectFrom('policy_acknowledgements')
      .select('id')
      .where('org_id', '=', orgId)
      .where('policy_version_id', '=', input.versionId)
      .where('member_id', '=', me)
      .executeTakeFirst();
    if (done) throw new AppError('INVALID_STATE', 'You have already acknowledged this version.');
    return insertRecord(tx, orgId, 'policy_acknowledgements', {
      policy_version_id: input.versionId,
      policy_id: p.id,
      member_id: me,
      acknowledged_at: tx.now,
    });
  },
});
