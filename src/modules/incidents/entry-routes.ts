import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord } from '../../kernel/records.js';
import { configureIncidents } from './commands.js';
import {
  addTimelineEntry,
  linkIncidentRisk,
  recordCommunication,
  recordReport,
  unlinkIncidentRisk,
} from './entry-commands.js';
import { communicationsPage, settingsRow, timelinePage } from './queries.js';
import type { IncidentRow } from './schemas.js';
import { communicationView, entryView, incidentView, settingsView } from './view-schemas.js';
import { clockSummary, clockSummaryView } from './open-clocks.js';
import {
  entryNames,
  incidentViewOf,
  toCommunicationView,
  toEntryView,
  toSettingsView,
} from './views.js';

export const base = '/api/v1/orgs/:org/incidents';
export const tag = 'incidents';
export const iParams = orgParam.extend({ incidentId: uuid });

/** The incident a command wrote, as this caller sees it now. */
export const viewAfter = (i: IncidentRow, { services, access }: Call<unknown, unknown, unknown>) =>
  incidentViewOf(services.database.db, access, i, services.now().toISOString());

/** 404 unless the organization has this incident. */
async function exists(call: Call<{ incidentId: string }, unknown, unknown>) {
  const db = call.services.database.db;
  if (!(await findRecord(db, 'incidents', call.access.orgId, call.params.incidentId)))
    throw notFound('incident');
}

/** The routes of what is added to an incident over time, the open clocks and the settings. */
export const entryRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/:incidentId/timeline`,
    operationId: 'incidents.timeline',
    summary: 'The timeline of an incident, in the order it was recorded (each entry has its time)',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: iParams,
    query: pageQuery,
    response: { status: 200, schema: page(entryView), description: 'A page of the timeline.' },
    async handler(call) {
      await exists(call);
      const { services, access, params, query } = call;
      const p = await timelinePage(services.database.db, access.orgId, params.incidentId, query);
      const namesOf = await entryNames(services.database.db, access, p.items);
      return { body: { ...p, items: p.items.map((r) => toEntryView(r, namesOf(r))) } };
    },
  }),
  commandRoute({
    command: addTimelineEntry,
    method: 'POST',
    url: `${base}/:incidentId/timeline`,
    summary: 'Add what happened or what was done to the timeline of an incident',
    tag,
    example: {
      kind: 'action',
      at: '2026-03-01T09:15:00Z',
      entry: 'On-call engineer switched chest-pain routing to the nurses.',
    },
    response: { status: 201, schema: entryView, description: 'Added.' },
    errors: [422],
    view: async (r, { services, access }) =>
      toEntryView(r, (await entryNames(services.database.db, access, [r]))(r)),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:incidentId/communications`,
    operationId: 'incidents.communications',
    summary: 'What was communicated about an incident, to whom and when',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: iParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(communicationView),
      description: 'A page of communications.',
    },
    async handler(call) {
      await exists(call);
      const { services, access, params, query } = call;
      const p = await communicationsPage(
        services.database.db,
        access.orgId,
        params.incidentId,
        query,
      );
      const namesOf = await entryNames(services.database.db, access, p.items);
      return { body: { ...p, items: p.items.map((r) => toCommunicationView(r, namesOf(r))) } };
    },
  }),
  commandRoute({
    command: recordCommunication,
    method: 'POST',
    url: `${base}/:incidentId/communications`,
    summary: 'Record a communication about an incident to an interested party or an authority',
    tag,
    example: {
      audience: 'interested_party',
      recipient: 'Patients affected and their GPs',
      sentAt: '2026-03-01T16:00:00Z',
      channel: 'letter',
      summary: 'What happened, what we changed, whom to contact.',
    },
    response: { status: 201, schema: communicationView, description: 'Recorded.' },
    errors: [422],
    view: async (r, { services, access }) =>
      toCommunicationView(r, (await entryNames(services.database.db, access, [r]))(r)),
  }),
  commandRoute({
    command: recordReport,
    method: 'POST',
    url: `${base}/:incidentId/reports`,
    summary:
      'Record a report to an authority that fulfils a reporting clock of a serious incident (managers and owners)',
    tag,
    example: {
      clock: 'ai_act_report',
      recipient: 'National market surveillance authority',
      sentAt: '2026-03-03T11:00:00Z',
      channel: 'portal',
      summary: 'Initial report under Art. 73(5); a complete report follows.',
      reference: 'MSA-2026-0042',
    },
    response: { status: 201, schema: communicationView, description: 'Recorded.' },
    errors: [409, 422],
    view: async (r, { services, access }) =>
      toCommunicationView(r, (await entryNames(services.database.db, access, [r]))(r)),
  }),
  commandRoute({
    command: linkIncidentRisk,
    method: 'POST',
    url: `${base}/:incidentId/risks`,
    summary: 'Link an incident to a risk; the risk falls due for review today',
    tag,
    example: { riskId: exampleId('riskId') },
    response: { status: 200, schema: incidentView, description: 'Linked; the incident.' },
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: unlinkIncidentRisk,
    method: 'DELETE',
    url: `${base}/:incidentId/risks/:riskId`,
    operationId: 'incidents.unlink_risk',
    summary: 'Remove the link between an incident and a risk',
    tag,
    response: { status: 204, schema: null, description: 'Unlinked.' },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/incident-clocks',
    operationId: 'incidents.clocks',
    summary:
      'The reporting clocks of the organization still waiting for a report, the soonest due first (overdue ones first of all)',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: orgParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('At most this many.'),
    }),
    response: {
      status: 200,
      schema: clockSummaryView,
      description: 'The open clocks.',
    },
    async handler({ services, access, query }) {
      return {
        body: await clockSummary(services.database.db, access.orgId, services.now(), query.limit),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/incident-settings',
    operationId: 'incidents.settings',
    summary: 'Whether NIS2 and DORA incident reporting apply to the organization',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: orgParam,
    response: { status: 200, schema: settingsView, description: 'The settings.' },
    async handler({ services, access }) {
      const r = await settingsRow(services.database.db, access.orgId);
      return { body: toSettingsView(r), etag: r?.version ?? 0 };
    },
  }),
  commandRoute({
    command: configureIncidents,
    method: 'PUT',
    url: '/api/v1/orgs/:org/incident-settings',
    summary:
      'Say whether NIS2 and DORA incident reporting apply (counts for incidents marked serious from now on)',
    tag,
    example: { nis2Applies: true, doraApplies: false, note: 'Essential entity (health sector).' },
    ifMatch: true,
    response: { status: 200, schema: settingsView, description: 'The settings.' },
    view: (r) => toSettingsView(r),
  }),
];
