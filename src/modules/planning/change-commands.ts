import { z } from 'zod';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertStep } from '../../kernel/workflow.js';
import {
  asWorkflowRecord,
  CHANGE_WORKFLOW,
  changeId,
  changeNote,
  type ChangeRow,
  type ChangeStep,
} from './schemas.js';

/**
 * Planned changes to the AIMS (6.3). Every step after the proposal is a row of
 * aims_change_decisions (who, when, why), so the record shows each decision, not only the last.
 */
export const proposeChange = orgCommand({
  action: 'changes.propose',
  input: z
    .object({
      title: z.string().trim().min(1).max(300),
      purpose: z
        .string()
        .trim()
        .min(1, 'Say why the change is needed.')
        .max(20_000)
        .describe('Why the change is needed.'),
      consequences: z
        .string()
        .max(20_000)
        .nullable()
        .optional()
        .describe('What it may affect, and how.'),
      resources: z.string().max(20_000).nullable().optional().describe('What it needs.'),
      responsibilities: z.string().max(20_000).nullable().optional().describe('Who does what.'),
      plannedOn: z.iso.date().nullable().optional().describe('When it is planned (YYYY-MM-DD).'),
    })
    .strict(),
  run: (tx, input) =>
    insertRecord(tx, tx.org.orgId, 'aims_changes', {
      title: input.title,
      purpose: input.purpose,
      consequences: input.consequences ?? null,
      resources: input.resources ?? null,
      responsibilities: input.responsibilities ?? null,
      status: 'proposed',
      requested_by_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
      planned_on: input.plannedOn ?? null,
    }),
});

/** Moves the change to the step's status and records the step: who, why, and (as created_at) when. */
async function recordStep(
  tx: OrgTx,
  change: ChangeRow,
  step: ChangeStep,
  why: string | null | undefined,
  extra: RecordChanges<'aims_changes'> = {},
) {
  const orgId = tx.org.orgId;
  const next = await updateRecord(tx, orgId, 'aims_changes', change, { status: step, ...extra });
  await insertRecord(tx, orgId, 'aims_change_decisions', {
    change_id: change.id,
    decision: step,
    member_id: tx.org.memberId,
    note: why || null,
  });
  return next;
}

/** The workflow step each decision takes. */
const STEP = { approved: 'approve', rejected: 'reject', implemented: 'implement' } as const;

/**
 * A manager or owner other than the proposer approves or rejects a proposed change (a rejection
 * needs its reason), or records an approved change as implemented.
 */
export const decideChange = orgCommand({
  action: 'changes.decide',
  input: z
    .object({
      decision: z
        .enum(['approved', 'rejected', 'implemented'])
        .describe('Approve or reject a proposed change, or record an approved one as implemented.'),
      note: changeNote
        .nullable()
        .optional()
        .describe(
          'The reason for the decision: required when rejecting; for an approval, any condition attached; for an implementation, what was done.',
        ),
      changeId,
    })
    .strict(),
  pathIds: ['changeId'],
  async run(tx, input) {
    if (input.decision === 'rejected' && !input.note)
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
        { pointer: '/body/note', message: 'Say why the change is rejected.' },
      ]);
    const c = await loadRecord(tx.db, 'aims_changes', tx.org.orgId, input.changeId, 'change');
    tx.expectVersion(c.version);
    assertStep(CHANGE_WORKFLOW, STEP[input.decision], asWorkflowRecord(c), tx.org.memberId);
    return recordStep(
      tx,
      c,
      input.decision,
      input.note,
      input.decision === 'approved'
        ? { approver_member_id: tx.org.memberId, approved_at: tx.now }
        : {},
    );
  },
});

/** The proposer, and only they, withdraws a change while it waits for a decision. */
export const withdrawChange = orgCommand({
  action: 'changes.withdraw',
  input: z
    .object({
      note: changeNote.nullable().optional().describe('Why the proposal is withdrawn.'),
      changeId,
    })
    .strict(),
  pathIds: ['changeId'],
  async run(tx, input) {
    const c = await loadRecord(tx.db, 'aims_changes', tx.org.orgId, input.changeId, 'change');
    tx.expectVersion(c.version);
    assertStep(CHANGE_WORKFLOW, 'withdraw', asWorkflowRecord(c), tx.org.memberId);
    return recordStep(tx, c, 'withdrawn', input.note);
  },
});
