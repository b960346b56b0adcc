import type { OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { loadRecord } from '../../kernel/records.js';
import type { AuditRow, AuditStatus } from './schemas.js';
import { onTeam } from './views.js';

/**
 * The audit, in one of the states a step starts from; at the caller's expected version (If-Match)
 * unless the step changes a record of the audit rather than the audit itself.
 */
export async function loadAuditFor(
  tx: OrgTx,
  id: string,
  from: readonly AuditStatus[],
  step: string,
  versioned = true,
): Promise<AuditRow> {
  const a = await loadRecord(tx.db, 'audits', tx.org.orgId, id, 'audit');
  if (versioned) tx.expectVersion(a.version);
  if (!(from as readonly string[]).includes(a.status))
    throw new AppError(
      'INVALID_STATE',
      `Audit ${a.number} is ${a.status.replace(/_/g, ' ')}; to ${step} it, it must be ${from.map((s) => s.replace(/_/g, ' ')).join(' or ')}.`,
    );
  return a;
}

/** Only the audit's team (its lead auditor or one of its auditors) conducts it. */
export function assertOnTeam(tx: OrgTx, a: AuditRow, lead = false) {
  const ok = lead ? a.lead_auditor_member_id === tx.org.memberId : onTeam(a, tx.org.memberId);
  if (!ok)
    throw new AppError(
      'NOT_AUDITOR',
      lead
        ? `Only the lead auditor of audit ${a.number} may do this.`
        : `Only the auditors of audit ${a.number} may do this.`,
    );
}
