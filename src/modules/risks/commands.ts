import { changesOf } from '../../kernel/changes.js';
import { encodeJson } from '../../db/json.js';
import { uuidSchema } from '../../kernel/ids.js';
import { z } from 'zod';
import {
  ANNEX_A_CONTROL_IDS,
  ANNEX_C_OBJECTIVE_IDS,
  ANNEX_C_SOURCE_IDS,
} from '../../catalog/index.js';
import { checkVersion, defineCommand, type Tx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { LIFECYCLE_STAGES } from '../registers/definitions.js';
import {
  deleteRecord,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';
import {
  aboveAcceptance,
  criteriaFromRow,
  ensureCriteria,
  levelOf,
  type Criteria,
} from './criteria.js';

const id = uuidSchema;
const score = z.number().int().min(1).max(7);
const ids = <T extends readonly string[]>(values: T, what: string) =>
  z
    .array(
      z.enum(values as unknown as [string, ...string[]], { message: `Not an ${what} identifier.` }),
    )
    .max(values.length)
    .refine((a) => new Set(a).size === a.length, 'Each once.');

export const TREATMENTS = ['modify', 'avoid', 'share', 'retain'] as const;
export const RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'treated',
  'accepted',
  'closed',
] as const;

const fields = {
  title: z.string().trim().min(1).max(300).describe('What could go wrong.'),
  description: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('Cause, event and consequence.'),
  aiSystemIds: z.array(id).max(200).default([]).describe('AI systems the risk concerns.'),
  lifecycleStage: z
    .enum(LIFECYCLE_STAGES)
    .nullable()
    .optional()
    .describe('Life cycle stage where it arises.'),
  riskSources: ids(ANNEX_C_SOURCE_IDS, 'Annex C risk source')
    .default([])
    .describe('Annex C risk sources, e.g. C.3.4.'),
  objectives: ids(ANNEX_C_OBJECTIVE_IDS, 'Annex C objective')
    .default([])
    .describe('Annex C objectives it threatens, e.g. C.2.5.'),
  ownerMemberId: id.nullable().optional().describe('The risk owner.'),
  inherentLikelihood: score
    .nullable()
    .optional()
    .describe('Likelihood before treatment (1 = lowest).'),
  inherentImpact: score.nullable().optional().describe('Impact before treatment.'),
  treatment: z.enum(TREATMENTS).nullable().optional().describe('Treatment option (6.1.3).'),
  controlIds: ids(ANNEX_A_CONTROL_IDS, 'Annex A control')
    .default([])
    .describe('Annex A controls that treat it, e.g. A.6.2.4.'),
  residualLikelihood: score.nullable().optional().describe('Likelihood after treatment.'),
  residualImpact: score.nullable().optional().describe('Impact after treatment.'),
  reviewDate: z.iso.date().nullable().optional().describe('Next review (YYYY-MM-DD).'),
  status: z
    .enum(RISK_STATUSES)
    .optional()
    .describe('Where the risk stands; "accepted" is set by an acceptance.'),
};

async function checkRefs(
  tx: Tx,
  orgId: string,
  input: { aiSystemIds?: string[]; ownerMemberId?: string | null },
) {
  for (const [i, sid] of (input.aiSystemIds ?? []).entries()) {
    const s = await (tx.db as any)
      .selectFrom('ai_systems')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', sid)
      .executeTakeFirst();
    if (!s)
      throw new AppError('UNKNOWN_REFERENCE', 'No such AI system.', [
        { pointer: `/body/aiSystemIds/${i}`, message: 'No such AI system.' },
      ]);
  }
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
}

/** Scores → levels, on the given criteria; a pair must be given together. */
function levels(
  c: Criteria,
  r: {
    inherent_likelihood: number | null;
    inherent_impact: number | null;
    residual_likelihood: number | null;
    residual_impact: number | null;
  },
) {
  const pair = (l: number | null, i: number | null, p: string) => {
    if ((l === null) !== (i === null))
      throw new AppError('OUT_OF_SCALE', 'Give likelihood and impact together.', [
        {
          pointer: `/body/${p}${l === null ? 'Likelihood' : 'Impact'}`,
          message: 'Needed with the other.',
        },
      ]);
    return l === null ? null : levelOf(c, l, i!, `/body/${p}`);
  };
  return {
    inherent_level: pair(r.inherent_likelihood, r.inherent_impact, 'inherent'),
    residual_level: pair(r.residual_likelihood, r.residual_impact, 'residual'),
  };
}

export const createRisk = defineCommand({
  action: 'risks.create',
  input: z
    .object({ ...fields, status: z.enum(RISK_STATUSES).exclude(['accepted']).optional() })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    await checkRefs(tx, orgId, input);
    const c = await ensureCriteria(tx, orgId);
    const scores = {
      inherent_likelihood: input.inherentLikelihood ?? null,
      inherent_impact: input.inherentImpact ?? null,
      residual_likelihood: input.residualLikelihood ?? null,
      residual_impact: input.residualImpact ?? null,
    };
    return insertRecord(tx, orgId, 'risks', {
      title: input.title,
      description: input.description ?? null,
      ai_system_ids: encodeJson(input.aiSystemIds),
      lifecycle_stage: input.lifecycleStage ?? null,
      risk_sources: encodeJson(input.riskSources),
      objectives: encodeJson(input.objectives),
      owner_member_id: input.ownerMemberId ?? (await memberIdOf(tx, scope.access!)),
      criteria_id: c.id,
      ...scores,
      ...levels(c, scores),
      treatment: input.treatment ?? null,
      control_ids: encodeJson(input.controlIds),
      review_date: input.reviewDate ?? null,
      status: input.status ?? (scores.inherent_likelihood ? 'assessed' : 'identified'),
    });
  },
});

const COLS: Record<string, string> = {
  title: 'title',
  description: 'description',
  lifecycleStage: 'lifecycle_stage',
  ownerMemberId: 'owner_member_id',
  treatment: 'treatment',
  reviewDate: 'review_date',
  status: 'status',
};
const JSON_COLS: Record<string, string> = {
  aiSystemIds: 'ai_system_ids',
  riskSources: 'risk_sources',
  objectives: 'objectives',
  controlIds: 'control_ids',
};
const SCORE_COLS: Record<string, string> = {
  inherentLikelihood: 'inherent_likelihood',
  inherentImpact: 'inherent_impact',
  residualLikelihood: 'residual_likelihood',
  residualImpact: 'residual_impact',
};

export const updateRisk = defineCommand({
  action: 'risks.update',
  input: changesOf(fields),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const r = await loadRow(tx, 'risks', orgId, scope.ids!.riskId!, 'risk');
    checkVersion(r.version, scope.ifMatch);
    await checkRefs(tx, orgId, input as { aiSystemIds?: string[]; ownerMemberId?: string | null });
    if (input.status === 'accepted' && r.status !== 'accepted') {
      throw new AppError(
        'INCONSISTENT_INPUT',
        'A risk becomes accepted through an acceptance, not an edit.',
        [{ pointer: '/body/status', message: 'Use the acceptance.' }],
      );
    }
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined) continue;
      if (COLS[k]) changes[COLS[k]] = v;
      else if (JSON_COLS[k]) changes[JSON_COLS[k]] = encodeJson(v);
      else if (SCORE_COLS[k]) changes[SCORE_COLS[k]] = v;
    }
    if (Object.keys(SCORE_COLS).some((k) => (input as Record<string, unknown>)[k] !== undefined)) {
      // A re-assessment is scored on today's criteria; until then the risk keeps its version's levels.
      const c = await ensureCriteria(tx, orgId);
      const scores = {
        inherent_likelihood: (changes.inherent_likelihood ?? r.inherent_likelihood) as
          number | null,
        inherent_impact: (changes.inherent_impact ?? r.inherent_impact) as number | null,
        residual_likelihood: (changes.residual_likelihood ?? r.residual_likelihood) as
          number | null,
        residual_impact: (changes.residual_impact ?? r.residual_impact) as number | null,
      };
      for (const k of Object.keys(scores) as (keyof typeof scores)[])
        if ((input as Record<string, unknown>)[camel(k)] === null) scores[k] = null;
      Object.assign(changes, scores, levels(c, scores), { criteria_id: c.id });
      // A new residual level no longer matches an earlier acceptance.
      if (
        r.status === 'accepted' &&
        changes.residual_level !== r.residual_level &&
        input.status === undefined
      )
        changes.status = 'assessed';
    }
    return updateRecord(tx, orgId, 'risks', r, changes);
  },
});

const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export const deleteRisk = defineCommand({
  action: 'risks.delete',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const r = await loadRow(tx, 'risks', orgId, scope.ids!.riskId!, 'risk');
    checkVersion(r.version, scope.ifMatch);
    for (const table of ['risk_treatments', 'risk_acceptances'] as const) {
      const rows = await tx.db
        .selectFrom(table)
        .select('id')
        .where('org_id', '=', orgId)
        .where('risk_id', '=', r.id)
        .execute();
      for (const x of rows) await deleteRecord(tx, orgId, table, x.id);
    }
    await deleteRecord(tx, orgId, 'risks', r.id);
    return { id: r.id };
  },
});

export const TREATMENT_STATES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

export const addTreatment = defineCommand({
  action: 'risks.treat',
  input: z
    .object({
      title: z.string().trim().min(1).max(300).describe('The action.'),
      ownerMemberId: id.nullable().optional().describe('Who does it.'),
      dueDate: z.iso.date().nullable().optional().describe('When it is due (YYYY-MM-DD).'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const r = await loadRow(tx, 'risks', orgId, scope.ids!.riskId!, 'risk');
    await checkRefs(tx, orgId, { ownerMemberId: input.ownerMemberId });
    const t = await insertRecord(tx, orgId, 'risk_treatments', {
      risk_id: r.id,
      title: input.title,
      owner_member_id: input.ownerMemberId ?? null,
      due_date: input.dueDate ?? null,
      status: 'planned',
      completed_on: null,
    });
    if (r.status === 'identified' || r.status === 'assessed')
      await updateRecord(tx, orgId, 'risks', r, { status: 'treatment_planned' });
    return t;
  },
});

export const updateTreatment = defineCommand({
  action: 'risks.treat',
  input: z
    .object({
      title: z.string().trim().min(1).max(300).optional(),
      ownerMemberId: id.nullable().optional(),
      dueDate: z.iso.date().nullable().optional(),
      status: z.enum(TREATMENT_STATES).optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const t = await loadRow(tx, 'risk_treatments', orgId, scope.ids!.treatmentId!, 'treatment');
    if (t.risk_id !== scope.ids!.riskId) throw new AppError('NOT_FOUND', 'No such treatment.');
    checkVersion(t.version, scope.ifMatch);
    await checkRefs(tx, orgId, { ownerMemberId: input.ownerMemberId });
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.dueDate !== undefined) changes.due_date = input.dueDate;
    if (input.status !== undefined) {
      changes.status = input.status;
      changes.completed_on = input.status === 'done' ? tx.now.slice(0, 10) : null;
    }
    return updateRecord(tx, orgId, 'risk_treatments', t, changes);
  },
});

/**
 * Acceptance of a residual risk (6.1.3). Needed only above the criteria's acceptance level; given by
 * a manager or owner who is not the risk's owner, with a justification and an expiry.
 */
export const acceptRisk = defineCommand({
  action: 'risks.accept',
  input: z
    .object({
      justification: z
        .string()
        .trim()
        .min(1, 'Say why the risk is accepted.')
        .max(20_000)
        .describe('Why the residual risk is acceptable.'),
      expiresOn: z.iso
        .date()
        .describe('When the acceptance lapses and must be renewed (YYYY-MM-DD).'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const r = await loadRow(tx, 'risks', orgId, scope.ids!.riskId!, 'risk');
    checkVersion(r.version, scope.ifMatch);
    if (!r.residual_level)
      throw new AppError('INVALID_STATE', 'Assess the residual risk before accepting it.');
    const crit = await (tx.db as any)
      .selectFrom('risk_criteria')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', r.criteria_id)
      .executeTakeFirstOrThrow();
    if (!aboveAcceptance(criteriaFromRow(crit), r.residual_level)) {
      throw new AppError(
        'INVALID_STATE',
        `A ${r.residual_level} residual risk is within the acceptance level and needs no sign-off.`,
      );
    }
    if (input.expiresOn <= tx.now.slice(0, 10))
      throw new AppError('INVALID_EXPIRY', 'The acceptance must expire in the future.', [
        { pointer: '/body/expiresOn', message: 'Must be in the future.' },
      ]);
    const me = await memberIdOf(tx, scope.access!);
    if (!me || me === r.owner_member_id)
      throw new AppError(
        'SELF_ACCEPTANCE',
        "The risk's owner may not accept it; another manager or owner must.",
      );
    const a = await insertRecord(tx, orgId, 'risk_acceptances', {
      risk_id: r.id,
      accepted_by_member_id: me,
      justification: input.justification,
      expires_on: input.expiresOn,
      residual_level: r.residual_level,
      criteria_id: r.criteria_id,
    });
    await updateRecord(tx, orgId, 'risks', r, { status: 'accepted' });
    return a;
  },
});
