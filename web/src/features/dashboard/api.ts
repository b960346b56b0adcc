// The dashboard in one call: every part the page shows, as far as the caller may read it (a part
// they may not read is null).
import { orgPath, request, type Page } from '../../api';
import type { Evidence } from '../evidence/api';
import type { OpenClock } from '../incidents/api';
import type { Policy } from '../policies/api';
import type { Counts, FrameworkTotals, Requirement } from '../readiness/api';
import type { Overview } from '../risks/api';
import type { ScopeVersion } from '../scope/api';

export interface Dashboard {
  readiness: { overall: Counts; byGroup: (Counts & { id: string })[] };
  gaps: Page<Requirement>;
  frameworks: FrameworkTotals[];
  aiSystems: { total: number; byStage: { stage: string | null; count: number }[] } | null;
  policies: { total: number; unpublished: number; overdue: number; overdueItems: Policy[] } | null;
  scope: { current: ScopeVersion | null; draft: ScopeVersion | null } | null;
  concerns: { open: number } | null;
  competences: { membersMissing: number } | null;
  evidenceExpiring: { before: string; items: Evidence[]; more: boolean } | null;
  risks: Overview | null;
  incidentClocks: { items: OpenClock[]; overdue: number; total: number } | null;
}

export const dashboardApi = {
  get: (org: string) => request<Dashboard>('GET', `${orgPath(org)}/dashboard`),
};

/** One point of readiness over time: the overall figures as of `at` (the last point is now). */
export interface HistoryPoint extends Counts {
  at: string;
  seq: number;
}

/** Readiness over time, fetched after the dashboard's first paint (its own call). */
export const historyApi = {
  get: (org: string) =>
    request<{ interval: 'week' | 'month'; points: HistoryPoint[] }>(
      'GET',
      `${orgPath(org)}/readiness/history?points=12`,
    ),
};
