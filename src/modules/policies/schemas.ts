import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, pickNames } from '../../kernel/names.js';
import { abilities, abilitiesSchema, defineWorkflow } from '../../kernel/workflow.js';

/**
 * Policies (5.2, A.2): each policy has versions that go draft → in review → approved (by someone
 * other than the author) → published (the one before is retired); any version but a retired one
 * may be retired. Only a draft is edited; a change is a new version.
 */
export const POLICY_WORKFLOW = defineWorkflow({
  what: 'policy version',
  editable: ['draft'],
  editAction: 'policies.update',
  steps: {
    submit: { action: 'policies.submit', from: ['draft'] },
    approve: { action: 'policies.approve', from: ['in_review'], fourEyes: true },
    publish: { action: 'policies.publish', from: ['approved'] },
    retire: { action: 'policies.retire', from: ['published', 'approved', 'in_review', 'draft'] },
  },
});
export type PolicyStep = keyof typeof POLICY_WORKFLOW.steps;

export const POLICY_KINDS = ['ai_policy', 'topic_policy', 'procedure', 'other'] as const;
export const VERSION_STATES = ['draft', 'in_review', 'approved', 'published', 'retired'] as const;

export const policyId = uuidSchema;
export const versionId = uuidSchema;
export const content = z.string().max(200_000).describe('The policy text, in Markdown.');
export const changeNote = z
  .string()
  .max(2000)
  .nullable()
  .optional()
  .describe('What changes and why.');

export const policyFields = {
  title: z.string().trim().min(1).max(300).describe('Policy title.'),
  kind: z
    .enum(POLICY_KINDS)
    .describe('ai_policy for the AI policy (5.2); topic_policy for others.'),
  ownerMemberId: uuidSchema.nullable().optional().describe('The member who owns the policy.'),
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
    .array(uuidSchema)
    .max(100)
    .optional()
    .describe('Policies in aims it must align with.'),
};

export type PolicyRow = Row<'policies'>;
export type PolicyVersionRow = Row<'policy_versions'>;
export type AcknowledgementRow = Row<'policy_acknowledgements'>;

export const policyView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    ownerMemberId: z.string().nullable(),
    reviewCycleMonths: z.number().int(),
    nextReviewDate: z.string().nullable(),
    reviewOverdue: z.boolean().describe('The published version is past its review date (A.2.4).'),
    alignment: z.string().nullable(),
    relatedPolicyIds: z.array(z.string()),
    currentVersionId: z.string().nullable().describe('The published version, if any.'),
    abilities: z
      .object({
        edit: z
          .boolean()
          .describe(
            'Whether the caller may change its settings now (title, owner, review cycle, alignment).',
          ),
        draft: z
          .boolean()
          .describe(
            'Whether the caller may start a new version (refused while another version is still open: draft, in review or approved).',
          ),
      })
      .describe('What the caller may do with the policy now, as the server decides.'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Policy' });
export type PolicyView = z.infer<typeof policyView>;

export const policyVersionView = z
  .object({
    id: z.string(),
    policyId: z.string(),
    number: z.number().int(),
    status: z.enum(VERSION_STATES),
    content: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
    abilities: abilitiesSchema(POLICY_WORKFLOW)
      .extend({
        acknowledge: z
          .boolean()
          .describe(
            'Whether the caller may acknowledge it now: it is published and they have not yet.',
          ),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'PolicyVersion' });
export type PolicyVersionView = z.infer<typeof policyVersionView>;

export const acknowledgementView = z.object({
  id: z.string(),
  versionId: z.string(),
  memberId: z.string(),
  acknowledgedAt: z.string(),
});

/** The ids a policy refers to, for its names: its owner and the policies it aligns with. */
export const policyRefs = (r: PolicyRow): [string | null, string[]] => [
  r.owner_member_id,
  decodeJson<string[]>(r.related_policy_ids, []),
];

/**
 * A policy as the API shows it to this caller; `today` (YYYY-MM-DD) decides whether its review is
 * overdue; `names` holds the names read for it (see policyViews).
 */
export const toPolicyView = (
  r: PolicyRow,
  today: string,
  access: OrgAccess,
  names?: ReadonlyMap<string, string>,
): PolicyView => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  ownerMemberId: r.owner_member_id,
  reviewCycleMonths: Number(r.review_cycle_months),
  nextReviewDate: r.next_review_date,
  reviewOverdue: !!r.current_version_id && !!r.next_review_date && r.next_review_date < today,
  alignment: r.alignment,
  relatedPolicyIds: decodeJson(r.related_policy_ids, []),
  currentVersionId: r.current_version_id,
  abilities: {
    edit: can(access, 'policies.update'),
    draft: can(access, 'policies.update'),
  },
  names: names ? pickNames(names, ...policyRefs(r)) : {},
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Why a member may not acknowledge a version now, or null when they may: only the published
 * version, only a member (not the host operator), once.
 */
export function acknowledgeRefusal(
  published: boolean,
  memberId: string | null,
  acknowledged: boolean,
): AppError | null {
  if (!published)
    return new AppError(
      'INVALID_STATE',
      'Only the published version of a policy can be acknowledged.',
      [{ pointer: '/body/versionId', message: 'Not the published version.' }],
    );
  if (!memberId) return new AppError('FORBIDDEN', 'Only a member can acknowledge a policy.');
  if (acknowledged)
    return new AppError('INVALID_STATE', 'You have already acknowledged this version.');
  return null;
}

/**
 * A version as the API shows it to this caller; `acknowledged` says whether the caller has
 * acknowledged it already.
 */
export const toPolicyVersionView = (
  r: PolicyVersionRow,
  access: OrgAccess,
  acknowledged: boolean,
  names?: ReadonlyMap<string, string>,
): PolicyVersionView => ({
  id: r.id,
  policyId: r.policy_id,
  number: Number(r.number),
  status: r.status as PolicyVersionView['status'],
  content: r.content,
  changeNote: r.change_note,
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  submittedAt: r.submitted_at,
  approvedAt: r.approved_at,
  publishedAt: r.published_at,
  retiredAt: r.retired_at,
  abilities: {
    ...abilities(POLICY_WORKFLOW, r, access),
    acknowledge:
      can(access, 'policies.acknowledge') &&
      acknowledgeRefusal(r.status === 'published', access.memberId, acknowledged) === null,
  },
  names: names ? pickNames(names, r.author_member_id, r.approver_member_id) : {},
  version: r.version,
  createdAt: r.created_at,
});

export const toAcknowledgementView = (a: AcknowledgementRow) => ({
  id: a.id,
  versionId: a.policy_version_id,
  memberId: a.member_id,
  acknowledgedAt: a.acknowledged_at,
});
