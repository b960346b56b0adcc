import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  today,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { loadFor } from './commands.js';
import { actionsOf, findAction } from './queries.js';
import { checkMember } from './references.js';
import { actionRefusal, statusAfterActions } from './rules.js';
import {
  addActionInput,
  updateActionInput,
  type ActionRow,
  type NonconformityRow,
} from './schemas.js';

/** Moves the nonconformity to where its actions put it (actions planned, or all done). */
async function followActions(tx: OrgTx, nc: NonconformityRow) {
  const actions = (await actionsOf(tx.db, tx.org.orgId, [nc.id])).get(nc.id) ?? [];
  const status = statusAfterActions(nc, actions);
  return status === nc.status
    ? nc
    : updateRecord(tx, tx.org.orgId, 'nonconformities', nc, { status });
}

/**
 * Plans a corrective action against the root cause (10.2 c): what, who, by when. The nonconformity
 * moves to action planned. If-Match, when given, is the nonconformity's version.
 */
export const addAction = orgCommand({
  action: 'nonconformities.add_action',
  input: addActionInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'addAction');
    await checkMember(tx, input.ownerMemberId, 'ownerMemberId');
    const action = await insertRecord(tx, tx.org.orgId, 'nonconformity_actions', {
      nonconformity_id: nc.id,
      cycle: nc.cycle,
      title: input.title,
      description: input.description ?? null,
      owner_member_id: input.ownerMemberId,
      due_date: input.dueDate,
      status: 'planned',
      outcome: null,
      completed_on: null,
      completed_by_member_id: null,
      author_member_id: tx.org.memberId,
    });
    await followActions(tx, nc);
    return action;
  },
});

const needsOutcome = (status: string) =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
    {
      pointer: '/body/outcome',
      message: status === 'done' ? 'Say what was done.' : 'Say why the action is cancelled.',
    },
  ]);

/**
 * Changes a corrective action of the current cycle: its status (done records who and when, and
 * needs what was done; cancelled needs why), owner, due date. When the last open action of the
 * cycle is done, the nonconformity moves to actions done and waits for its effectiveness check.
 */
export const updateAction = orgCommand({
  action: 'nonconformities.update_action',
  input: updateActionInput,
  pathIds: ['nonconformityId', 'correctiveActionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const nc = await loadRecord(
      tx.db,
      'nonconformities',
      orgId,
      input.nonconformityId,
      'nonconformity',
    );
    const a = await findAction(tx.db, orgId, nc.id, input.correctiveActionId);
    if (!a) throw new AppError('NOT_FOUND', 'No such corrective action.');
    tx.expectVersion(a.version);
    const refusal = actionRefusal(nc, a);
    if (refusal) throw refusal;
    await checkMember(tx, input.ownerMemberId, 'ownerMemberId');
    const changes: RecordChanges<'nonconformity_actions'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.dueDate !== undefined) changes.due_date = input.dueDate;
    if (input.outcome !== undefined) changes.outcome = input.outcome || null;
    const status = input.status ?? a.status;
    const outcome = input.outcome !== undefined ? input.outcome || null : a.outcome;
    if ((status === 'done' || status === 'cancelled') && !outcome) throw needsOutcome(status);
    if (input.completedOn !== undefined && status !== 'done')
      throw new AppError('INCONSISTENT_INPUT', 'Only a done action has a completion date.', [
        { pointer: '/body/completedOn', message: 'Leave it out unless the status is done.' },
      ]);
    if (input.status !== undefined) changes.status = input.status;
    if (status === 'done' && (a.status !== 'done' || input.completedOn !== undefined)) {
      changes.completed_on = input.completedOn ?? today(new Date(tx.now));
      changes.completed_by_member_id = tx.org.memberId;
    } else if (status !== 'done') {
      changes.completed_on = null;
      changes.completed_by_member_id = null;
    }
    const next: ActionRow = await updateRecord(tx, orgId, 'nonconformity_actions', a, changes);
    await followActions(tx, nc);
    return next;
  },
});
