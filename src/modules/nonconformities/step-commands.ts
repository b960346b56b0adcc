import { orgCommand } from '../../kernel/commands.js';
import { updateRecord } from '../../kernel/records.js';
import { loadFor, recordStep } from './commands.js';
import { closeInput, reopenInput, verifyInput, type NcStatus } from './schemas.js';

/**
 * The effectiveness check (10.2 d), by a member who neither owns, planned nor did any corrective
 * action of the cycle (NOT_INDEPENDENT otherwise). Effective: the nonconformity may be closed.
 * Not effective: a new cycle starts, which needs corrective actions of its own; the actions done
 * so far stay as they were.
 */
export const verifyEffectiveness = orgCommand({
  action: 'nonconformities.verify',
  input: verifyInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'verify');
    if (input.effective) {
      const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
        status: 'effectiveness_verified' satisfies NcStatus,
        verified_by_member_id: tx.org.memberId,
        verified_at: tx.now,
      });
      await recordStep(tx, next, 'verified', input.note);
      return next;
    }
    // The step belongs to the cycle it judged; the new cycle starts after it.
    await recordStep(tx, nc, 'not_effective', input.note);
    return updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      status: 'reopened' satisfies NcStatus,
      cycle: nc.cycle + 1,
    });
  },
});

/** Closes a nonconformity whose corrective actions were found effective. */
export const closeNonconformity = orgCommand({
  action: 'nonconformities.close',
  input: closeInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'close');
    const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      status: 'closed' satisfies NcStatus,
      closed_at: tx.now,
    });
    await recordStep(tx, next, 'closed', input.note || null);
    return next;
  },
});

/**
 * Reopens a verified or closed nonconformity (it recurred, or the check was wrong): a new cycle
 * starts, with the reason as its first step. Everything recorded before stays, in the steps and
 * the ledger; the verification and closure no longer hold.
 */
export const reopenNonconformity = orgCommand({
  action: 'nonconformities.reopen',
  input: reopenInput,
  pathIds: ['nonconformityId'],
  async run(tx, input) {
    const { nc } = await loadFor(tx, input.nonconformityId, 'reopen');
    const next = await updateRecord(tx, tx.org.orgId, 'nonconformities', nc, {
      status: 'reopened' satisfies NcStatus,
      cycle: nc.cycle + 1,
      verified_by_member_id: null,
      verified_at: null,
      closed_at: null,
    });
    await recordStep(tx, next, 'reopened', input.reason);
    return next;
  },
});
