import { z } from 'zod';
import { namesSchema } from '../../kernel/names.js';

/**
 * Where a planned assessment stands: done (performed and not due within the look-ahead), due
 * (falls due within it, or owed now because the system changed after it), overdue (its date
 * passed), missing (never performed).
 */
export const OPERATION_STATES = ['done', 'due', 'overdue', 'missing'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

/** A risk's treatment: no option chosen yet, chosen with work still open, or carried out. */
export const TREATMENT_PROGRESS = ['not_chosen', 'planned', 'implemented'] as const;
export type TreatmentProgress = (typeof TREATMENT_PROGRESS)[number];

const state = z.enum(OPERATION_STATES);
const day = z.string().nullable();

const assessed = {
  lastAssessedOn: day.describe('When it was last performed (YYYY-MM-DD), or null: never.'),
  nextDueOn: day.describe('When it falls due next (YYYY-MM-DD), or null: not planned.'),
  status: state,
  reassessmentOwed: z
    .boolean()
    .describe('A significant change (stage transition, new model version) came after it.'),
  reasons: z.array(z.string()).describe('Why it is due, overdue or missing, in words.'),
};

export const systemOperationView = z
  .object({
    aiSystemId: z.string(),
    name: z.string(),
    lifecycleStage: z.string(),
    ownerMemberId: z.string().nullable(),
    assessmentId: z.string().nullable().describe('The approved impact assessment in force.'),
    draftAssessmentId: z.string().nullable().describe('A re-assessment in draft, if any.'),
    ...assessed,
  })
  .meta({ id: 'SystemOperation' });
export type SystemOperationView = z.infer<typeof systemOperationView>;

export const riskOperationView = z
  .object({
    riskId: z.string(),
    title: z.string(),
    riskStatus: z.string(),
    ownerMemberId: z.string().nullable(),
    aiSystemIds: z.array(z.string()),
    ...assessed,
    treatment: z.object({
      option: z.string().nullable().describe('The treatment option chosen (6.1.3).'),
      progress: z.enum(TREATMENT_PROGRESS),
      open: z.number().int().describe('Treatment actions planned or in progress.'),
      done: z.number().int(),
      overdue: z.number().int().describe('Open treatment actions past their due date.'),
    }),
  })
  .meta({ id: 'RiskOperation' });
export type RiskOperationView = z.infer<typeof riskOperationView>;

const tally = z.object({
  done: z.number().int(),
  due: z.number().int(),
  overdue: z.number().int(),
  missing: z.number().int(),
  owed: z.number().int().describe('How many owe a re-assessment after a significant change.'),
});
export type Tally = z.infer<typeof tally>;

export const operationsView = z
  .object({
    today: z.string(),
    horizon: z.string().describe('The last day (YYYY-MM-DD) that counts as due soon.'),
    summary: z.object({
      impactAssessments: tally,
      riskAssessments: tally,
      treatments: z.object({
        chosen: z.number().int().describe('Open risks with a treatment option chosen.'),
        implemented: z.number().int(),
        notChosen: z.number().int().describe('Assessed open risks without a treatment option.'),
        overdueActions: z.number().int(),
      }),
    }),
    systems: z.array(systemOperationView).describe('AI systems not retired, by name (8.4).'),
    risks: z.array(riskOperationView).describe('Risks not closed, by title (8.2, 8.3).'),
    names: namesSchema,
  })
  .meta({ id: 'Operations' });
export type OperationsView = z.infer<typeof operationsView>;

export const operationsQuery = z.object({
  status: state.optional().describe('Only the AI systems and risks in this state.'),
  owed: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only those owing a re-assessment after a significant change.'),
});
