import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { AppError } from '../../kernel/errors.js';
import { aboveAcceptance, type Criteria } from './criteria.js';

/**
 * Acceptance of a residual risk (6.1.3): needed only above the acceptance level of the criteria
 * the risk was scored on; given by a manager or owner who is not the risk's owner; it lapses on
 * its expiry date and stops counting when the risk is re-assessed to another level.
 */
export type RiskRow = Row<'risks'>;
export type AcceptanceRow = Row<'risk_acceptances'>;

export const ACCEPTANCE_STATES = [
  'not_assessed',
  'not_needed',
  'needed',
  'valid',
  'expired',
] as const;
export type AcceptanceState = (typeof ACCEPTANCE_STATES)[number];

/**
 * Where the risk stands on acceptance today, given the criteria it was scored on and its latest
 * acceptance (if any); `counts` says whether that acceptance is the one the state is about.
 */
export function acceptanceState(
  r: RiskRow,
  c: Criteria | undefined,
  latest: AcceptanceRow | undefined,
  today: string,
): { state: AcceptanceState; counts: boolean } {
  if (!r.residual_level || !c) return { state: 'not_assessed', counts: false };
  if (!aboveAcceptance(c, r.residual_level)) return { state: 'not_needed', counts: false };
  if (latest && latest.residual_level === r.residual_level && latest.criteria_id === r.criteria_id)
    return { state: latest.expires_on < today ? 'expired' : 'valid', counts: true };
  return { state: 'needed', counts: false };
}

/**
 * Why `memberId` may not accept the risk now, or null when they may (their role aside): it must
 * be assessed (a residual level), above the acceptance level of its criteria, and accepted by a
 * member who is not its owner. A valid acceptance may be renewed.
 */
export function acceptRefusal(
  r: RiskRow,
  c: Criteria | undefined,
  memberId: string | null,
): AppError | null {
  if (!r.residual_level || !c)
    return new AppError('INVALID_STATE', 'Assess the residual risk before accepting it.');
  if (!aboveAcceptance(c, r.residual_level))
    return new AppError(
      'INVALID_STATE',
      `A ${r.residual_level} residual risk is within the acceptance level and needs no sign-off.`,
    );
  if (memberId === null)
    return new AppError('FORBIDDEN', 'Accepting a risk needs a member of the organization.');
  if (memberId === r.owner_member_id)
    return new AppError(
      'SELF_ACCEPTANCE',
      "The risk's owner may not accept it; another manager or owner must.",
    );
  return null;
}

export const acceptanceInput = z
  .object({
    justification: z
      .string()
      .trim()
      .min(1, 'Say why the risk is accepted.')
      .max(20_000)
      .describe('Why the residual risk is acceptable.'),
    expiresOn: z.iso
      .date()
      .describe('When the acceptance lapses and must be renewed (YYYY-MM-DD).'),
  })
  .strict();
