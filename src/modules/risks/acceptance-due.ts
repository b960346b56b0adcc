import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { acceptanceState, acceptRefusal, type AcceptanceRow, type RiskRow } from './acceptance.js';
import { criteriaFromRow, type Criteria } from './criteria.js';
import { assessedOpenRisks } from './queries-inbox.js';
import { criteriaByIds, latestAcceptances } from './queries.js';

/**
 * The residual risks whose acceptance is due: one the criteria ask for and nobody gave, one that
 * lapsed, or a valid one that lapses by `horizon` (to be renewed). What the inbox asks for
 * (src/modules/inbox/sources-work.ts) and what the risk list's "awaiting my acceptance" filter
 * shows: one predicate for both.
 */
export interface AcceptanceDue {
  risk: RiskRow;
  criteria: Criteria | undefined;
  latest: AcceptanceRow | undefined;
  state: 'needed' | 'expired' | 'valid';
}

export async function acceptancesDue(
  db: Kysely<DB>,
  orgId: string,
  day: { today: string; horizon: string },
  only?: readonly string[],
): Promise<AcceptanceDue[]> {
  const risks = await assessedOpenRisks(db, orgId, only);
  if (risks.length === 0) return [];
  const criteria = new Map(
    (await criteriaByIds(db, orgId, [...new Set(risks.map((r) => r.criteria_id))])).map((c) => [
      c.id,
      criteriaFromRow(c),
    ]),
  );
  const latest = await latestAcceptances(
    db,
    orgId,
    risks.map((r) => r.id),
  );
  const out: AcceptanceDue[] = [];
  for (const risk of risks) {
    const c = criteria.get(risk.criteria_id);
    const a = latest.get(risk.id);
    const { state } = acceptanceState(risk, c, a, day.today);
    const renewal = state === 'valid' && a !== undefined && a.expires_on <= day.horizon;
    if (state === 'needed' || state === 'expired' || renewal)
      out.push({ risk, criteria: c, latest: a, state });
  }
  return out;
}

/** Whether this member may give the acceptance that is due: their role, and not the risk's owner. */
export const mayAccept = (member: OrgAccess, due: AcceptanceDue) =>
  can(member, 'risks.accept') && acceptRefusal(due.risk, due.criteria, member.memberId) === null;

/** How far ahead an acceptance lapsing counts as due: the inbox's look-ahead (DUE_SOON_DAYS). */
export const ACCEPTANCE_NOTICE_DAYS = 14;

/** The ids of the risks whose acceptance waits for this member now. */
export async function awaitingAcceptanceOf(
  db: Kysely<DB>,
  access: OrgAccess,
  now: Date,
): Promise<string[]> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const due = await acceptancesDue(db, access.orgId, {
    today: day(now),
    horizon: day(new Date(now.getTime() + ACCEPTANCE_NOTICE_DAYS * 86_400_000)),
  });
  return due.filter((d) => mayAccept(access, d)).map((d) => d.risk.id);
}
