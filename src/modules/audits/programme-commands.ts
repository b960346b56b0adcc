import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertEditable, assertStep } from '../../kernel/workflow.js';
import { lastProgrammeNumber, programmeIn } from './queries.js';
import {
  PROGRAMME_WORKFLOW,
  draftProgrammeInput,
  editProgrammeInput,
  programmeId,
} from './schemas.js';
import { z } from 'zod';

const periodRefusal = (start: string, end: string) =>
  end < start
    ? new AppError('INCONSISTENT_INPUT', 'The period ends before it starts.', [
        { pointer: '/body/periodEnd', message: 'Must be on or after the start of the period.' },
      ])
    : null;

/** Starts a new draft of the audit programme; one draft is open at a time. */
export const draftProgramme = orgCommand({
  action: 'audits.draft_programme',
  input: draftProgrammeInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const open = await programmeIn(tx.db, orgId, 'draft');
    if (open)
      throw new AppError(
        'INVALID_STATE',
        `Draft ${open.number} of the audit programme is open: edit or approve it first.`,
      );
    const refusal = periodRefusal(input.periodStart, input.periodEnd);
    if (refusal) throw refusal;
    return insertRecord(tx, orgId, 'audit_programmes', {
      number: (await lastProgrammeNumber(tx.db, orgId)) + 1,
      status: 'draft',
      period_start: input.periodStart,
      period_end: input.periodEnd,
      frequency: input.frequency,
      methods: input.methods,
      responsibilities: input.responsibilities,
      importance: input.importance,
      previous_results: input.previousResults,
      change_note: input.changeNote ?? null,
      author_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
    });
  },
});

/** Changes the open draft; an approved or superseded version is locked. */
export const editProgramme = orgCommand({
  action: 'audits.draft_programme',
  input: editProgrammeInput,
  pathIds: ['programmeId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await loadRecord(
      tx.db,
      'audit_programmes',
      orgId,
      input.programmeId,
      'audit programme version',
    );
    tx.expectVersion(v.version);
    assertEditable(PROGRAMME_WORKFLOW, v);
    const refusal = periodRefusal(
      input.periodStart ?? v.period_start,
      input.periodEnd ?? v.period_end,
    );
    if (refusal) throw refusal;
    const changes: RecordChanges<'audit_programmes'> = {};
    if (input.periodStart !== undefined) changes.period_start = input.periodStart;
    if (input.periodEnd !== undefined) changes.period_end = input.periodEnd;
    if (input.frequency !== undefined) changes.frequency = input.frequency;
    if (input.methods !== undefined) changes.methods = input.methods;
    if (input.responsibilities !== undefined) changes.responsibilities = input.responsibilities;
    if (input.importance !== undefined) changes.importance = input.importance;
    if (input.previousResults !== undefined) changes.previous_results = input.previousResults;
    if (input.changeNote !== undefined) changes.change_note = input.changeNote;
    return updateRecord(tx, orgId, 'audit_programmes', v, changes);
  },
});

/** A manager or owner other than the author approves the draft; it supersedes the one in force. */
export const approveProgramme = orgCommand({
  action: 'audits.approve_programme',
  input: z.object({ programmeId }).strict(),
  pathIds: ['programmeId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await loadRecord(
      tx.db,
      'audit_programmes',
      orgId,
      input.programmeId,
      'audit programme version',
    );
    tx.expectVersion(v.version);
    assertStep(PROGRAMME_WORKFLOW, 'approve', v, tx.org.memberId);
    const current = await programmeIn(tx.db, orgId, 'approved');
    if (current)
      await updateRecord(tx, orgId, 'audit_programmes', current, { status: 'superseded' });
    return updateRecord(tx, orgId, 'audit_programmes', v, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
  },
});
