// The monitoring API: metrics of AI systems with their thresholds and breach rule, the series of
// points with a summary, breach episodes, the accuracy log of declared accuracy metrics.
import { call, client, ifMatch, orgPath, type Body, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';
import { allPages } from '../../lib/pages';

export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export const BREACH_ACTIONS = ['none', 'incident', 'nonconformity'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type BreachAction = (typeof BREACH_ACTIONS)[number];
export type PointStatus = Point['status'];

export type Breach = Schema<'MetricBreach'>;

/** A metric with the summary of its points, as the list and the metric page read it. */
export type Metric = Schema<'MetricWithSummary'>;
/** A metric as a change answers it: its definition, without the summary of its points. */
export type MetricDefinition = Schema<'Metric'>;

export type MetricInput = Partial<
  Omit<Metric, 'id' | 'abilities' | 'version' | 'createdAt' | 'updatedAt' | 'summary'>
>;

export type Point = Schema<'MetricPoint'>;

export type AccuracyLog = Schema<'AccuracyLog'>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, metricId: string) => ({ path: { org, metricId } });

/** The metrics list's search, filters and sort, as the server takes them. */
export interface MetricFilter {
  q?: string | null;
  aiSystemId?: string | null;
  status?: string | null;
  breachAction?: string | null;
  accuracy?: string | null;
  sort?: string | null;
  cursor?: string | null;
}
type MetricQuery = NonNullable<operations['monitoring.list']['parameters']['query']>;

export const monitoringApi = {
  /** One page of the metrics list. */
  list: (org: string, f: MetricFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/metrics', {
        params: { ...path(org), query: { limit: 50, ...listQuery<MetricQuery>(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/metrics/{metricId}', { params: one(org, id) })),
  define: (org: string, body: MetricInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/metrics', {
        params: path(org),
        body: body as Body<'monitoring.define'>,
      }),
    ),
  edit: (org: string, m: Metric, body: MetricInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/metrics/{metricId}', {
        params: one(org, m.id),
        headers: ifMatch(m.version),
        body: body as Body<'monitoring.edit'>,
      }),
    ),
  /** Points from an instant on (up to 2,000, oldest first): what the chart and its table show. */
  points: (org: string, id: string, from?: string) =>
    allPages(
      (cursor) =>
        call(
          client.GET('/api/v1/orgs/{org}/metrics/{metricId}/points', {
            params: {
              ...one(org, id),
              query: { limit: 200, ...(from ? { from } : {}), ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      10,
    ),
  breaches: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/metrics/{metricId}/breaches', { params: one(org, id) })),
  accuracyLog: (org: string, aiSystemId: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/accuracy-log', {
        params: { path: { org, aiSystemId } },
      }),
    ),
  accuracyExport: (org: string, aiSystemId: string, format: 'csv' | 'xlsx' | 'pdf') =>
    `${orgPath(org)}/ai-systems/${encodeURIComponent(aiSystemId)}/accuracy-log/export?format=${format}`,
};
