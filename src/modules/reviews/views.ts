import type { Kysely } from 'kysely';
import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import {
  NameWants,
  namesSchema,
  namesWanted,
  resolveNames,
  type Names,
} from '../../kernel/names.js';
import { computeInputs, inputsHash, type ReviewInputs } from './inputs.js';
import { actionsOfReview, decisionsOf, heldReviews } from './queries.js';
import { reviewAbilities } from './rules.js';
import {
  ACTION_STATES,
  DECISION_KINDS,
  REVIEW_STATES,
  type DecisionRow,
  type ReviewActionRow,
  type ReviewRow,
} from './schemas.js';

export const reviewActionView = z
  .object({
    id: z.string(),
    reviewId: z.string(),
    decisionId: z.string(),
    title: z.string(),
    ownerMemberId: z.string(),
    dueDate: z.string(),
    status: z.enum(ACTION_STATES),
    completedOn: z.string().nullable(),
    overdue: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'ManagementReviewAction' });

export const decisionView = z
  .object({
    id: z.string(),
    reviewId: z.string(),
    kind: z.enum(DECISION_KINDS),
    title: z.string(),
    description: z.string().nullable(),
    nonconformityId: z.string().nullable(),
    improvementId: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    actions: z.array(reviewActionView),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'ManagementReviewDecision' });

const inputsView = z
  .object({
    asOf: z.string(),
    since: z.string().nullable(),
    sections: z.array(
      z.object({
        key: z.string(),
        clause: z.string(),
        title: z.string(),
        available: z.boolean(),
        note: z.string().nullable(),
        figures: z.array(z.object({ label: z.string(), value: z.number() })),
        items: z.array(
          z.object({ type: z.string(), id: z.string(), title: z.string(), detail: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'ManagementReviewInputs' });

const summaryShape = {
  id: z.string(),
  title: z.string(),
  plannedOn: z.string(),
  chairMemberId: z.string(),
  attendees: z.array(
    z.object({
      memberId: z.string().nullable(),
      name: z.string().nullable(),
      role: z.string().nullable(),
    }),
  ),
  agenda: z.string().nullable(),
  status: z.enum(REVIEW_STATES),
  previousReviewId: z.string().nullable(),
  heldOn: z.string().nullable(),
  heldAt: z.string().nullable(),
  summary: z.string().nullable(),
  issuedAt: z.string().nullable(),
  inputsHash: z.string().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    hold: z.boolean(),
    decide: z.boolean(),
    issue: z.boolean(),
    updateActions: z.boolean(),
  }),
  version: z.number().int(),
  createdAt: z.string(),
  names: namesSchema,
};
export const reviewSummaryView = z.object(summaryShape).meta({ id: 'ManagementReviewSummary' });

export const reviewView = z
  .object({
    ...summaryShape,
    inputs: inputsView.describe('Live while planned; as frozen when the review was held.'),
    inputsFrozen: z.boolean(),
    hashMatches: z
      .boolean()
      .nullable()
      .describe('Whether the frozen inputs still hash to the stored hash (null while planned).'),
    decisions: z.array(decisionView),
  })
  .meta({ id: 'ManagementReview' });

export const verificationView = z
  .object({
    reviewId: z.string(),
    storedHash: z.string().nullable(),
    computedHash: z.string().nullable(),
    matches: z.boolean().nullable(),
  })
  .meta({ id: 'ManagementReviewVerification' });

export type ReviewView = z.infer<typeof reviewView>;

export const toSummaryView = (r: ReviewRow, access: OrgAccess, names: Names = {}) => ({
  id: r.id,
  title: r.title,
  plannedOn: r.planned_on,
  chairMemberId: r.chair_member_id,
  attendees: decodeJson(r.attendees),
  agenda: r.agenda,
  status: r.status as (typeof REVIEW_STATES)[number],
  previousReviewId: r.previous_review_id,
  heldOn: r.held_on,
  heldAt: r.held_at,
  summary: r.summary,
  issuedAt: r.issued_at,
  inputsHash: r.inputs_hash,
  abilities: reviewAbilities(r, access),
  version: r.version,
  createdAt: r.created_at,
  names,
});

/** What a review refers to, for its names: its chair, attendees and the members who held and issued it. */
function reviewWants(r: ReviewRow, w = new NameWants()): NameWants {
  return w
    .add('management_reviews', r.previous_review_id)
    .add('memberships', [
      r.chair_member_id,
      r.held_by_member_id,
      r.issued_by_member_id,
      ...decodeJson(r.attendees).map((a) => a.memberId),
    ]);
}

/** Reviews as summaries, with the names of what they refer to read at once for the page. */
export async function summaryViews(db: Kysely<DB>, access: OrgAccess, rows: ReviewRow[]) {
  const wants = new Map(rows.map((r) => [r.id, reviewWants(r)]));
  const all = new NameWants();
  for (const w of wants.values()) for (const [source, set] of w.wanted) all.add(source, [...set]);
  const names = await resolveNames(db, access, all);
  return rows.map((r) => toSummaryView(r, access, namesWanted(names, wants.get(r.id)!)));
}

export const toActionView = (a: ReviewActionRow, today: string) => ({
  id: a.id,
  reviewId: a.review_id,
  decisionId: a.decision_id,
  title: a.title,
  ownerMemberId: a.owner_member_id,
  dueDate: a.due_date,
  status: a.status as (typeof ACTION_STATES)[number],
  completedOn: a.completed_on,
  overdue: a.status === 'open' && a.due_date < today,
  version: a.version,
});

const toDecisionView = (d: DecisionRow, actions: ReviewActionRow[], today: string) => ({
  id: d.id,
  reviewId: d.review_id,
  kind: d.kind as (typeof DECISION_KINDS)[number],
  title: d.title,
  description: d.description,
  nonconformityId: d.nonconformity_id,
  improvementId: d.improvement_id,
  authorMemberId: d.author_member_id,
  actions: actions.filter((a) => a.decision_id === d.id).map((a) => toActionView(a, today)),
  createdAt: d.created_at,
  version: d.version,
});

/** The frozen inputs and whether they still hash to what was stored; null while planned. */
export function verifyInputs(r: ReviewRow) {
  if (!r.inputs || !r.inputs_hash) return { inputs: null, computed: null, matches: null };
  const inputs = decodeJson(r.inputs);
  const computed = inputsHash(inputs);
  return { inputs, computed, matches: computed === r.inputs_hash };
}

/** The inputs a planned review would be held with now: looking back to the last held review. */
export async function liveInputs(db: Kysely<DB>, r: ReviewRow, now: Date): Promise<ReviewInputs> {
  const previous = (await heldReviews(db, r.org_id)).find((p) => p.id !== r.id);
  return computeInputs(db, r.org_id, r.id, now.toISOString(), previous?.held_at ?? null);
}

/** The review with its inputs (live or frozen), its decisions and their actions. */
export async function toReviewView(
  db: Kysely<DB>,
  access: OrgAccess,
  r: ReviewRow,
  now: Date,
): Promise<ReviewView> {
  const frozen = verifyInputs(r);
  const [decisions, actions] = await Promise.all([
    decisionsOf(db, access.orgId, r.id),
    actionsOfReview(db, access.orgId, r.id),
  ]);
  const today = now.toISOString().slice(0, 10);
  const w = reviewWants(r);
  for (const d of decisions)
    w.add('nonconformities', d.nonconformity_id)
      .add('improvements', d.improvement_id)
      .add('memberships', d.author_member_id);
  for (const a of actions) w.add('memberships', a.owner_member_id);
  const names = namesWanted(await resolveNames(db, access, w), w);
  return {
    ...toSummaryView(r, access, names),
    inputs: frozen.inputs ?? (await liveInputs(db, r, now)),
    inputsFrozen: frozen.inputs !== null,
    hashMatches: frozen.matches,
    decisions: decisions.map((d) => toDecisionView(d, actions, today)),
  };
}
