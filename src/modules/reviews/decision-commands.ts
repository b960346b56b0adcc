import { orgCommand, parseInput, type OrgTx } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import { assertInOrg } from '../../kernel/references.js';
import {
  insertRecord,
  loadRecord,
  today,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { createImprovement, raiseWithin } from '../nonconformities/index.js';
import { findDecision, findReviewAction } from './queries.js';
import { assertStep } from './rules.js';
import {
  addActionInput,
  decideInput,
  updateActionInput,
  type DecisionRow,
  type ReviewRow,
} from './schemas.js';

type ActionFields = { title: string; ownerMemberId: string; dueDate: string };

async function addActions(
  tx: OrgTx,
  review: ReviewRow,
  decision: DecisionRow,
  list: ActionFields[],
) {
  const out = [];
  for (const a of list)
    out.push(
      await insertRecord(tx, tx.org.orgId, 'management_review_actions', {
        review_id: review.id,
        decision_id: decision.id,
        title: a.title,
        owner_member_id: a.ownerMemberId,
        due_date: a.dueDate,
        status: 'open',
        completed_on: null,
      }),
    );
  return out;
}

/**
 * Records a decision of a held review (9.3.3) with the actions it calls for, each with an owner
 * and a due date; it may raise a nonconformity (10.2) or log an opportunity for improvement
 * (10.1) in the same transaction, with the review as their source.
 */
export const recordDecision = orgCommand({
  action: 'reviews.decide',
  input: decideInput,
  pathIds: ['reviewId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const review = await loadRecord(tx.db, 'management_reviews', orgId, input.reviewId, 'review');
    assertStep('decide', review);
    await assertInOrg(
      tx,
      Object.fromEntries(
        input.actions.map((a, i) => [
          `actions/${i}/ownerMemberId`,
          ['memberships', a.ownerMemberId],
        ]),
      ),
    );
    const nc = input.raiseNonconformity
      ? await raiseWithin(tx, {
          title: input.title,
          description: input.description ?? null,
          requirementId: input.raiseNonconformity.requirementId,
          severity: input.raiseNonconformity.severity,
          sourceType: 'management_review',
          sourceId: review.id,
        })
      : null;
    const improvement = input.raiseImprovement
      ? await createImprovement.run(
          tx,
          parseInput(createImprovement.input, {
            title: input.title,
            description: input.description ?? null,
            sourceType: 'management_review',
            sourceId: review.id,
          }),
        )
      : null;
    const decision = await insertRecord(tx, orgId, 'management_review_decisions', {
      review_id: review.id,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      nonconformity_id: nc?.id ?? null,
      improvement_id: improvement?.id ?? null,
      author_member_id: tx.org.memberId,
    });
    await addActions(tx, review, decision, input.actions);
    return decision;
  },
});

/** Adds an action to a decision of a held review. */
export const addReviewAction = orgCommand({
  action: 'reviews.decide',
  input: addActionInput,
  pathIds: ['reviewId', 'reviewDecisionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const review = await loadRecord(tx.db, 'management_reviews', orgId, input.reviewId, 'review');
    const decision = await findDecision(tx.db, orgId, review.id, input.reviewDecisionId);
    if (!decision) throw notFound('decision');
    assertStep('decide', review);
    await assertInOrg(tx, { ownerMemberId: ['memberships', input.ownerMemberId] });
    const [action] = await addActions(tx, review, decision, [input]);
    return action!;
  },
});

/** Reports progress on an action a review decided: its owner, due date, and whether it is done. */
export const updateReviewAction = orgCommand({
  action: 'reviews.update_action',
  input: updateActionInput,
  pathIds: ['reviewId', 'reviewDecisionId', 'reviewActionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const decision = await findDecision(tx.db, orgId, input.reviewId, input.reviewDecisionId);
    const action =
      decision && (await findReviewAction(tx.db, orgId, decision.id, input.reviewActionId));
    if (!action) throw notFound('action');
    tx.expectVersion(action.version);
    if (input.ownerMemberId)
      await assertInOrg(tx, { ownerMemberId: ['memberships', input.ownerMemberId] });
    const changes: RecordChanges<'management_review_actions'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.dueDate !== undefined) changes.due_date = input.dueDate;
    if (input.status !== undefined) {
      changes.status = input.status;
      changes.completed_on =
        input.status === 'done' ? (input.completedOn ?? today(new Date(tx.now))) : null;
    }
    return updateRecord(tx, orgId, 'management_review_actions', action, changes);
  },
});
