import { z } from 'zod';
import { sourceRecordView, type SourceRecord } from './queries-sources.js';
import { requirement } from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import type { OrgAccess } from '../../kernel/context.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import {
  actionAbilities,
  isOverdue,
  liveActions,
  ncAbilities,
  NC_STEPS,
  reference,
} from './rules.js';
import {
  ACTION_STATES,
  FISHBONE_CATEGORIES,
  NC_STATES,
  SEVERITIES,
  SIMILAR_ANSWERS,
  SOURCE_TYPES,
  STEPS,
  type ActionRow,
  type NonconformityRow,
  type StepRow,
} from './schemas.js';

const abilityOf = (what: string) => z.boolean().describe(`Whether the caller may ${what} now.`);

export const actionView = z
  .object({
    id: z.string(),
    nonconformityId: z.string(),
    cycle: z.number().int().describe('The cycle of the nonconformity it was planned in.'),
    title: z.string(),
    description: z.string().nullable(),
    ownerMemberId: z.string(),
    dueDate: z.string(),
    status: z.enum(ACTION_STATES),
    outcome: z.string().nullable().describe('What was done, or why it was cancelled.'),
    completedOn: z.string().nullable(),
    completedByMemberId: z.string().nullable().describe('Who recorded it as done.'),
    authorMemberId: z.string().nullable().describe('Who planned it.'),
    overdue: z.boolean().describe('Open after its due date.'),
    abilities: z
      .object({ update: abilityOf('change it (status, owner, due date, outcome)') })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CorrectiveAction' });
export type ActionView = z.infer<typeof actionView>;

export const stepView = z
  .object({
    id: z.string(),
    step: z.enum(STEPS),
    cycle: z.number().int(),
    memberId: z.string().nullable().describe('Who took it; null for the server operator.'),
    at: z.string(),
    note: z
      .string()
      .nullable()
      .describe('What was recorded with it: the correction, the cause, the reason.'),
  })
  .meta({ id: 'NonconformityStep' });

const rootCauseView = z.discriminatedUnion('method', [
  z.object({ method: z.literal('five_whys'), whys: z.array(z.string()), cause: z.string() }),
  z.object({
    method: z.literal('fishbone'),
    categories: z.array(
      z.object({
        category: z.string().describe(`One of: ${FISHBONE_CATEGORIES.join(', ')}.`),
        causes: z.array(z.string()),
      }),
    ),
    cause: z.string(),
  }),
  z.object({ method: z.literal('free_text'), cause: z.string() }),
]);

export const nonconformityView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    ref: z
      .string()
      .describe('NC-0012: the readable identifier in the organization, its number written out.'),
    reference: z.string().describe('The same as ref, as people call it.'),
    title: z.string(),
    description: z.string().nullable(),
    requirementId: z.string(),
    requirementTitle: z.string().describe('The title of the clause or control in the catalog.'),
    sourceType: z.enum(SOURCE_TYPES),
    sourceId: z.string().nullable(),
    source: sourceRecordView,
    severity: z.enum(SEVERITIES),
    status: z.enum(NC_STATES),
    cycle: z.number().int().describe('1, then one more after each reopening or ineffective check.'),
    detectedOn: z.string(),
    raisedByMemberId: z.string().nullable(),
    ownerMemberId: z.string().nullable(),
    correction: z.string().nullable(),
    rootCause: rootCauseView.nullable(),
    similar: z
      .object({
        answer: z.enum(SIMILAR_ANSWERS),
        nonconformityIds: z.array(z.string()),
        note: z.string().nullable(),
      })
      .nullable(),
    verifiedByMemberId: z
      .string()
      .nullable()
      .describe('Who found the corrective actions effective.'),
    verifiedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    openActions: z.number().int().describe('Actions of this cycle not yet done or cancelled.'),
    overdueActions: z.number().int(),
    actions: z.array(actionView).describe('Every corrective action, all cycles, oldest first.'),
    steps: z.array(stepView).describe('Every step taken, oldest first.'),
    abilities: z
      .object(Object.fromEntries(NC_STEPS.map((s) => [s, abilityOf(s)])))
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Nonconformity' });
export type NonconformityView = z.infer<typeof nonconformityView>;

export const toActionView = (
  nc: NonconformityRow,
  a: ActionRow,
  access: OrgAccess,
  today: string,
): ActionView => ({
  id: a.id,
  nonconformityId: a.nonconformity_id,
  cycle: a.cycle,
  title: a.title,
  description: a.description,
  ownerMemberId: a.owner_member_id,
  dueDate: a.due_date,
  status: a.status as ActionView['status'],
  outcome: a.outcome,
  completedOn: a.completed_on,
  completedByMemberId: a.completed_by_member_id,
  authorMemberId: a.author_member_id,
  overdue: isOverdue(a, today),
  abilities: actionAbilities(nc, a, access),
  version: a.version,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
});

/** A nonconformity as the API shows it to this caller on `today`, with its actions and steps. */
export function toNonconformityView(
  nc: NonconformityRow,
  actions: ActionRow[],
  steps: StepRow[],
  access: OrgAccess,
  today: string,
  names: Names = {},
  source: SourceRecord = null,
): NonconformityView {
  const live = liveActions(nc, actions);
  return {
    id: nc.id,
    number: nc.number,
    ref: reference(nc),
    reference: reference(nc),
    title: nc.title,
    description: nc.description,
    requirementId: nc.requirement_id,
    requirementTitle: requirement(nc.requirement_id)?.title ?? nc.requirement_id,
    sourceType: nc.source_type as NonconformityView['sourceType'],
    sourceId: nc.source_id,
    source,
    severity: nc.severity as NonconformityView['severity'],
    status: nc.status as NonconformityView['status'],
    cycle: nc.cycle,
    detectedOn: nc.detected_on,
    raisedByMemberId: nc.raised_by_member_id,
    ownerMemberId: nc.owner_member_id,
    correction: nc.correction,
    rootCause: nc.root_cause === null ? null : decodeJson(nc.root_cause),
    similar: nc.similar === null ? null : decodeJson(nc.similar),
    verifiedByMemberId: nc.verified_by_member_id,
    verifiedAt: nc.verified_at,
    closedAt: nc.closed_at,
    openActions: live.filter((a) => a.status !== 'done').length,
    overdueActions: live.filter((a) => isOverdue(a, today)).length,
    actions: actions.map((a) => toActionView(nc, a, access, today)),
    steps: steps.map((s) => ({
      id: s.id,
      step: s.step as (typeof STEPS)[number],
      cycle: s.cycle,
      memberId: s.member_id,
      at: s.created_at,
      note: s.note,
    })),
    abilities: ncAbilities(nc, actions, access),
    names,
    version: nc.version,
    createdAt: nc.created_at,
    updatedAt: nc.updated_at,
  };
}
