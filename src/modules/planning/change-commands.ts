import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { checkVersion, defineCommand, type Tx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';

/**
 * Planned changes to the AIMS (6.3). A change is proposed with its purpose, possible consequences,
 * resources and responsibilities; a manager or owner other than the proposer approves or rejects
 * it, giving a reason for a rejection; an approved change is later recorded as implemented; the
 * proposer may withdraw it while it waits. Every step after the proposal is a row of
 * aims_change_decisions (who, when, why), so the record shows each decision, not only the last.
 */
export const CHANGE_STATES = [
  'proposed',
  'approved',
  'rejected',
  'implemented',
  'withdrawn',
] as const;
export const CHANGE_STEPS = ['approved', 'rejected', 'implemented', 'withdrawn'] as const;
type Step = (typeof CHANGE_STEPS)[number];
type ChangeRow = Row<'aims_changes'>;

const note = z.string().trim().max(5000);

export const proposeChange = defineCommand({
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
  async run(tx, input, scope) {
    return insertRecord(tx, scope.access!.orgId, 'aims_changes', {
      title: input.title,
      purpose: input.purpose,
      consequences: input.consequences ?? null,
      resources: input.resources ?? null,
      responsibilities: input.responsibilities ?? null,
      status: 'proposed',
      requested_by_member_id: await memberIdOf(tx, scope.access!),
      approver_member_id: null,
      approved_at: null,
      planned_on: input.plannedOn ?? null,
    });
  },
});

/** Moves the change to the step's status and records the step: who, why, and (as created_at) when. */
async function takeStep(
  tx: Tx,
  orgId: string,
  change: ChangeRow,
  step: Step,
  memberId: string | null,
  why: string | null | undefined,
  extra: Record<string, unknown> = {},
) {
  const next = await updateRecord(tx, orgId, 'aims_changes', change, { status: step, ...extra });
  await insertRecord(tx, orgId, 'aims_change_decisions', {
    change_id: change.id,
    decision: step,
    member_id: memberId,
    note: why || null,
  });
  return next;
}

async function loadChange(tx: Tx, orgId: string, changeId: string, ifMatch: number | undefined) {
  const c = await loadRow(tx, 'aims_changes', orgId, changeId, 'change');
  checkVersion(c.version, ifMatch);
  return c;
}

const FROM: Record<'approved' | 'rejected' | 'implemented', string> = {
  approved: 'proposed',
  rejected: 'proposed',
  implemented: 'approved',
};

export const decideChange = defineCommand({
  action: 'changes.decide',
  input: z
    .object({
      decision: z
        .enum(['approved', 'rejected', 'implemented'])
        .describe('Approve or reject a proposed change, or record an approved one as implemented.'),
      note: note
        .nullable()
        .optional()
        .describe(
          'The reason for the decision: required when rejecting; for an approval, any condition attached; for an implementation, what was done.',
        ),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.decision === 'rejected' && !v.note)
        ctx.addIssue({
          code: 'custom',
          path: ['note'],
          message: 'Say why the change is rejected.',
        });
    }),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const c = await loadChange(tx, orgId, scope.ids!.changeId!, scope.ifMatch);
    if (c.status !== FROM[input.decision])
      throw new AppError('INVALID_STATE', `A ${c.status} change cannot be ${input.decision}.`);
    const me = await memberIdOf(tx, scope.access!);
    if (input.decision === 'approved') assertNotAuthor(c.requested_by_member_id, me, 'change');
    // A proposer turning down their own change is a withdrawal, and is recorded as one.
    if (input.decision === 'rejected' && me !== null && me === c.requested_by_member_id) {
      throw new AppError(
        'SELF_APPROVAL',
        'The member who proposed this change may not reject it; they may withdraw it instead.',
      );
    }
    return takeStep(
      tx,
      orgId,
      c,
      input.decision,
      me,
      input.note,
      input.decision === 'approved' ? { approver_member_id: me, approved_at: tx.now } : {},
    );
  },
});

export const withdrawChange = defineCommand({
  action: 'changes.withdraw',
  input: z
    .object({ note: note.nullable().optional().describe('Why the proposal is withdrawn.') })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const c = await loadChange(tx, orgId, scope.ids!.changeId!, scope.ifMatch);
    const me = await memberIdOf(tx, scope.access!);
    if (me === null || me !== c.requested_by_member_id)
      throw new AppError('FORBIDDEN', 'Only the member who proposed a change may withdraw it.');
    if (c.status !== 'proposed')
      throw new AppError('INVALID_STATE', `A ${c.status} change cannot be withdrawn.`);
    return takeStep(tx, orgId, c, 'withdrawn', me, input.note);
  },
});
