import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import { changesOf } from '../../kernel/changes.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, type Names } from '../../kernel/names.js';

/**
 * The improvement log (10.1): opportunities to make the AIMS more suitable, adequate and
 * effective, wherever they come from. A manager or owner decides on each (adopt, defer, reject);
 * an adopted one is worked on and done; a rejected one is closed.
 */
export const IMPROVEMENT_SOURCES = [
  'suggestion',
  'nonconformity',
  'audit_finding',
  'incident',
  'monitoring',
  'concern',
  'management_review',
] as const;
export const DECISIONS = ['pending', 'adopted', 'deferred', 'rejected'] as const;
export const IMPROVEMENT_STATES = ['open', 'in_progress', 'done', 'closed'] as const;
export type ImprovementRow = Row<'improvements'>;

export const improvementId = uuidSchema;
const longText = z.string().trim().max(20_000);

const fields = {
  title: z
    .string()
    .trim()
    .min(1, 'This is required.')
    .max(300)
    .describe('The opportunity, in one line.'),
  description: longText.nullable().optional().describe('What would improve, and how.'),
  ownerMemberId: uuidSchema.nullable().optional().describe('Who takes it forward.'),
  dueDate: z.iso.date().nullable().optional().describe('When it should be done (YYYY-MM-DD).'),
};

export const createImprovementInput = z
  .object({
    ...fields,
    sourceType: z
      .enum(IMPROVEMENT_SOURCES)
      .default('suggestion')
      .describe('Where the opportunity came from.'),
    sourceId: uuidSchema
      .nullable()
      .optional()
      .describe('The record it came from (a nonconformity, a concern…); none for a suggestion.'),
  })
  .strict();

export const updateImprovementInput = changesOf(fields)
  .extend({
    status: z
      .enum(['open', 'in_progress', 'done'])
      .optional()
      .describe('Work on an adopted opportunity: open, in progress or done.'),
    completedOn: z.iso.date().optional().describe('When it was done; today if left out.'),
    improvementId,
  })
  .strict();

export const decideImprovementInput = z
  .object({
    decision: z
      .enum(['adopted', 'deferred', 'rejected'])
      .describe('Adopt it (work may start), defer it, or reject it (it is closed).'),
    note: longText.nullable().optional().describe('The reasons; needed to defer or reject.'),
    improvementId,
  })
  .strict();

/** Why the improvement may not be edited now: a rejected one is closed. */
export const editRefusal = (r: ImprovementRow) =>
  r.status === 'closed'
    ? new AppError('INVALID_STATE', 'This opportunity was rejected and is closed.')
    : null;

/** Why it may not be decided now: work on it has started, or it was rejected. */
export const decideRefusal = (r: ImprovementRow) =>
  r.status === 'open'
    ? null
    : new AppError(
        'INVALID_STATE',
        r.status === 'closed'
          ? 'This opportunity was rejected and is closed.'
          : 'Work on this opportunity has started: it stays adopted.',
      );

export const improvementView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    sourceType: z.enum(IMPROVEMENT_SOURCES),
    sourceId: z.string().nullable(),
    ownerMemberId: z.string().nullable(),
    decision: z.enum(DECISIONS),
    decisionNote: z.string().nullable(),
    decidedByMemberId: z.string().nullable(),
    decidedAt: z.string().nullable(),
    status: z.enum(IMPROVEMENT_STATES),
    dueDate: z.string().nullable(),
    completedOn: z.string().nullable(),
    overdue: z.boolean().describe('Adopted, not done, and past its due date.'),
    abilities: z
      .object({
        edit: z.boolean().describe('Whether the caller may change it now.'),
        decide: z.boolean().describe('Whether the caller may adopt, defer or reject it now.'),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Improvement' });
export type ImprovementView = z.infer<typeof improvementView>;

export const toImprovementView = (
  r: ImprovementRow,
  access: OrgAccess,
  today: string,
  names: Names = {},
): ImprovementView => ({
  id: r.id,
  title: r.title,
  description: r.description,
  sourceType: r.source_type as ImprovementView['sourceType'],
  sourceId: r.source_id,
  ownerMemberId: r.owner_member_id,
  decision: r.decision as ImprovementView['decision'],
  decisionNote: r.decision_note,
  decidedByMemberId: r.decided_by_member_id,
  decidedAt: r.decided_at,
  status: r.status as ImprovementView['status'],
  dueDate: r.due_date,
  completedOn: r.completed_on,
  overdue:
    r.decision === 'adopted' && r.status !== 'done' && r.due_date !== null && r.due_date < today,
  abilities: {
    edit: can(access, 'improvements.update') && editRefusal(r) === null,
    decide: can(access, 'improvements.decide') && decideRefusal(r) === null,
  },
  names,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
