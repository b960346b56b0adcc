// The dashboard in one call: every part the page shows, as far as the caller may read it (a part
// they may not read is null).
import { call, client, type Answer, type Schema } from '../../api';

export type Dashboard = Schema<'Dashboard'>;

export const dashboardApi = {
  get: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/dashboard', { params: { path: { org } } })),
};

/** One point of readiness over time: the overall figures as of `at` (the last point is now). */
export type HistoryPoint = Answer<'readiness.history'>['points'][number];

/** Readiness over time, fetched after the dashboard's first paint (its own call). */
export const historyApi = {
  get: (org: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/readiness/history', {
        params: { path: { org }, query: { points: 12 } },
      }),
    ),
};
