import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  today,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import {
  createImprovementInput,
  decideImprovementInput,
  decideRefusal,
  editRefusal,
  updateImprovementInput,
} from './improvement-schemas.js';
import { checkMember, checkSource } from './references.js';

/** Logs an opportunity for improvement (10.1); it waits for a decision. */
export const createImprovement = orgCommand({
  action: 'improvements.create',
  input: createImprovementInput,
  async run(tx, input) {
    await checkSource(tx, input.sourceType, input.sourceId, 'suggestion');
    await checkMember(tx, input.ownerMemberId, 'ownerMemberId');
    return insertRecord(tx, tx.org.orgId, 'improvements', {
      title: input.title,
      description: input.description ?? null,
      source_type: input.sourceType,
      source_id: input.sourceId ?? null,
      owner_member_id: input.ownerMemberId ?? null,
      decision: 'pending',
      decision_note: null,
      decided_by_member_id: null,
      decided_at: null,
      status: 'open',
      due_date: input.dueDate ?? null,
      completed_on: null,
    });
  },
});

/** Changes an opportunity; work on it (in progress, done) needs it adopted first. */
export const updateImprovement = orgCommand({
  action: 'improvements.update',
  input: updateImprovementInput,
  pathIds: ['improvementId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'improvements', orgId, input.improvementId, 'improvement');
    tx.expectVersion(r.version);
    const refusal = editRefusal(r);
    if (refusal) throw refusal;
    await checkMember(tx, input.ownerMemberId, 'ownerMemberId');
    const status = input.status ?? r.status;
    if (status !== 'open' && r.decision !== 'adopted')
      throw new AppError('INCONSISTENT_INPUT', 'Work starts once the opportunity is adopted.', [
        { pointer: '/body/status', message: 'Adopt it first.' },
      ]);
    if (input.completedOn !== undefined && status !== 'done')
      throw new AppError('INCONSISTENT_INPUT', 'Only a done improvement has a completion date.', [
        { pointer: '/body/completedOn', message: 'Leave it out unless the status is done.' },
      ]);
    const changes: RecordChanges<'improvements'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.dueDate !== undefined) changes.due_date = input.dueDate;
    if (input.status !== undefined) changes.status = input.status;
    if (status === 'done' && (r.status !== 'done' || input.completedOn !== undefined))
      changes.completed_on = input.completedOn ?? today(new Date(tx.now));
    else if (status !== 'done') changes.completed_on = null;
    return updateRecord(tx, orgId, 'improvements', r, changes);
  },
});

/** A manager or owner adopts, defers (with why) or rejects (with why, closing it) an opportunity. */
export const decideImprovement = orgCommand({
  action: 'improvements.decide',
  input: decideImprovementInput,
  pathIds: ['improvementId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'improvements', orgId, input.improvementId, 'improvement');
    tx.expectVersion(r.version);
    const refusal = decideRefusal(r);
    if (refusal) throw refusal;
    const note = input.note || null;
    if (input.decision !== 'adopted' && !note)
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
        { pointer: '/body/note', message: `Say why it is ${input.decision}.` },
      ]);
    return updateRecord(tx, orgId, 'improvements', r, {
      decision: input.decision,
      decision_note: note,
      decided_by_member_id: tx.org.memberId,
      decided_at: tx.now,
      status: input.decision === 'rejected' ? 'closed' : 'open',
    });
  },
});
