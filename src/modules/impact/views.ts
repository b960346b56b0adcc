import { z } from 'zod';
import { LIFECYCLE } from '../../catalog/index.js';

type Row = Record<string, any>;

const STAGE_TITLES = new Map<string, string>(LIFECYCLE.map((s) => [s.id, s.title]));

/**
 * Why an approved assessment is due again, from what happened to its system since approval: in
 * words an auditor reads, with dates as YYYY-MM-DD. assessmentIsDue is the same rule in SQL.
 */
export async function dueReasons(db: any, orgId: string, a: Row, today: string): Promise<string[]> {
  if (a.status !== 'approved') return [];
  const reasons: string[] = [];
  if (a.next_due_date && a.next_due_date < today)
    reasons.push(`The review cycle ended on ${a.next_due_date}.`);
  const moved = await db
    .selectFrom('ai_system_transitions')
    .select(['to_stage', 'created_at'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', a.ai_system_id)
    .where('created_at', '>', a.approved_at)
    .orderBy('created_at')
    .execute();
  for (const m of moved)
    reasons.push(
      `The system moved to ${STAGE_TITLES.get(m.to_stage) ?? m.to_stage} on ${m.created_at.slice(0, 10)}.`,
    );
  const models = await db
    .selectFrom('ai_models')
    .select(['name', 'model_version', 'created_at'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', a.ai_system_id)
    .where('created_at', '>', a.approved_at)
    .orderBy('created_at')
    .execute();
  for (const m of models)
    reasons.push(`New model version ${m.name} ${m.model_version} on ${m.created_at.slice(0, 10)}.`);
  return reasons;
}

/**
 * The condition "this assessment is due again" on `impact_assessments as a`: approved, and its
 * cycle ended before `day` or its system changed stage or got a model version after approval.
 */
export function assessmentIsDue(eb: any, orgId: string, day: string) {
  return eb.and([
    eb('a.status', '=', 'approved'),
    eb.or([
      eb('a.next_due_date', '<', day),
      eb.exists(
        eb
          .selectFrom('ai_system_transitions as t')
          .select('t.id')
          .where('t.org_id', '=', orgId)
          .whereRef('t.ai_system_id', '=', 'a.ai_system_id')
          .whereRef('t.created_at', '>', 'a.approved_at'),
      ),
      eb.exists(
        eb
          .selectFrom('ai_models as m')
          .select('m.id')
          .where('m.org_id', '=', orgId)
          .whereRef('m.ai_system_id', '=', 'a.ai_system_id')
          .whereRef('m.created_at', '>', 'a.approved_at'),
      ),
    ]),
  ]);
}

export const assessmentView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    aiModelId: z.string().nullable(),
    title: z.string(),
    status: z.enum(['draft', 'approved', 'superseded']),
    summary: z.string().nullable(),
    dpiaReference: z.string().nullable(),
    reviewCycleMonths: z.number().int(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    nextDueDate: z.string().nullable(),
    reassessmentDue: z.boolean(),
    dueReasons: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ImpactAssessment' });

export const itemView = z
  .object({
    id: z.string(),
    assessmentId: z.string(),
    affected: z.string(),
    dimension: z.string(),
    description: z.string(),
    severity: z.number().int(),
    likelihood: z.number().int(),
    mitigation: z.string().nullable(),
    riskIds: z.array(z.string()),
    controlIds: z.array(z.string()),
    version: z.number().int(),
  })
  .meta({ id: 'Impact' });

export async function view(db: any, orgId: string, a: Row, today: string) {
  const reasons = await dueReasons(db, orgId, a, today);
  return {
    id: a.id,
    aiSystemId: a.ai_system_id,
    aiModelId: a.ai_model_id,
    title: a.title,
    status: a.status,
    summary: a.summary,
    dpiaReference: a.dpia_reference,
    reviewCycleMonths: Number(a.review_cycle_months),
    authorMemberId: a.author_member_id,
    approverMemberId: a.approver_member_id,
    approvedAt: a.approved_at,
    nextDueDate: a.next_due_date,
    reassessmentDue: reasons.length > 0,
    dueReasons: reasons,
    version: a.version,
    createdAt: a.created_at,
  };
}

export const itemOut = (r: Row) => ({
  id: r.id,
  assessmentId: r.assessment_id,
  affected: r.affected,
  dimension: r.dimension,
  description: r.description,
  severity: Number(r.severity),
  likelihood: Number(r.likelihood),
  mitigation: r.mitigation,
  riskIds: JSON.parse(r.risk_ids),
  controlIds: JSON.parse(r.control_ids),
  version: r.version,
});

/**
 * Approved assessments that are due again (cycle ended, stage change or new model version since
 * approval), the longest-standing first; at most `limit`. Superseded and draft ones never are.
 */
export async function assessmentsDue(db: any, orgId: string, day: string, limit: number) {
  const rows = await db
    .selectFrom('impact_assessments as a')
    .selectAll('a')
    .where('a.org_id', '=', orgId)
    .where((eb: any) => assessmentIsDue(eb, orgId, day))
    .orderBy('a.approved_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((a: Row) => view(db, orgId, a, day)));
}
