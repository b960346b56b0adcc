import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  ANNEX_A_CONTROL_IDS,
  ANNEX_C_OBJECTIVE_IDS,
  ANNEX_C_SOURCE_IDS,
} from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import type { DB, Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import { changesOf } from '../../kernel/changes.js';
import type { OrgAccess } from '../../kernel/context.js';
import { uuidSchema } from '../../kernel/ids.js';
import { NameWants, namesSchema, pickNames, resolveNames } from '../../kernel/names.js';
import { LIFECYCLE_STAGES } from '../registers/index.js';
import {
  ACCEPTANCE_STATES,
  acceptanceState,
  acceptRefusal,
  type AcceptanceRow,
  type RiskRow,
} from './acceptance.js';
import { criteriaFromRow, type Criteria } from './criteria.js';
import { criteriaByIds, latestAcceptances } from './queries.js';

export const TREATMENTS = ['modify', 'avoid', 'share', 'retain'] as const;
export const RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'treated',
  'accepted',
  'closed',
] as const;
export const TREATMENT_STATES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

export type TreatmentRow = Row<'risk_treatments'>;

const id = uuidSchema;
export const riskId = id;
export const treatmentId = id;
const score = z.number().int().min(1).max(7);
const ids = <T extends readonly string[]>(values: T, what: string) =>
  z
    .array(
      z.enum(values as unknown as [string, ...string[]], { message: `Not an ${what} identifier.` }),
    )
    .max(values.length)
    .refine((a) => new Set(a).size === a.length, 'Each once.');

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

export const riskInput = z
  .object({ ...fields, status: z.enum(RISK_STATUSES).exclude(['accepted']).optional() })
  .strict();
/** An edit names only what it changes (see changesOf). */
export const riskChange = changesOf(fields);

export const treatmentInput = z
  .object({
    title: z.string().trim().min(1).max(300).describe('The action.'),
    ownerMemberId: id.nullable().optional().describe('Who does it.'),
    dueDate: z.iso.date().nullable().optional().describe('When it is due (YYYY-MM-DD).'),
  })
  .strict();

export const treatmentChange = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    ownerMemberId: id.nullable().optional(),
    dueDate: z.iso.date().nullable().optional(),
    status: z.enum(TREATMENT_STATES).optional(),
  })
  .strict();

const acceptanceView = z.object({
  state: z
    .enum(ACCEPTANCE_STATES)
    .describe('Whether the residual risk needs, has, or has let lapse an acceptance.'),
  expiresOn: z.string().nullable(),
  acceptedByMemberId: z.string().nullable(),
  justification: z.string().nullable(),
});

export const riskView = z
  .object({
    id: z.string(),
    ref: z
      .string()
      .nullable()
      .describe(
        'R-0042: the readable identifier in the organization, given on creation and never reused; null only for a record made before identifiers existed, until the next of its kind is created.',
      ),
    title: z.string(),
    description: z.string().nullable(),
    aiSystemIds: z.array(z.string()),
    lifecycleStage: z.string().nullable(),
    riskSources: z.array(z.string()),
    objectives: z.array(z.string()),
    ownerMemberId: z.string().nullable(),
    criteriaId: z.string().nullable(),
    inherentLikelihood: z.number().int().nullable(),
    inherentImpact: z.number().int().nullable(),
    inherentLevel: z.string().nullable(),
    treatment: z.string().nullable(),
    controlIds: z.array(z.string()),
    residualLikelihood: z.number().int().nullable(),
    residualImpact: z.number().int().nullable(),
    residualLevel: z.string().nullable(),
    reviewDate: z.string().nullable(),
    reviewOverdue: z.boolean(),
    status: z.string(),
    acceptance: acceptanceView,
    abilities: z
      .object({
        edit: z
          .boolean()
          .describe(
            'Whether the caller may change the risk and its treatment now: a role that may, and, while access is matched to responsibilities, a contributor assigned to one of its AI systems.',
          ),
        accept: z
          .boolean()
          .describe(
            "Whether the caller may accept the residual risk now: a manager or owner who is not the risk's owner, of an assessed risk above the acceptance level.",
          ),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Risk' });
export type RiskView = z.infer<typeof riskView>;

export const treatmentView = z
  .object({
    id: z.string(),
    riskId: z.string(),
    title: z.string(),
    ownerMemberId: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(TREATMENT_STATES),
    completedOn: z.string().nullable(),
    overdue: z.boolean(),
    names: namesSchema,
    version: z.number().int(),
  })
  .meta({ id: 'RiskTreatment' });

const num = (v: number | null) => (v === null ? null : Number(v));

/** A risk as the API shows it to this caller, given the criteria it was scored on and its latest acceptance. */
export function toRiskView(
  r: RiskRow,
  facts: { criteria?: Criteria; latest?: AcceptanceRow; names?: ReadonlyMap<string, string> },
  access: OrgAccess,
  today: string,
): RiskView {
  const { state, counts } = acceptanceState(r, facts.criteria, facts.latest, today);
  const a = counts ? facts.latest : undefined;
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    aiSystemIds: decodeJson(r.ai_system_ids, []),
    lifecycleStage: r.lifecycle_stage,
    riskSources: decodeJson(r.risk_sources, []),
    objectives: decodeJson(r.objectives, []),
    ownerMemberId: r.owner_member_id,
    criteriaId: r.criteria_id,
    inherentLikelihood: num(r.inherent_likelihood),
    inherentImpact: num(r.inherent_impact),
    inherentLevel: r.inherent_level,
    treatment: r.treatment,
    controlIds: decodeJson(r.control_ids, []),
    residualLikelihood: num(r.residual_likelihood),
    residualImpact: num(r.residual_impact),
    residualLevel: r.residual_level,
    reviewDate: r.review_date,
    reviewOverdue: !!r.review_date && r.review_date < today && r.status !== 'closed',
    status: r.status,
    acceptance: {
      state,
      expiresOn: a?.expires_on ?? null,
      acceptedByMemberId: a?.accepted_by_member_id ?? null,
      justification: a?.justification ?? null,
    },
    abilities: {
      edit: can(access, 'risks.update', decodeJson(r.ai_system_ids, [])),
      accept:
        can(access, 'risks.accept') && acceptRefusal(r, facts.criteria, access.memberId) === null,
    },
    names: facts.names ? pickNames(facts.names, ...riskRefs(r, a)) : {},
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The ids a risk refers to, for its names: AI systems, owner, accepter, controls. */
const riskRefs = (
  r: RiskRow,
  a?: AcceptanceRow,
): [string[], string | null, string | null | undefined, string[]] => [
  decodeJson<string[]>(r.ai_system_ids, []),
  r.owner_member_id,
  a?.accepted_by_member_id,
  decodeJson<string[]>(r.control_ids, []),
];

/** Risks as views: the criteria and latest acceptances are read once for all of them. */
export async function riskViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: RiskRow[],
  today: string,
): Promise<RiskView[]> {
  const criteria = new Map<string, Criteria>();
  const critIds = [...new Set(rows.map((r) => r.criteria_id))];
  for (const c of await criteriaByIds(db, access.orgId, critIds))
    criteria.set(c.id, criteriaFromRow(c));
  const latest = await latestAcceptances(
    db,
    access.orgId,
    rows.map((r) => r.id),
  );
  const wants = new NameWants();
  for (const r of rows) {
    const [systems, owner, accepter, controls] = riskRefs(r, latest.get(r.id));
    wants.add('ai_systems', systems).add('memberships', [owner, accepter]).add('catalog', controls);
  }
  const names = await resolveNames(db, access, wants);
  return rows.map((r) =>
    toRiskView(
      r,
      { criteria: criteria.get(r.criteria_id), latest: latest.get(r.id), names },
      access,
      today,
    ),
  );
}

export const riskViewOf = async (db: Kysely<DB>, access: OrgAccess, r: RiskRow, today: string) =>
  (await riskViews(db, access, [r], today))[0]!;

export const toTreatmentView = (
  t: TreatmentRow,
  today: string,
  names: ReadonlyMap<string, string> = new Map(),
): z.infer<typeof treatmentView> => ({
  id: t.id,
  riskId: t.risk_id,
  title: t.title,
  ownerMemberId: t.owner_member_id,
  dueDate: t.due_date,
  status: t.status as (typeof TREATMENT_STATES)[number],
  completedOn: t.completed_on,
  overdue:
    !!t.due_date && t.due_date < today && (t.status === 'planned' || t.status === 'in_progress'),
  names: pickNames(names, t.owner_member_id),
  version: t.version,
});

/** Treatment actions as views, with their owners' names read at once. */
export async function treatmentViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: TreatmentRow[],
  today: string,
): Promise<z.infer<typeof treatmentView>[]> {
  const wants = new NameWants().add(
    'memberships',
    rows.map((t) => t.owner_member_id),
  );
  const names = await resolveNames(db, access, wants);
  return rows.map((t) => toTreatmentView(t, today, names));
}
