import { encodeJson } from '../../db/json.js';
import type { StoredAttendee } from '../../db/tables.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { assertInOrg, type References } from '../../kernel/references.js';
import { loadRecord, today, updateRecord, type RecordChanges } from '../../kernel/records.js';
import { insertRecord } from '../../kernel/records.js';
import { computeInputs, inputsHash } from './inputs.js';
import { heldReviews } from './queries.js';
import { assertStep } from './rules.js';
import { holdInput, issueInput, planInput, updateInput } from './schemas.js';

type AttendeeInput = { memberId?: string | null; name?: string | null; role?: string | null };

/** The chair and every attending member must be members of the organization (422 otherwise). */
async function checkPeople(tx: OrgTx, chair: string | undefined, attendees?: AttendeeInput[]) {
  const refs: References = {};
  if (chair) refs.chairMemberId = ['memberships', chair];
  attendees?.forEach((a, i) => {
    if (a.memberId) refs[`attendees/${i}/memberId`] = ['memberships', a.memberId];
  });
  await assertInOrg(tx, refs);
}

const stored = (attendees: AttendeeInput[]): StoredAttendee[] =>
  attendees.map((a) => ({
    memberId: a.memberId ?? null,
    name: a.name ?? null,
    role: a.role ?? null,
  }));

/** Plans a management review (9.3.1): when, who chairs it, who attends. */
export const planReview = orgCommand({
  action: 'reviews.plan',
  input: planInput,
  async run(tx, input) {
    await checkPeople(tx, input.chairMemberId, input.attendees);
    return insertRecord(tx, tx.org.orgId, 'management_reviews', {
      title: input.title,
      planned_on: input.plannedOn,
      chair_member_id: input.chairMemberId,
      attendees: encodeJson(stored(input.attendees)),
      agenda: input.agenda ?? null,
      status: 'planned',
      previous_review_id: null,
      since: null,
      held_on: null,
      held_at: null,
      held_by_member_id: null,
      inputs: null,
      inputs_hash: null,
      summary: null,
      issued_at: null,
      issued_by_member_id: null,
    });
  },
});

/** Changes a planned review (its date, chair, attendees, agenda). */
export const updateReview = orgCommand({
  action: 'reviews.update',
  input: updateInput,
  pathIds: ['reviewId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'management_reviews', orgId, input.reviewId, 'review');
    await checkPeople(tx, input.chairMemberId, input.attendees);
    tx.expectVersion(r.version);
    assertStep('edit', r);
    const changes: RecordChanges<'management_reviews'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.plannedOn !== undefined) changes.planned_on = input.plannedOn;
    if (input.chairMemberId !== undefined) changes.chair_member_id = input.chairMemberId;
    if (input.attendees !== undefined) changes.attendees = encodeJson(stored(input.attendees));
    if (input.agenda !== undefined) changes.agenda = input.agenda;
    return updateRecord(tx, orgId, 'management_reviews', r, changes);
  },
});

/**
 * Holds the review: its inputs (9.3.2) are computed as they stand now, looking back to when the
 * previous review was held, and frozen into the review with the SHA-256 of their canonical JSON,
 * so later changes to the records do not change what the review considered.
 */
export const holdReview = orgCommand({
  action: 'reviews.hold',
  input: holdInput,
  pathIds: ['reviewId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'management_reviews', orgId, input.reviewId, 'review');
    tx.expectVersion(r.version);
    assertStep('hold', r);
    const previous = (await heldReviews(tx.db, orgId)).find((p) => p.id !== r.id);
    const since = previous?.held_at ?? null;
    const inputs = await computeInputs(tx.db, orgId, r.id, tx.now, since);
    return updateRecord(tx, orgId, 'management_reviews', r, {
      status: 'held',
      previous_review_id: previous?.id ?? null,
      since,
      held_on: input.heldOn ?? today(new Date(tx.now)),
      held_at: tx.now,
      held_by_member_id: tx.org.memberId,
      inputs: encodeJson(inputs),
      inputs_hash: inputsHash(inputs),
    });
  },
});

/** Issues the minutes of a held review: it is closed; its actions go on being worked on. */
export const issueMinutes = orgCommand({
  action: 'reviews.issue',
  input: issueInput,
  pathIds: ['reviewId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'management_reviews', orgId, input.reviewId, 'review');
    tx.expectVersion(r.version);
    assertStep('issue', r);
    return updateRecord(tx, orgId, 'management_reviews', r, {
      status: 'issued',
      summary: input.summary ?? r.summary,
      issued_at: tx.now,
      issued_by_member_id: tx.org.memberId,
    });
  },
});
