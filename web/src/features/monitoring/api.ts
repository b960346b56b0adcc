// The monitoring API: metrics of AI systems with their thresholds and breach rule, the series of
// points with a summary, breach episodes, the accuracy log of declared accuracy metrics.
import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';
import { allPages } from '../../lib/pages';

export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export const BREACH_ACTIONS = ['none', 'incident', 'nonconformity'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type BreachAction = (typeof BREACH_ACTIONS)[number];
export type PointStatus = 'ok' | 'warn' | 'breach';

export interface Breach {
  id: string;
  metricId: string;
  batchId: string;
  startedAt: string;
  startedValue: number;
  endedAt: string | null;
  action: BreachAction;
  incidentId: string | null;
  nonconformityId: string | null;
}

/** A metric with the summary of its points, as the list and the metric page read it. */
export type Metric = Schema<'MetricWithSummary'>;

export type MetricInput = Partial<
  Omit<Metric, 'id' | 'abilities' | 'version' | 'createdAt' | 'updatedAt' | 'summary'>
>;

export interface Point {
  id: string;
  at: string;
  value: number;
  status: PointStatus;
  aiModelId: string | null;
  note: string | null;
  batchId: string;
}

export type AccuracyLog = Schema<'AccuracyLog'>;

const base = (org: string) => `${orgPath(org)}/metrics`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const monitoringApi = {
  metrics: async (org: string, aiSystemId?: string) =>
    (
      await allPages((cursor) =>
        request<Page<Metric>>('GET', withQuery(base(org), { aiSystemId, limit: 200, cursor })),
      )
    ).items,
  get: (org: string, id: string) => request<Metric>('GET', one(org, id)),
  define: (org: string, body: MetricInput) => request<Metric>('POST', base(org), { body }),
  edit: (org: string, m: Metric, body: MetricInput) =>
    request<Metric>('PATCH', one(org, m.id), { body, ifMatch: m.version }),
  /** Points from an instant on (up to 2,000, oldest first): what the chart and its table show. */
  points: (org: string, id: string, from?: string) =>
    allPages(
      (cursor) =>
        request<Page<Point>>(
          'GET',
          withQuery(`${one(org, id)}/points`, { from, limit: 200, cursor }),
        ),
      10,
    ),
  breaches: (org: string, id: string) =>
    request<{ items: Breach[] }>('GET', `${one(org, id)}/breaches`),
  accuracyLog: (org: string, aiSystemId: string) =>
    request<AccuracyLog>('GET', `${orgPath(org)}/ai-systems/${seg(aiSystemId)}/accuracy-log`),
  accuracyExport: (org: string, aiSystemId: string, format: 'csv' | 'xlsx' | 'pdf') =>
    `${orgPath(org)}/ai-systems/${seg(aiSystemId)}/accuracy-log/export?format=${format}`,
};
