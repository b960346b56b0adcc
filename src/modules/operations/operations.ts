import type { Kysely } from 'kysely';
import { LIFECYCLE } from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { today } from '../../kernel/records.js';
import {
  activeSystems,
  liveAssessments,
  modelVersions,
  openRisks,
  transitions,
  treatmentActions,
} from './queries.js';
import type {
  OperationState,
  OperationsView,
  RiskOperationView,
  SystemOperationView,
  Tally,
  TreatmentProgress,
} from './schemas.js';

const STAGE_TITLES = new Map<string, string>(LIFECYCLE.map((s) => [s.id, s.title]));
const dayOf = (at: string) => at.slice(0, 10);

/** A significant change of an AI system: it moved stage, or got a model version. */
interface SystemChange {
  systemId: string;
  at: string;
  words: string;
}

async function systemChanges(db: Kysely<DB>, orgId: string): Promise<Map<string, SystemChange[]>> {
  const out = new Map<string, SystemChange[]>();
  const add = (c: SystemChange) => out.set(c.systemId, [...(out.get(c.systemId) ?? []), c]);
  for (const t of await transitions(db, orgId))
    add({
      systemId: t.ai_system_id,
      at: t.created_at,
      words: `moved to ${STAGE_TITLES.get(t.to_stage) ?? t.to_stage} on ${dayOf(t.created_at)}`,
    });
  for (const m of await modelVersions(db, orgId))
    add({
      systemId: m.ai_system_id,
      at: m.created_at,
      words: `got model version ${m.name} ${m.model_version} on ${dayOf(m.created_at)}`,
    });
  return out;
}

/**
 * The state of a planned assessment from its dates: overdue once its next date passed, due when
 * that date falls within the look-ahead or a significant change came after it, done otherwise.
 */
function stateOf(
  last: string | null,
  next: string | null,
  owed: boolean,
  day: { today: string; horizon: string },
): OperationState {
  if (last === null) return 'missing';
  if (next !== null && next < day.today) return 'overdue';
  if (owed || next === null || next <= day.horizon) return 'due';
  return 'done';
}

function dateReasons(state: OperationState, next: string | null, what: string): string[] {
  if (state === 'missing') return [`No ${what} has been performed yet.`];
  if (next === null) return [`No date is planned for the next ${what}.`];
  if (state === 'overdue') return [`The next ${what} was due on ${next}.`];
  return [];
}

const tally = (rows: { status: OperationState; reassessmentOwed: boolean }[]): Tally => ({
  done: rows.filter((r) => r.status === 'done').length,
  due: rows.filter((r) => r.status === 'due').length,
  overdue: rows.filter((r) => r.status === 'overdue').length,
  missing: rows.filter((r) => r.status === 'missing').length,
  owed: rows.filter((r) => r.reassessmentOwed).length,
});

/**
 * Impact assessments per AI system (8.4): the approved assessment in force (the latest approved),
 * its approval as the last assessment, its cycle's end as the next, and every stage transition
 * or model version of the system after its approval as a significant change that owes a
 * re-assessment.
 */
async function systemOperations(
  db: Kysely<DB>,
  orgId: string,
  changes: Map<string, SystemChange[]>,
  day: { today: string; horizon: string },
): Promise<SystemOperationView[]> {
  const assessments = await liveAssessments(db, orgId);
  return (await activeSystems(db, orgId)).map((s) => {
    const mine = assessments.filter((a) => a.ai_system_id === s.id);
    const approved = mine
      .filter((a) => a.status === 'approved')
      .sort((a, b) => (b.approved_at ?? '').localeCompare(a.approved_at ?? ''))[0];
    const draft = mine.find((a) => a.status === 'draft');
    const since = approved?.approved_at ?? null;
    const after = since ? (changes.get(s.id) ?? []).filter((c) => c.at > since) : [];
    const last = since ? dayOf(since) : null;
    const next = approved?.next_due_date ?? null;
    const status = stateOf(last, next, after.length > 0, day);
    return {
      aiSystemId: s.id,
      name: s.name,
      lifecycleStage: s.lifecycle_stage,
      ownerMemberId: s.owner_member_id,
      assessmentId: approved?.id ?? null,
      draftAssessmentId: draft?.id ?? null,
      lastAssessedOn: last,
      nextDueOn: next,
      status,
      reassessmentOwed: after.length > 0,
      reasons: [
        ...dateReasons(status, next, 'impact assessment'),
        ...after.map((c) => `The system ${c.words}, after the assessment was approved.`),
      ],
    };
  });
}

/** How far a risk's treatment got: the option chosen, and its actions carried out. */
function treatmentOf(
  r: { treatment: string | null; status: string },
  actions: { status: string; due_date: string | null }[],
  today: string,
): RiskOperationView['treatment'] {
  const open = actions.filter((a) => a.status === 'planned' || a.status === 'in_progress');
  const done = actions.filter((a) => a.status === 'done').length;
  const carriedOut =
    done > 0 || r.treatment === 'retain' || r.status === 'treated' || r.status === 'accepted';
  const progress: TreatmentProgress =
    r.treatment === null
      ? 'not_chosen'
      : open.length === 0 && carriedOut
        ? 'implemented'
        : 'planned';
  return {
    option: r.treatment,
    progress,
    open: open.length,
    done,
    overdue: open.filter((a) => a.due_date !== null && a.due_date < today).length,
  };
}

/**
 * Risk assessments per risk (8.2) and their treatment (8.3). A risk is assessed once it has an
 * inherent level; its last assessment is its last change (reviewing a risk means editing it, at
 * least its next review date), its next one its review date. A stage transition or model
 * version of one of its AI systems after that is a significant change that owes a re-assessment.
 */
export async function riskOperations(
  db: Kysely<DB>,
  orgId: string,
  changes: Map<string, SystemChange[]>,
  day: { today: string; horizon: string },
  only?: readonly string[],
): Promise<RiskOperationView[]> {
  const risks = await openRisks(db, orgId, only);
  const actions = risks.length ? await treatmentActions(db, orgId) : [];
  return risks.map((r) => {
    const systems = decodeJson(r.ai_system_ids);
    const last = r.inherent_level !== null ? dayOf(r.updated_at) : null;
    const after =
      last === null
        ? []
        : systems.flatMap((id) => (changes.get(id) ?? []).filter((c) => c.at > r.updated_at));
    const status = stateOf(last, r.review_date, after.length > 0, day);
    return {
      riskId: r.id,
      title: r.title,
      riskStatus: r.status,
      ownerMemberId: r.owner_member_id,
      aiSystemIds: systems,
      lastAssessedOn: last,
      nextDueOn: r.review_date,
      status,
      reassessmentOwed: after.length > 0,
      reasons: [
        ...dateReasons(status, r.review_date, 'risk assessment'),
        ...after.map((c) => `An AI system of the risk ${c.words}, after its last assessment.`),
      ],
      treatment: treatmentOf(
        r,
        actions.filter((a) => a.risk_id === r.id),
        day.today,
      ),
    };
  });
}

/** Risks owing a re-assessment after a significant change (only `only` when given). */
export async function risksOwingReassessment(
  db: Kysely<DB>,
  orgId: string,
  day: { today: string; horizon: string },
  only?: readonly string[],
): Promise<RiskOperationView[]> {
  const changes = await systemChanges(db, orgId);
  return (await riskOperations(db, orgId, changes, day, only)).filter((r) => r.reassessmentOwed);
}

/**
 * The operational planning records (8.2–8.4), computed now: per AI system its impact assessment,
 * per open risk its assessment and treatment, each done, due, overdue or missing.
 */
export async function operationsOf(
  db: Kysely<DB>,
  orgId: string,
  day: { today: string; horizon: string },
): Promise<Omit<OperationsView, 'names'>> {
  const changes = await systemChanges(db, orgId);
  const systems = await systemOperations(db, orgId, changes, day);
  const risks = await riskOperations(db, orgId, changes, day);
  const chosen = risks.filter((r) => r.treatment.option !== null);
  return {
    today: day.today,
    horizon: day.horizon,
    summary: {
      impactAssessments: tally(systems),
      riskAssessments: tally(risks),
      treatments: {
        chosen: chosen.length,
        implemented: chosen.filter((r) => r.treatment.progress === 'implemented').length,
        notChosen: risks.filter((r) => r.lastAssessedOn !== null && r.treatment.option === null)
          .length,
        overdueActions: risks.reduce((n, r) => n + r.treatment.overdue, 0),
      },
    },
    systems,
    risks,
  };
}

/** How far ahead a next date counts as due: the same look-ahead as My work's. */
export const DUE_SOON_DAYS = 14;

/** Today and the last day of the look-ahead, as of `now`. */
export const window = (now: Date) => ({
  today: today(now),
  horizon: today(new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000)),
});
