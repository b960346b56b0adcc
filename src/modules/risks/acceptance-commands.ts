import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { acceptanceInput, acceptRefusal } from './acceptance.js';
import { criteriaFromRow } from './criteria.js';
import { criteriaById } from './queries.js';
import { riskId } from './schemas.js';

/**
 * Accepts a residual risk (6.1.3) above the acceptance level of its criteria: by a manager or
 * owner who is not the risk's owner, with a justification and an expiry. Returns the risk, now
 * accepted.
 */
export const acceptRisk = orgCommand({
  action: 'risks.accept',
  input: acceptanceInput.extend({ riskId }),
  pathIds: ['riskId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'risks', orgId, input.riskId, 'risk');
    tx.expectVersion(r.version);
    const c = await criteriaById(tx.db, orgId, r.criteria_id);
    const refusal = acceptRefusal(r, c && criteriaFromRow(c), tx.org.memberId);
    if (refusal) throw refusal;
    if (input.expiresOn <= tx.now.slice(0, 10))
      throw new AppError('INVALID_EXPIRY', 'The acceptance must expire in the future.', [
        { pointer: '/body/expiresOn', message: 'Must be in the future.' },
      ]);
    await insertRecord(tx, orgId, 'risk_acceptances', {
      risk_id: r.id,
      accepted_by_member_id: tx.org.memberId,
      justification: input.justification,
      expires_on: input.expiresOn,
      residual_level: r.residual_level!,
      criteria_id: r.criteria_id,
    });
    return updateRecord(tx, orgId, 'risks', r, { status: 'accepted' });
  },
});
