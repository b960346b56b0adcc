import { z } from 'zod';
import { can } from '../../kernel/authorize.js';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, pickNames } from '../../kernel/names.js';
import { abilities, abilitiesSchema, defineWorkflow } from '../../kernel/workflow.js';

// ---- AI objectives (6.2): a metric with a target, an owner and a plan, measured over time.

export const objectiveId = uuidSchema;
export const FREQUENCIES = { weekly: 7, monthly: 31, quarterly: 92, yearly: 366 } as const;
const decimal = z.number().finite().describe('A number.');

export const objectiveFields = {
  title: z.string().trim().min(1).max(300).describe('What the organization wants to achieve.'),
  description: z.string().max(20_000).nullable().optional(),
  metric: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('What is measured, e.g. "false negative rate on the validation set".'),
  direction: z
    .enum(['at_least', 'at_most'])
    .describe('Whether the value must reach at least or stay at most the target.'),
  target: decimal.describe('The target value.'),
  unit: z.string().max(40).nullable().optional().describe('Unit of the value, e.g. %.'),
  frequency: z
    .enum(Object.keys(FREQUENCIES) as [keyof typeof FREQUENCIES])
    .describe('How often it is measured.'),
  ownerMemberId: uuidSchema.nullable().optional(),
  plan: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('What will be done, resources, who, when, how results are evaluated.'),
  aiSystemIds: z.array(uuidSchema).max(200).default([]),
};

export const measurementFields = {
  measuredOn: z.iso.date().describe('When it was measured (YYYY-MM-DD).'),
  value: decimal,
  note: z.string().max(5000).nullable().optional(),
};

export type ObjectiveRow = Row<'objectives'>;
export type MeasurementRow = Row<'objective_measurements'>;

export const objectiveView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    metric: z.string(),
    direction: z.string(),
    target: z.number(),
    unit: z.string().nullable(),
    frequency: z.string(),
    ownerMemberId: z.string().nullable(),
    plan: z.string().nullable(),
    aiSystemIds: z.array(z.string()),
    latest: z.object({ measuredOn: z.string(), value: z.number() }).nullable(),
    state: z
      .enum(['on_track', 'off_track', 'no_data'])
      .describe('Whether the latest measurement meets the target.'),
    measurementOverdue: z.boolean().describe('No measurement within the frequency.'),
    abilities: z
      .object({
        edit: z.boolean().describe('Whether the caller may change the objective and its plan now.'),
        measure: z.boolean().describe('Whether the caller may record a measurement of it now.'),
      })
      .describe('What the caller may do with the objective now, as the server decides.'),
    names: namesSchema,
    version: z.number().int(),
  })
  .meta({ id: 'Objective' });
export type ObjectiveView = z.infer<typeof objectiveView>;

export const measurementView = z.object({
  id: z.string(),
  measuredOn: z.string(),
  value: z.number(),
  note: z.string().nullable(),
});

/**
 * An objective as the API shows it to this caller on `today` (YYYY-MM-DD): on track when its latest measurement
 * meets the target, overdue when none falls within its frequency.
 */
export function toObjectiveView(
  o: ObjectiveRow,
  latest: MeasurementRow | undefined,
  today: string,
  access: OrgAccess,
  /** The names read for its page (see objectiveViews in routes.ts). */
  names?: ReadonlyMap<string, string>,
): ObjectiveView {
  const target = Number(o.target);
  const value = latest ? Number(latest.value) : null;
  const ok = value === null ? null : o.direction === 'at_least' ? value >= target : value <= target;
  const days = FREQUENCIES[o.frequency as keyof typeof FREQUENCIES] ?? 31;
  const overdue =
    !latest || (Date.parse(today) - Date.parse(latest.measured_on)) / 86400_000 > days;
  return {
    id: o.id,
    title: o.title,
    description: o.description,
    metric: o.metric,
    direction: o.direction,
    target,
    unit: o.unit,
    frequency: o.frequency,
    ownerMemberId: o.owner_member_id,
    plan: o.plan,
    aiSystemIds: decodeJson(o.ai_system_ids, []),
    latest: latest && value !== null ? { measuredOn: latest.measured_on, value } : null,
    state: ok === null ? 'no_data' : ok ? 'on_track' : 'off_track',
    measurementOverdue: overdue,
    abilities: {
      edit: can(access, 'objectives.update'),
      measure: can(access, 'objectives.measure'),
    },
    names: names ? pickNames(names, ...objectiveRefs(o)) : {},
    version: o.version,
  };
}

/** The ids an objective refers to, for its names: its owner and its AI systems. */
export const objectiveRefs = (o: ObjectiveRow): [string | null, string[]] => [
  o.owner_member_id,
  decodeJson<string[]>(o.ai_system_ids, []),
];

export const toMeasurementView = (m: MeasurementRow) => ({
  id: m.id,
  measuredOn: m.measured_on,
  value: Number(m.value),
  note: m.note,
});

// ---- Planned changes to the AIMS (6.3).

/**
 * A change is proposed with its purpose, possible consequences, resources and responsibilities;
 * a manager or owner other than the proposer approves or rejects it (a rejection with its
 * reason); an approved change is later recorded as implemented; only the proposer may withdraw
 * it while it waits. A proposal is decided as it stands: no edit action.
 */
export const CHANGE_WORKFLOW = defineWorkflow({
  what: 'change',
  editable: [],
  steps: {
    approve: { action: 'changes.decide', from: ['proposed'], fourEyes: true },
    reject: { action: 'changes.decide', from: ['proposed'], fourEyes: true },
    implement: { action: 'changes.decide', from: ['approved'] },
    withdraw: { action: 'changes.withdraw', from: ['proposed'], authorOnly: true },
  },
});

export const CHANGE_STATES = [
  'proposed',
  'approved',
  'rejected',
  'implemented',
  'withdrawn',
] as const;
/** Every step after the proposal is recorded under the status it leads to. */
export const CHANGE_STEPS = ['approved', 'rejected', 'implemented', 'withdrawn'] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];

export const changeId = uuidSchema;
export const changeNote = z.string().trim().max(5000);

export type ChangeRow = Row<'aims_changes'>;
export type DecisionRow = Row<'aims_change_decisions'>;

/** The fields the workflow rules read: the proposer is the change's author. */
export const asWorkflowRecord = (c: ChangeRow) => ({
  status: c.status,
  author_member_id: c.requested_by_member_id,
});

export const decisionView = z
  .object({
    id: z.string(),
    decision: z
      .enum(CHANGE_STEPS)
      .describe('The step taken: approved, rejected, implemented or withdrawn.'),
    memberId: z.string().nullable().describe('Who took it; null for the server operator.'),
    at: z.string().describe('When it was taken.'),
    note: z.string().nullable().describe('The reason given, or what was done.'),
  })
  .meta({ id: 'AimsChangeDecision' });

export const changeView = z
  .object({
    id: z.string(),
    title: z.string(),
    purpose: z.string(),
    consequences: z.string().nullable(),
    resources: z.string().nullable(),
    responsibilities: z.string().nullable(),
    status: z.enum(CHANGE_STATES),
    requestedByMemberId: z.string().nullable(),
    decidedByMemberId: z
      .string()
      .nullable()
      .describe(
        'Who approved or rejected the change; null while it waits for a decision, or when withdrawn.',
      ),
    decidedAt: z.string().nullable().describe('When it was approved or rejected.'),
    decisionNote: z
      .string()
      .nullable()
      .describe('The reason given with the approval or rejection.'),
    approverMemberId: z.string().nullable().describe('Who approved it; null unless approved.'),
    approvedAt: z.string().nullable(),
    decisions: z.array(decisionView).describe('Every step after the proposal, oldest first.'),
    plannedOn: z.string().nullable(),
    abilities: abilitiesSchema(CHANGE_WORKFLOW),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AimsChange' });
export type ChangeView = z.infer<typeof changeView>;

/** A change as the API shows it to this caller, with its decisions (oldest first). */
export function toChangeView(
  c: ChangeRow,
  decisions: DecisionRow[],
  access: OrgAccess,
  names?: ReadonlyMap<string, string>,
): ChangeView {
  const decided = decisions.findLast((d) => d.decision === 'approved' || d.decision === 'rejected');
  return {
    id: c.id,
    title: c.title,
    purpose: c.purpose,
    consequences: c.consequences,
    resources: c.resources,
    responsibilities: c.responsibilities,
    status: c.status as ChangeView['status'],
    requestedByMemberId: c.requested_by_member_id,
    // Approvals from before decisions had rows of their own are still known from the change.
    decidedByMemberId: decided ? decided.member_id : (c.approver_member_id ?? null),
    decidedAt: decided ? decided.created_at : (c.approved_at ?? null),
    decisionNote: decided ? decided.note : null,
    approverMemberId: c.approver_member_id,
    approvedAt: c.approved_at,
    decisions: decisions.map((d) => ({
      id: d.id,
      decision: d.decision as ChangeStep,
      memberId: d.member_id,
      at: d.created_at,
      note: d.note,
    })),
    plannedOn: c.planned_on,
    abilities: abilities(CHANGE_WORKFLOW, asWorkflowRecord(c), access),
    names: names ? pickNames(names, ...changeRefs(c, decisions)) : {},
    version: c.version,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** The members a change refers to, for its names: who proposed, approved and took each step. */
export const changeRefs = (c: ChangeRow, decisions: DecisionRow[]): (string | null)[] => [
  c.requested_by_member_id,
  c.approver_member_id,
  ...decisions.map((d) => d.member_id),
];
