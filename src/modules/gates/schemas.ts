import { z } from 'zod';
import { requirement } from '../../catalog/index.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, pickNames } from '../../kernel/names.js';
import {
  checkSchema,
  criteriaFields,
  DEFAULT_GATES,
  evidenceKind,
  gatesSchema,
  stageSchema,
  stageTitle,
  type Gate,
} from './criteria.js';
import type { Evaluation } from './gate.js';
import type { GateEvidenceRow } from './queries.js';

export type CriteriaRow = Row<'gate_criteria'>;

/** An AI system named in a path: its id, or its exact name (what a pipeline knows it by). */
export const systemRef = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .describe('The AI system: its id, or its exact name.');
const modelVersion = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .nullable()
  .optional()
  .describe(
    'The model version to check (as in the model inventory); default: the newest registered.',
  );

export const criteriaInput = z.object(criteriaFields).strict();

export const checkInput = z
  .object({
    aiSystemId: systemRef,
    toStage: stageSchema.describe('The stage whose gate to check.'),
    modelVersion,
    reference: z
      .string()
      .trim()
      .max(500)
      .nullable()
      .optional()
      .describe('What asked: a pipeline run, a commit, a merge request (kept with the check).'),
  })
  .strict();

/** A file already in the blob store, as the evidence commands take it. */
const storedFile = z.object({
  sha256: z.string(),
  size: z.number(),
  filename: z.string(),
  mediaType: z.string(),
});

export const pushInput = z
  .object({
    aiSystem: systemRef,
    kind: evidenceKind,
    modelVersion: modelVersion.describe(
      'The model version the evidence is about (needed for criteria per model version).',
    ),
    title: z.string().trim().min(1).max(300).nullable().optional(),
    description: z.string().max(20_000).nullable().optional(),
    validFrom: z.iso.date().nullable().optional(),
    validUntil: z.iso.date().nullable().optional(),
    file: storedFile,
  })
  .strict();

export const criteriaId = uuidSchema;

/** A version of the gate criteria; with no version adopted, the proposed defaults (id null). */
export const criteriaView = z
  .object({
    id: z.string().nullable(),
    number: z.number().int().nullable(),
    status: z.enum(['in_force', 'replaced', 'proposed']),
    enforced: z.boolean(),
    gates: gatesSchema,
    authorMemberId: z.string().nullable(),
    changeNote: z.string().nullable(),
    createdAt: z.string().nullable(),
    abilities: z.object({ update: z.boolean() }),
    names: namesSchema,
  })
  .meta({ id: 'GateCriteria' });
export type CriteriaView = z.infer<typeof criteriaView>;

/** The gates of a stored version, read back through the language's schema. */
export const gatesOf = (r: CriteriaRow): Gate[] => gatesSchema.parse(decodeJson(r.gates));
export const encodeGates = (gates: Gate[]) => encodeJson(gates);

export const toCriteriaView = (
  r: CriteriaRow | undefined,
  access: OrgAccess,
  names: ReadonlyMap<string, string> = new Map(),
): CriteriaView => ({
  id: r?.id ?? null,
  number: r ? Number(r.number) : null,
  status: r ? (r.status as 'in_force' | 'replaced') : 'proposed',
  enforced: r ? r.enforced === 1 : false,
  gates: r ? gatesOf(r) : DEFAULT_GATES,
  authorMemberId: r?.author_member_id ?? null,
  changeNote: r?.change_note ?? null,
  createdAt: r?.created_at ?? null,
  abilities: { update: can(access, 'gates.update') },
  names: pickNames(names, r?.author_member_id),
});

const recordRef = z.object({ type: z.string(), id: z.string(), label: z.string() });

export const gateView = z
  .object({
    aiSystemId: z.string(),
    fromStage: z.string(),
    toStage: z.string(),
    toStageTitle: z.string(),
    criteriaVersion: z
      .object({ id: z.string(), number: z.number().int() })
      .nullable()
      .describe('The version evaluated; null: the proposed defaults (no version adopted).'),
    enforced: z.boolean().describe('Whether a failing gate refuses the transition.'),
    modelVersion: z.string().nullable(),
    modelVersionSource: z.enum(['given', 'latest_registered', 'none']),
    passed: z.boolean(),
    criteria: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        control: z.string(),
        controlTitle: z.string().nullable(),
        why: z.string().nullable(),
        check: checkSchema,
        met: z.boolean(),
        reason: z.string(),
        records: z.array(recordRef),
      }),
    ),
    abilities: z.object({ transition: z.boolean(), override: z.boolean() }),
  })
  .meta({ id: 'Gate' });
export type GateView = z.infer<typeof gateView>;

export const toGateView = (e: Evaluation, access: OrgAccess): GateView => ({
  aiSystemId: e.system.id,
  fromStage: e.system.lifecycle_stage,
  toStage: e.toStage,
  toStageTitle: stageTitle(e.toStage),
  criteriaVersion: e.criteria ? { id: e.criteria.id, number: Number(e.criteria.number) } : null,
  enforced: e.enforced,
  modelVersion: e.modelVersion,
  modelVersionSource: e.modelVersionSource,
  passed: e.passed,
  criteria: e.results.map((r) => ({
    id: r.criterion.id,
    title: r.criterion.title,
    control: r.criterion.control,
    controlTitle: requirement(r.criterion.control)?.title ?? null,
    why: r.criterion.why,
    check: r.criterion.check,
    met: r.met,
    reason: r.reason,
    records: r.records,
  })),
  abilities: {
    transition: can(access, 'ai_systems.transition', [e.system.id]),
    override: can(access, 'gates.override'),
  },
});

const storedResult = z.object({
  id: z.string(),
  title: z.string(),
  met: z.boolean(),
  reason: z.string(),
});

export const checkView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    fromStage: z.string(),
    toStage: z.string(),
    modelVersion: z.string().nullable(),
    criteriaVersionId: z.string().nullable(),
    passed: z.boolean(),
    results: z.array(storedResult),
    reference: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'GateCheck' });

export const toCheckView = (r: Row<'gate_checks'>): z.infer<typeof checkView> => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  fromStage: r.from_stage,
  toStage: r.to_stage,
  modelVersion: r.model_version,
  criteriaVersionId: r.criteria_id,
  passed: r.passed === 1,
  results: decodeJson(r.results),
  reference: r.reference,
  createdAt: r.created_at,
});

/** What a gate check answers: the gate as evaluated, and the check as recorded. */
export const checkResultView = gateView
  .extend({ check: checkView })
  .meta({ id: 'GateCheckResult' });
export type CheckResultView = z.infer<typeof checkResultView>;

export const toCheckResultView = (
  r: { gate: Evaluation; check: Row<'gate_checks'> },
  access: OrgAccess,
): CheckResultView => ({ ...toGateView(r.gate, access), check: toCheckView(r.check) });

export const gateEvidenceView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    evidenceId: z.string(),
    kind: z.string(),
    modelVersion: z.string().nullable(),
    title: z.string(),
    filename: z.string().nullable(),
    sha256: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    linked: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'GateEvidence' });

export const toGateEvidenceView = (r: GateEvidenceRow): z.infer<typeof gateEvidenceView> => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  evidenceId: r.evidence_id,
  kind: r.kind,
  modelVersion: r.model_version,
  title: r.title,
  filename: r.filename,
  sha256: r.blob_sha256,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  linked: r.link_id !== null,
  createdAt: r.created_at,
});

export const overrideView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    transitionId: z.string(),
    fromStage: z.string(),
    toStage: z.string(),
    criteriaVersionId: z.string(),
    unmet: z.array(storedResult),
    justification: z.string(),
    memberId: z.string().nullable(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'GateOverride' });

export const toOverrideView = (
  r: Row<'gate_overrides'>,
  names: ReadonlyMap<string, string> = new Map(),
): z.infer<typeof overrideView> => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  transitionId: r.transition_id,
  fromStage: r.from_stage,
  toStage: r.to_stage,
  criteriaVersionId: r.criteria_id,
  unmet: decodeJson(r.unmet),
  justification: r.justification,
  memberId: r.member_id,
  createdAt: r.created_at,
  names: pickNames(names, r.ai_system_id, r.member_id),
});
