import { z } from 'zod';
import { REQUIREMENTS } from '../../catalog/index.js';
import type { Row } from '../../db/schema.js';
import { changesOf } from '../../kernel/changes.js';
import { uuidSchema } from '../../kernel/ids.js';

/**
 * Nonconformities and corrective action (ISO/IEC 42001 10.2): the inputs. A nonconformity moves
 * open → correction done → action planned → actions done → effectiveness verified → closed; an
 * effectiveness check that finds the actions did not work, or a reopening, starts a new cycle
 * (reopened) that needs corrective actions of its own.
 */
export const NC_STATES = [
  'open',
  'correction_done',
  'action_planned',
  'actions_done',
  'effectiveness_verified',
  'closed',
  'reopened',
] as const;
export type NcStatus = (typeof NC_STATES)[number];
/** The states in which the nonconformity is still being worked on (edits, correction, actions). */
export const WORKING: readonly NcStatus[] = [
  'open',
  'correction_done',
  'action_planned',
  'actions_done',
  'reopened',
];

/**
 * Where a nonconformity was found. `direct`: raised as such, with no record behind it. The others
 * may name the record they come from (`sourceId`).
 */
export const SOURCE_TYPES = [
  'direct',
  'audit_finding',
  'incident',
  'monitoring',
  'concern',
  'management_review',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const SEVERITIES = ['major', 'minor'] as const;
export const ACTION_STATES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATES)[number];
export const STEPS = [
  'raised',
  'correction',
  'root_cause',
  'similar',
  'verified',
  'not_effective',
  'closed',
  'reopened',
] as const;
export type Step = (typeof STEPS)[number];
export const ROOT_CAUSE_METHODS = ['five_whys', 'fishbone', 'free_text'] as const;
/** The bones of a fishbone (Ishikawa) diagram, with the AI-specific ones (data, model). */
export const FISHBONE_CATEGORIES = [
  'people',
  'process',
  'data',
  'model',
  'technology',
  'environment',
  'measurement',
  'suppliers',
] as const;
export const SIMILAR_ANSWERS = ['none', 'exist', 'could_occur'] as const;

export type NonconformityRow = Row<'nonconformities'>;
export type ActionRow = Row<'nonconformity_actions'>;
export type StepRow = Row<'nonconformity_steps'>;

export const nonconformityId = uuidSchema;
export const correctiveActionId = uuidSchema;
/** A clause leaf or Annex A control of the catalog: what a nonconformity breaches. */
export const requirementIdSchema = z
  .enum(REQUIREMENTS.map((r) => r.id) as [string, ...string[]], {
    error: (iss) =>
      iss.input === undefined ? 'Required.' : 'Not a clause or Annex A control of ISO/IEC 42001.',
  })
  .meta({
    id: 'RequirementId',
    description:
      'The requirement it does not fulfil: a clause (8.4) or Annex A control (A.6.2.4) of ISO/IEC 42001.',
  });
/** A missing choice reads "Required." (zod says "Invalid option" for an enum without a value). */
const required = {
  error: (iss: { input: unknown }) => (iss.input === undefined ? 'Required.' : undefined),
};
const text = (max: number) => z.string().trim().min(1, 'This is required.').max(max);
const longText = z.string().trim().max(20_000);

export const raiseFields = {
  title: text(300).describe('What is wrong, in one line.'),
  description: longText
    .nullable()
    .optional()
    .describe('What was found, where and when, and the evidence for it.'),
  requirementId: requirementIdSchema,
  sourceType: z
    .enum(SOURCE_TYPES)
    .default('direct')
    .describe(
      'Where it was found: an audit finding, an incident, a monitoring breach, a concern, a management review, or raised directly.',
    ),
  sourceId: uuidSchema
    .nullable()
    .optional()
    .describe(
      'The record it was found in (the concern, the incident…); none when raised directly.',
    ),
  severity: z
    .enum(SEVERITIES, required)
    .describe('Major: the requirement is not met at all, or not in a system; minor: a lapse.'),
  ownerMemberId: uuidSchema
    .nullable()
    .optional()
    .describe('Who answers for handling it; the member who raises it when left out.'),
  detectedOn: z.iso
    .date()
    .optional()
    .describe('When it was found (YYYY-MM-DD); today if left out.'),
};
export const raiseInput = z.object(raiseFields).strict();
export type RaiseInput = z.input<typeof raiseInput>;

/** The details of a nonconformity that may change while it is worked on (its source may not). */
const { sourceType: _t, sourceId: _i, ...editable } = raiseFields;
export const updateInput = changesOf(editable).extend({ nonconformityId }).strict();

export const correctionInput = z
  .object({
    correction: text(20_000).describe(
      'What was done to contain the nonconformity and deal with its consequences.',
    ),
    nonconformityId,
  })
  .strict();

const cause = text(5000).describe('The root cause, as concluded.');
export const rootCause = z
  .discriminatedUnion('method', [
    z
      .object({
        method: z.literal('five_whys'),
        whys: z
          .array(text(2000))
          .min(1, 'Ask at least one why.')
          .max(10)
          .describe('Each answer to "why?", the first about the nonconformity itself.'),
        cause,
      })
      .strict(),
    z
      .object({
        method: z.literal('fishbone'),
        categories: z
          .array(
            z
              .object({
                category: z.enum(FISHBONE_CATEGORIES),
                causes: z.array(text(2000)).min(1).max(20),
              })
              .strict(),
          )
          .min(1, 'Name at least one category with its causes.')
          .max(FISHBONE_CATEGORIES.length)
          .refine((a) => new Set(a.map((c) => c.category)).size === a.length, 'Each category once.')
          .describe('The possible causes found under each category.'),
        cause,
      })
      .strict(),
    z.object({ method: z.literal('free_text'), cause }).strict(),
  ])
  .describe('How the root cause was found, and what it is.');
export type RootCause = z.infer<typeof rootCause>;

export const rootCauseInput = z.object({ rootCause, nonconformityId }).strict();

export const similarFields = {
  answer: z
    .enum(SIMILAR_ANSWERS)
    .describe('Whether similar nonconformities exist, could occur, or neither.'),
  nonconformityIds: z
    .array(uuidSchema)
    .max(50)
    .default([])
    .describe('Other nonconformities that are alike.'),
  note: longText
    .nullable()
    .optional()
    .describe('Where else it exists or could occur (needed unless the answer is none).'),
};
export const similarInput = z.object({ ...similarFields, nonconformityId }).strict();

const actionFields = {
  title: text(300).describe('What will be done, in one line.'),
  description: longText.nullable().optional().describe('How, and what it addresses.'),
  ownerMemberId: uuidSchema.describe('Who does it.'),
  dueDate: z.iso.date().describe('When it must be done (YYYY-MM-DD).'),
};
export const addActionInput = z.object({ ...actionFields, nonconformityId }).strict();

export const updateActionInput = changesOf(actionFields)
  .extend({
    status: z
      .enum(ACTION_STATES)
      .optional()
      .describe('Planned, in progress, done or cancelled (done and cancelled need an outcome).'),
    outcome: longText
      .nullable()
      .optional()
      .describe('What was done; or why the action was cancelled.'),
    completedOn: z.iso
      .date()
      .optional()
      .describe('When it was done (YYYY-MM-DD); today if left out.'),
    nonconformityId,
    correctiveActionId,
  })
  .strict();

export const verifyInput = z
  .object({
    effective: z
      .boolean()
      .describe('Whether the corrective actions removed the cause: false starts a new cycle.'),
    note: text(20_000).describe('What was checked, and what it showed.'),
    nonconformityId,
  })
  .strict();

export const closeInput = z
  .object({
    note: longText
      .nullable()
      .optional()
      .describe('Anything to add on closing, such as AIMS changes made.'),
    nonconformityId,
  })
  .strict();

export const reopenInput = z
  .object({
    reason: text(20_000).describe('Why it is reopened: it recurred, or the check was wrong.'),
    nonconformityId,
  })
  .strict();
