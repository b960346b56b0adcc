import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { changesOf } from '../../kernel/changes.js';
import { uuidSchema } from '../../kernel/ids.js';

/**
 * Management reviews (ISO/IEC 42001 9.3): the inputs of the commands. A review is planned (date,
 * chair, attendees), then held: its inputs (9.3.2) are frozen as they stood, with their hash;
 * decisions and actions (9.3.3) are recorded on the held review; issuing the minutes closes it.
 */
export const REVIEW_STATES = ['planned', 'held', 'issued'] as const;
export type ReviewStatus = (typeof REVIEW_STATES)[number];
/** What a decision is about (9.3.3): improvement opportunities, changes to the AIMS, and the rest. */
export const DECISION_KINDS = ['improvement', 'change', 'resources', 'other'] as const;
export const ACTION_STATES = ['open', 'done', 'cancelled'] as const;
export type ReviewActionStatus = (typeof ACTION_STATES)[number];

export type ReviewRow = Row<'management_reviews'>;
export type DecisionRow = Row<'management_review_decisions'>;
export type ReviewActionRow = Row<'management_review_actions'>;

export const reviewId = uuidSchema;
export const reviewDecisionId = uuidSchema;
export const reviewActionId = uuidSchema;

const line = (max: number) => z.string().trim().min(1, 'This is required.').max(max);
const longText = z.string().trim().max(20_000);

const attendee = z
  .object({
    memberId: uuidSchema
      .nullable()
      .optional()
      .describe('A member of the organization who attended.'),
    name: line(200).nullable().optional().describe('Someone who is not a member, by name.'),
    role: z.string().trim().max(200).nullable().optional().describe('In what capacity.'),
  })
  .strict()
  .refine((a) => Boolean(a.memberId) !== Boolean(a.name), {
    message: 'Name a member or a person who is not one, not both.',
  });

const fields = {
  title: line(300).describe('What the review is called ("Management review Q2 2026").'),
  plannedOn: z.iso.date().describe('The date it is planned for (YYYY-MM-DD).'),
  chairMemberId: uuidSchema.describe('The member who chairs it (top management).'),
  attendees: z
    .array(attendee)
    .max(100)
    .default([])
    .describe('Who attends: members, and others by name.'),
  agenda: longText.nullable().optional().describe('The agenda, beyond the inputs of 9.3.2.'),
};

export const planInput = z.object(fields).strict();
export const updateInput = changesOf(fields).extend({ reviewId }).strict();

export const holdInput = z
  .object({
    heldOn: z.iso.date().optional().describe('The day it was held; today if left out.'),
    reviewId,
  })
  .strict();

export const issueInput = z
  .object({
    summary: longText.nullable().optional().describe('Conclusions of the review, for the minutes.'),
    reviewId,
  })
  .strict();

const actionFields = {
  title: line(500).describe('What is to be done.'),
  ownerMemberId: uuidSchema.describe('The member who answers for it.'),
  dueDate: z.iso.date().describe('When it must be done (YYYY-MM-DD).'),
};
export const actionInput = z.object(actionFields).strict();

export const decideInput = z
  .object({
    kind: z
      .enum(DECISION_KINDS)
      .describe('An improvement opportunity, a change to the AIMS, resources, or other.'),
    title: line(500).describe('The decision, in one line.'),
    description: longText.nullable().optional().describe('The reasons and the detail.'),
    actions: z.array(actionInput).max(50).default([]).describe('The actions it calls for.'),
    raiseNonconformity: z
      .object({
        requirementId: z.string().trim().min(1).max(40).describe('The requirement it breaches.'),
        severity: z.enum(['major', 'minor']).describe('Major or minor.'),
      })
      .strict()
      .nullable()
      .optional()
      .describe('Raise a nonconformity (10.2) from this decision.'),
    raiseImprovement: z
      .boolean()
      .default(false)
      .describe('Log an opportunity for improvement (10.1) from this decision.'),
    reviewId,
  })
  .strict();

export const addActionInput = z.object({ ...actionFields, reviewId, reviewDecisionId }).strict();

export const updateActionInput = changesOf(actionFields)
  .extend({
    status: z.enum(ACTION_STATES).optional().describe('Open, done or cancelled.'),
    completedOn: z.iso.date().optional().describe('When it was done; today if left out.'),
    reviewId,
    reviewDecisionId,
    reviewActionId,
  })
  .strict();
