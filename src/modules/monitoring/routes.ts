import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  page,
  pageQuery,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { resolveNames } from '../../kernel/names.js';
import { loadRecord } from '../../kernel/records.js';
import { uuidSchema } from '../../kernel/ids.js';
import { accuracyLog, accuracyLogFile, accuracyLogView } from './accuracy.js';
import { defineMetric, editMetric } from './commands.js';
import { ingestPoints } from './ingest.js';
import { breachesOf, METRIC_SORTS, metricsPage, pointsPage } from './queries.js';
import { metricWants, metricWithSummaryOf } from './read.js';
import { BREACH_ACTIONS, instant, metricId, POINT_STATUSES } from './schemas.js';
import {
  batchView,
  breachView,
  metricView,
  metricWithSummary,
  pointView,
  toBatchView,
  toBreachView,
  toMetricView,
  toPointView,
} from './views.js';

const tag = 'monitoring';
const base = '/api/v1/orgs/:org/metrics';
const mParams = orgParam.extend({ metricId });
const systemParams = orgParam.extend({ aiSystemId: uuidSchema });

export const monitoringRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'monitoring.list',
    summary:
      'Metrics, each with the latest value, its status and the breach in progress; search, filter and sort',
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the name and the description.'),
      aiSystemId: uuidSchema.optional().describe('Only the metrics of this AI system.'),
      status: z
        .enum([...POINT_STATUSES, 'no_data'])
        .optional()
        .describe('Only the metrics whose latest point has this status (no_data: no point yet).'),
      breachAction: z
        .enum(BREACH_ACTIONS)
        .optional()
        .describe('Only the metrics whose breach does this.'),
      accuracy: z
        .enum(['true', 'false'])
        .optional()
        .describe('true: only declared accuracy metrics (EU AI Act Art. 15); false: the others.'),
      sort: sortParam(METRIC_SORTS),
    }),
    response: { status: 200, schema: page(metricWithSummary), description: 'A page of metrics.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await metricsPage(db, dialect, access.orgId, query, query);
      const names = await resolveNames(db, access, metricWants(p.items));
      const items = [];
      for (const r of p.items) items.push(await metricWithSummaryOf(db, r, access, names));
      return { body: { ...p, items } };
    },
  }),
  commandRoute({
    command: defineMetric,
    method: 'POST',
    url: base,
    summary: 'Define a metric of an AI system: thresholds, what it serves, what a breach does',
    tag,
    example: {
      aiSystemId: exampleId('aiSystemId'),
      name: 'Top-1 accuracy on the weekly labelled sample',
      unit: '%',
      direction: 'higher_is_better',
      warnThreshold: 93,
      breachThreshold: 90,
      controlId: 'A.6.2.6',
      accuracy: true,
      declaredLevel: 95,
      breachAction: 'incident',
    },
    response: { status: 201, schema: metricView, description: 'The metric.' },
    errors: [422],
    view: (r, { access }) => toMetricView(r, access),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:metricId`,
    operationId: 'monitoring.get',
    summary: 'One metric with the summary of its series',
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: mParams,
    response: { status: 200, schema: metricWithSummary, description: 'The metric.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const r = await loadRecord(db, 'metric_definitions', access.orgId, params.metricId, 'metric');
      return { body: await metricWithSummaryOf(db, r, access), etag: r.version };
    },
  }),
  commandRoute({
    command: editMetric,
    method: 'PATCH',
    url: `${base}/:metricId`,
    operationId: 'monitoring.edit',
    summary: 'Change a metric (a new version of its definition; new points use it)',
    tag,
    example: { warnThreshold: 94, breachAction: 'nonconformity' },
    ifMatch: true,
    response: { status: 200, schema: metricView, description: 'The metric as it is now.' },
    errors: [422],
    view: (r, { access }) => toMetricView(r, access),
  }),
  commandRoute({
    command: ingestPoints,
    method: 'POST',
    url: `${base}/:metricId/points`,
    summary:
      'Push a batch of measurements (up to 10,000), idempotent by its key: each point is classified and a breach acted on',
    tag,
    example: {
      batchKey: 'nightly-eval-2026-03-01',
      points: [
        { at: '2026-03-01T02:00:00Z', value: 94.2 },
        { at: '2026-03-01T03:00:00Z', value: 93.8, note: 'Sample of 500 cases.' },
      ],
    },
    response: {
      status: 201,
      schema: batchView,
      description: 'The batch (the same answer when the same batch is sent again).',
    },
    errors: [409, 422],
    view: (r) => toBatchView(r.batch, r.breaches),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:metricId/points`,
    operationId: 'monitoring.points',
    summary: "A metric's points by time, oldest first",
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: mParams,
    query: pageQuery.extend({
      from: instant.optional().describe('Only points at or after this time.'),
      to: instant.optional().describe('Only points before this time.'),
    }),
    response: { status: 200, schema: page(pointView), description: 'A page of points.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      await loadRecord(db, 'metric_definitions', access.orgId, params.metricId, 'metric');
      const iso = (s?: string) => (s ? new Date(s).toISOString() : undefined);
      const p = await pointsPage(db, access.orgId, params.metricId, query, {
        from: iso(query.from),
        to: iso(query.to),
      });
      return { body: { ...p, items: p.items.map(toPointView) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:metricId/breaches`,
    operationId: 'monitoring.breaches',
    summary: "A metric's breach episodes, newest first, with the incident or nonconformity of each",
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: mParams,
    response: {
      status: 200,
      schema: z.object({ items: z.array(breachView) }),
      description: 'The breach episodes.',
    },
    async handler({ services, access, params }) {
      const db = services.database.db;
      await loadRecord(db, 'metric_definitions', access.orgId, params.metricId, 'metric');
      const rows = await breachesOf(db, access.orgId, params.metricId);
      return { body: { items: rows.map(toBreachView) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/accuracy-log',
    operationId: 'monitoring.accuracy_log',
    summary:
      'The accuracy log of an AI system: per model version, the declared accuracy metrics and every measurement',
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: systemParams,
    response: { status: 200, schema: accuracyLogView, description: 'The accuracy log.' },
    async handler({ services, access, params }) {
      return { body: await accuracyLog(services.database.db, access.orgId, params.aiSystemId) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/accuracy-log/export',
    operationId: 'monitoring.accuracy_log_export',
    summary: 'The accuracy log of an AI system as CSV, XLSX or PDF, one row per measurement',
    tag,
    auth: 'org',
    action: 'monitoring.read',
    params: systemParams,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The accuracy log.', files: FILE_TYPES },
    async handler({ services, access, params, query }) {
      return {
        file: await accuracyLogFile(
          services.database.db,
          access,
          params.aiSystemId,
          query.format,
          services.now(),
        ),
      };
    },
  }),
];
