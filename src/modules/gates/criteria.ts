import { z } from 'zod';
import { LIFECYCLE, requirement } from '../../catalog/index.js';
import type { LifecycleStage } from '../registers/index.js';

/**
 * The gate criteria language (8.1; Annex A A.6.2.2–A.6.2.8): for each ISO/IEC 22989 stage a
 * system may move into, the criteria that must be met first. Each criterion names the records
 * that satisfy it (a check the server evaluates against the organization's records) and why (the
 * ISO/IEC 42001 requirement it serves). The checks are few and typed on purpose: each has one
 * meaning an auditor can read, and the server alone decides whether it is met.
 *
 * Registers import the gates module (a transition consults its gate), so this module never loads
 * the registers at run time: the stage names come from the catalog, typed by the registers' list
 * (a test checks the two agree).
 */
export const STAGES = LIFECYCLE.map((s) => s.id) as readonly LifecycleStage[];
export const stageSchema = z.enum(STAGES as [LifecycleStage, ...LifecycleStage[]]);
export const stageTitle = (id: string) => LIFECYCLE.find((s) => s.id === id)?.title ?? id;

/** Fields of a dataset a criterion may require, as the API names them, and their columns. */
export const DATASET_FIELDS = {
  provenance: 'provenance',
  qualityChecks: 'quality_checks',
  preparation: 'preparation',
} as const;
/** Fields of the AI system record a criterion may require, and their columns. */
export const SYSTEM_FIELDS = {
  intendedUse: 'intended_use',
  foreseeableMisuse: 'foreseeable_misuse',
  humanOversight: 'human_oversight',
  affectedPeople: 'affected_people',
  deploymentContext: 'deployment_context',
  automationLevel: 'automation_level',
  ownerMemberId: 'owner_member_id',
} as const;
const keys = <T extends object>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const evidenceKind = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and underscores.')
  .describe('A kind of evidence, e.g. test_report, model_card, deployment_plan.');

/** What a criterion requires: one check the server evaluates against the records. */
export const checkSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('evidence'),
      evidenceKind,
      per: z
        .enum(['system', 'model_version'])
        .describe(
          'system: valid evidence of this kind linked to the AI system; model_version: for the model version under check.',
        ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('impact_assessment'),
      approved: z
        .boolean()
        .describe('true: an approved assessment, not past its due date; false: a draft will do.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('risks_treated'),
      atLeastOne: z.boolean().describe('Whether the system must have at least one risk recorded.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('datasets'),
      fields: z
        .array(z.enum(keys(DATASET_FIELDS)))
        .min(1)
        .refine((a) => new Set(a).size === a.length, 'Each field once.')
        .describe('What every dataset of the system must record.'),
      atLeastOne: z.boolean().describe('Whether the system must have at least one dataset.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('model_version'),
      modelCard: z.boolean().describe('Whether the model version must have a model card.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('system_fields'),
      fields: z
        .array(z.enum(keys(SYSTEM_FIELDS)))
        .min(1)
        .refine((a) => new Set(a).size === a.length, 'Each field once.')
        .describe('Fields of the AI system record that must be filled.'),
    })
    .strict(),
]);
export type Check = z.infer<typeof checkSchema>;

export const criterionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Lower-case letters, digits and hyphens.')
      .describe('A key for the criterion, unique within its gate, e.g. vv-evidence.'),
    title: z.string().trim().min(1).max(200).describe('What the criterion asks for.'),
    control: z
      .string()
      .max(20)
      .refine((id) => requirement(id) !== undefined, 'Not an ISO/IEC 42001 clause or control.')
      .describe('The ISO/IEC 42001 requirement it serves, e.g. A.6.2.4 or 8.1.'),
    why: z.string().trim().max(2000).nullable().describe('Why it is required, in your words.'),
    check: checkSchema,
  })
  .strict();
export type Criterion = z.infer<typeof criterionSchema>;

export const gateSchema = z
  .object({
    stage: stageSchema.describe('The stage the gate leads into.'),
    criteria: z
      .array(criterionSchema)
      .max(30)
      .refine(
        (cs) => new Set(cs.map((c) => c.id)).size === cs.length,
        'Criterion ids must differ within a gate.',
      ),
  })
  .strict();
export type Gate = z.infer<typeof gateSchema>;

export const gatesSchema = z
  .array(gateSchema)
  .max(STAGES.length)
  .refine((gs) => new Set(gs.map((g) => g.stage)).size === gs.length, 'One gate per stage.')
  .describe('A gate for each stage that has criteria; a stage without one has no criteria.');

export const criteriaFields = {
  enforced: z
    .boolean()
    .describe(
      'true: a transition is refused while its gate fails (a manager or owner may override); false: gates advise only.',
    ),
  gates: gatesSchema,
  changeNote: z.string().trim().max(2000).nullable().optional().describe('What changes and why.'),
};

const ev = (
  id: string,
  title: string,
  control: string,
  kind: string,
  per: 'system' | 'model_version',
  why: string,
): Criterion => ({ id, title, control, why, check: { kind: 'evidence', evidenceKind: kind, per } });

/**
 * The criteria aims proposes: what an auditor would expect before each move, each tied to the
 * Annex A control (or clause) it evidences. Stages not listed have no gate.
 */
export const DEFAULT_GATES: Gate[] = [
  {
    stage: 'design_and_development',
    criteria: [
      {
        id: 'intended-use',
        title: 'The intended use of the system is recorded',
        control: 'A.9.4',
        why: 'Design starts from what the system is for, for whom, and where it must not be used.',
        check: { kind: 'system_fields', fields: ['intendedUse'] },
      },
    ],
  },
  {
    stage: 'verification_and_validation',
    criteria: [
      ev(
        'requirements',
        'Requirements and specification of the system',
        'A.6.2.2',
        'requirements',
        'system',
        'Verification needs the requirements it verifies against.',
      ),
      ev(
        'design-records',
        'Design and development records',
        'A.6.2.3',
        'design_record',
        'system',
        'Design choices are recorded and traced to the requirements before testing.',
      ),
      {
        id: 'data-quality',
        title: 'Quality checks and provenance of every dataset in use',
        control: 'A.7.4',
        why: 'Results on data of unknown quality or origin do not validate anything.',
        check: { kind: 'datasets', fields: ['qualityChecks', 'provenance'], atLeastOne: true },
      },
      {
        id: 'impact-draft',
        title: 'An impact assessment of the system, at least in draft',
        control: 'A.5.2',
        why: 'The impacts found shape what verification and validation must show.',
        check: { kind: 'impact_assessment', approved: false },
      },
    ],
  },
  {
    stage: 'deployment',
    criteria: [
      ev(
        'vv-evidence',
        'Verification and validation results for the model version',
        'A.6.2.4',
        'test_report',
        'model_version',
        'The version released is the version that was tested against its acceptance criteria.',
      ),
      {
        id: 'impact-approved',
        title: 'An approved impact assessment of the system',
        control: 'A.5.3',
        why: 'Impacts on people and society are assessed and signed off before release.',
        check: { kind: 'impact_assessment', approved: true },
      },
      {
        id: 'risks-treated',
        title: 'Every risk of the system treated or accepted',
        control: '8.3',
        why: 'No risk of the system is left open when it goes live.',
        check: { kind: 'risks_treated', atLeastOne: true },
      },
      ev(
        'deployment-plan',
        'A deployment plan with a way to roll back',
        'A.6.2.5',
        'deployment_plan',
        'system',
        'Release is planned, checked against requirements, and reversible.',
      ),
      ev(
        'user-information',
        'Information for the users of the system',
        'A.8.2',
        'user_information',
        'system',
        'Users know the purpose, limits and proper use of the system before they rely on it.',
      ),
    ],
  },
  {
    stage: 'operation_and_monitoring',
    criteria: [
      ev(
        'monitoring-plan',
        'A monitoring plan with thresholds that trigger action',
        'A.6.2.6',
        'monitoring_plan',
        'system',
        'Performance and drift are watched in production, and someone acts when they slip.',
      ),
      ev(
        'event-logging',
        'Event logging specified and in effect',
        'A.6.2.8',
        'event_logging',
        'system',
        'Outputs can be traced and incidents investigated from the logs.',
      ),
    ],
  },
  {
    stage: 'retirement',
    criteria: [
      ev(
        'retirement-plan',
        'A retirement plan for data, models, records and users',
        '8.1',
        'retirement_plan',
        'system',
        'Taking a system out of service is planned like bringing it in.',
      ),
    ],
  },
];

/** The gate into a stage in a set of gates (no criteria when there is none). */
export const gateInto = (gates: readonly Gate[], stage: string): Criterion[] =>
  gates.find((g) => g.stage === stage)?.criteria ?? [];
