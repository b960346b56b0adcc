import { encodeJson } from '../../db/json.js';
import { orgCommand, parseInput, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  today,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { actionsOf, existingNonconformityIds } from './queries.js';
import { checkMember, checkSource } from './references.js';
import { assertStep, reference, type NcStep } from './rules.js';
import {
  correctionInput,
  raiseInput,
  rootCauseInput,
  similarInput,
  updateInput,
  type NcStatus,
  type NonconformityRow,
  type RaiseInput,
  type Step,
} from './schemas.js';
import { nextRef } from '../../kernel/refs.js';

/** Records a step taken on the nonconformity: who, when (created_at), what was recorded with it. */
export const recordStep = (tx: OrgTx, nc: NonconformityRow, step: Step, note: string | null) =>
  insertRecord(tx, tx.org.orgId, 'nonconformity_steps', {
    nonconformity_id: nc.id,
    cycle: nc.cycle,
    step,
    member_id: tx.org.memberId,
    note,
  });

/** The nonconformity, with its actions, after checking If-Match and that the step is allowed. */
export async function loadFor(tx: OrgTx, id: string, step: NcStep) {
  const nc = await loadRecord(tx.db, 'nonconformities', tx.org.orgId, id, 'nonconformity');
  tx.expectVersion(nc.version);
  const actions = (await actionsOf(tx.db, tx.org.orgId, [nc.id])).get(nc.id) ?? [];
  assertStep(step, nc, actions, tx.org.memberId);
  return { nc, actions };
}

/**
 * Raises a nonconformity inside the caller's transaction: what another module's command calls
 * (an audit finding, an incident or a monitoring breach raising one), so the nonconformity and
 * the record it comes from are written, and recorded in the ledger, together.
 */
export async function raiseWithin(tx: OrgTx, input: RaiseInput) {
  const parsed = parseInput(raiseInput, input);
  const orgId = tx.org.orgId;
  await checkSource(tx, parsed.sourceType, parsed.sourceId, 'direct');
  await checkMember(tx, parsed.ownerMemberId, 'ownerMemberId');
  const { number, ref } = await nextRef(tx, orgId, 'nonconformities');
  const nc = await insertRecord(tx, orgId, 'nonconformities', {
    number,
    ref,
    title: parsed.title,
    description: parsed.description ?? null,
    requirement_id: parsed.requirementId,
    source_type: parsed.sourceType,
    source_id: parsed.sourceId ?? null,
    severity: parsed.severity,
    status: 'open' satisfies NcStatus,
    cycle: 1,
    detected_on: parsed.detectedOn ?? today(new Date(tx.now)),
    raised_by_member_id: tx.org.memberId,
    owner_member_id: parsed.ownerMemberId ?? tx.org.memberId,
    correction: null,
    root_cause: null,
    similar: null,
    verified_by_member_id: null,
    verified_at: null,
    closed_at: null,
  });
  await recordStep(tx, nc, 'raised', null);
  return nc;
}

/** Raises a nonconformity (10.2): what is wrong, the requirement it breaches, where it was found. */
export const raiseNonconformity = orgCommand({
  action: 'nonconformities.raise',
  input: raiseInput,
  run: (tx, input) => raiseWithin(tx, input),
});

/** Changes what the nonconformity says (not where it came from) while it is worked on. */
export const updateNonconformity = orgCommand({
  action: 'nonconformities.update',
  input: updateInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'edit');
    await checkMember(tx, input.ownerMemberId, 'ownerMemberId');
    const changes: RecordChanges<'nonconformities'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.requirementId !== undefined) changes.requirement_id = input.requirementId;
    if (input.severity !== undefined) changes.severity = input.severity;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.detectedOn !== undefined) changes.detected_on = input.detectedOn;
    return updateRecord(tx, tx.org.orgId, 'nonconformities', nc, changes);
  },
});

/** Records the correction: what was done to contain it (10.2 a). Each one is a step. */
export const correctNonconformity = orgCommand({
  action: 'nonconformities.correct',
  input: correctionInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'correct');
    const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      correction: input.correction,
      ...(nc.status === 'open' || nc.status === 'reopened'
        ? { status: 'correction_done' satisfies NcStatus }
        : {}),
    });
    await recordStep(tx, next, 'correction', input.correction);
    return next;
  },
});

/** Records the root cause and how it was found (10.2 b 2): five whys, a fishbone, or in words. */
export const recordRootCause = orgCommand({
  action: 'nonconformities.investigate',
  input: rootCauseInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'investigate');
    const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      root_cause: encodeJson(input.rootCause),
    });
    await recordStep(tx, next, 'root_cause', input.rootCause.cause);
    return next;
  },
});

/** Records whether similar nonconformities exist or could occur, and where (10.2 b 3). */
export const recordSimilar = orgCommand({
  action: 'nonconformities.investigate',
  input: similarInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'investigate');
    const note = input.note || null;
    if (input.answer !== 'none' && !note && input.nonconformityIds.length === 0)
      throw new AppError('INCONSISTENT_INPUT', 'Say where similar nonconformities are.', [
        { pointer: '/body/note', message: 'Say where they exist or could occur.' },
      ]);
    const found = await existingNonconformityIds(tx.db, tx.org.orgId, input.nonconformityIds);
    for (const [i, id] of input.nonconformityIds.entries()) {
      if (id === nc.id)
        throw new AppError('INCONSISTENT_INPUT', `${reference(nc)} is not like itself.`, [
          {
            pointer: `/body/nonconformityIds/${i}`,
            message: 'Another nonconformity, not this one.',
          },
        ]);
      if (!found.has(id))
        throw new AppError('UNKNOWN_REFERENCE', 'No such nonconformity.', [
          { pointer: `/body/nonconformityIds/${i}`, message: 'No such nonconformity.' },
        ]);
    }
    const ids = [...new Set(input.nonconformityIds)];
    const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      similar: encodeJson({ answer: input.answer, nonconformityIds: ids, note }),
    });
    await recordStep(tx, next, 'similar', note);
    return next;
  },
});
