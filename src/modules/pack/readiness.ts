import type { Database } from '../../db/connect.js';
import { openSnapshot } from '../../kernel/as-of.js';
import { ASSESSABLE, evaluate, type RequirementResult } from '../readiness/index.js';

/**
 * Readiness as of the pack's moment: evaluated on the organization's snapshot at event `upTo`
 * when the pack is of the past (null: the live records), with the clock of that moment, so due
 * dates are judged as they stood then.
 */
export async function readinessAsOf(
  live: Database,
  orgId: string,
  upTo: number | null,
  asOf: string,
): Promise<RequirementResult[]> {
  const past = upTo === null ? null : await openSnapshot(live, orgId, upTo);
  try {
    return await evaluate(past?.database.db ?? live.db, orgId, ASSESSABLE, asOf.slice(0, 10), asOf);
  } finally {
    past?.release();
  }
}
