// The dashboard in one call: every part the page shows, as far as the caller may read it (a part
// they may not read is null).
import { orgPath, request, type Schema } from '../../api';
import type { Counts } from '../readiness/api';

export type Dashboard = Schema<'Dashboard'>;

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
