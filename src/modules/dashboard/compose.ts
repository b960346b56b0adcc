import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import type { Action } from '../../kernel/permissions.js';
import { today } from '../../kernel/records.js';
import { openConcernCount } from '../concerns/index.js';
import { evidenceList } from '../evidence/index.js';
import { clockSummary } from '../incidents/index.js';
import { policiesPage, policyCounts, toPolicyView } from '../policies/index.js';
import {
  frameworksFor,
  gapsPage,
  perOrgState,
  readinessFor,
  summarize,
} from '../readiness/index.js';
import { competenceGaps, systemsByStage } from '../registers/index.js';
import { riskOverview } from '../risks/index.js';
import { scopeStatus } from '../scope/index.js';
import type { DashboardView } from './schemas.js';

const DAY = 86_400_000;

type Shared = Omit<DashboardView, 'incidentClocks'>;

/**
 * The dashboard: each part is what its own route answers the same caller (through the same
 * functions), or null when the caller may not perform that route's read action.
 *
 * Shared like readiness (src/modules/readiness/shared.ts): every record the parts read is
 * ledgered, so the ledger head and the minute name the state; the parts are computed once per
 * head, minute and caller (views carry the caller's abilities, which depend on who they are) and
 * concurrent requests share the computation in flight. The head is read first, so a write during
 * the computation moves it and the next request computes again. The reporting clocks count down by
 * the second: they are read fresh on every request (one query over open serious incidents).
 */
const shared = perOrgState<Shared>(1_000);

export async function dashboardOf(
  db: Kysely<DB>,
  access: OrgAccess,
  now: Date,
): Promise<DashboardView> {
  const who = JSON.stringify([
    access.memberId,
    access.role,
    access.scopes ?? null,
    access.systems ?? null,
  ]);
  const [parts, incidentClocks] = await Promise.all([
    shared(db, access.orgId, now, who, () => computeShared(db, access, now)),
    can(access, 'incidents.read') ? clockSummary(db, access.orgId, now, 10) : null,
  ]);
  return { ...parts, incidentClocks };
}

async function computeShared(db: Kysely<DB>, access: OrgAccess, now: Date): Promise<Shared> {
  const day = today(now);
  const when = <T>(action: Action, f: () => Promise<T>): Promise<T | null> =>
    can(access, action) ? f() : Promise.resolve(null);
  const before = today(new Date(now.getTime() + 30 * DAY));
  const [results, frameworks, aiSystems, policies, scope, concerns, competences] =
    await Promise.all([
      readinessFor(db, access, now),
      frameworksFor(db, access, now),
      when('ai_systems.read', async () => {
        const byStage = await systemsByStage(db, access.orgId);
        return { total: byStage.reduce((n, s) => n + s.count, 0), byStage };
      }),
      when('policies.read', async () => {
        const counts = await policyCounts(db, access.orgId, day);
        const page = await policiesPage(
          db,
          access.orgId,
          { limit: 10 },
          { overdue: 'true', today: day },
        );
        return { ...counts, overdueItems: page.items.map((r) => toPolicyView(r, day, access)) };
      }),
      when('scope.read', () => scopeStatus(db, access)),
      when('concerns.read', async () => ({ open: await openConcernCount(db, access.orgId) })),
      when('competences.read', async () => ({
        membersMissing: (
          await competenceGaps(db, access.orgId, day, undefined, Number.MAX_SAFE_INTEGER)
        ).length,
      })),
    ]);
  const [evidenceExpiring, risks] = await Promise.all([
    when('evidence.read', async () => {
      const p = await evidenceList(db, access, { limit: 20, expiringBefore: before }, day);
      return { before, items: p.items, more: p.nextCursor !== null };
    }),
    when('risks.read', () => riskOverview(db, access, day)),
  ]);
  const { overall, byGroup } = summarize(results);
  return {
    readiness: { overall, byGroup },
    gaps: gapsPage(results, 10),
    frameworks: frameworks.map(({ entries: _entries, ...totals }) => totals),
    aiSystems,
    policies,
    scope,
    concerns,
    competences,
    evidenceExpiring,
    risks,
  };
}
