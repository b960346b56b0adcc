import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord } from '../../kernel/records.js';
import {
  classifyIncident,
  closeIncident,
  createIncident,
  setIncidentStatus,
  updateIncident,
} from './commands.js';
import { incidentsFile } from './export.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { INCIDENT_SORTS, incidentsPage } from './queries.js';
import { base, entryRoutes, iParams, tag, viewAfter } from './entry-routes.js';
import { SEVERITIES, SOURCES, STATUSES } from './schemas.js';
import { incidentView } from './view-schemas.js';
import { incidentViewOf, incidentViews } from './views.js';

const written = { status: 200, schema: incidentView, description: 'The incident as it is now.' };

export const incidentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'incidents.export',
    summary: 'Incidents as CSV, XLSX or PDF, with their clocks and communications',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The incidents.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      return {
        file: await incidentsFile(services.database.db, access, query.format, services.now()),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'incidents.list',
    summary: 'Incidents, newest first, each with its reporting clocks',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(STATUSES).optional(),
      severity: z.enum(SEVERITIES).optional(),
      serious: z
        .enum(['true', 'false'])
        .optional()
        .describe('Only serious incidents, or only the others.'),
      source: z.enum(SOURCES).optional(),
      aiSystemId: uuid.optional().describe('Only incidents involving this AI system.'),
      q: searchParam,
      sort: sortParam(INCIDENT_SORTS),
    }),
    response: { status: 200, schema: page(incidentView), description: 'A page of incidents.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const serious = query.serious === undefined ? undefined : query.serious === 'true';
      const p = await incidentsPage(db, dialect, access.orgId, { ...query, serious }, query);
      return {
        body: {
          ...p,
          items: await incidentViews(db, access, p.items, services.now().toISOString()),
        },
      };
    },
  }),
  commandRoute({
    command: createIncident,
    method: 'POST',
    url: base,
    summary: 'Record an incident (it starts open)',
    tag,
    example: {
      title: 'Triage assistant ranked chest-pain cases as routine',
      description: 'Three patients with chest pain waited over an hour.',
      severity: 'high',
      harmTypes: ['health_and_safety'],
      affectedCount: 3,
      systems: [{ aiSystemId: exampleId('aiSystemId') }],
      detectedAt: '2026-03-01T08:30:00Z',
    },
    response: { status: 201, schema: incidentView, description: 'Recorded.' },
    errors: [422],
    view: viewAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:incidentId`,
    operationId: 'incidents.get',
    summary: 'One incident with its systems, risks and reporting clocks',
    tag,
    auth: 'org',
    action: 'incidents.read',
    params: iParams,
    response: { status: 200, schema: incidentView, description: 'The incident.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const i = await findRecord(db, 'incidents', access.orgId, params.incidentId);
      if (!i) throw notFound('incident');
      return {
        body: await incidentViewOf(db, access, i, services.now().toISOString()),
        etag: i.version,
      };
    },
  }),
  commandRoute({
    command: updateIncident,
    method: 'PATCH',
    url: `${base}/:incidentId`,
    summary: 'Change what is recorded about an incident (not once closed)',
    tag,
    example: {
      containment: 'Routing of chest-pain cases to the model switched off; nurses triage them.',
      rootCause: 'The 1.3 model under-weights free-text symptoms.',
    },
    ifMatch: true,
    response: written,
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: setIncidentStatus,
    method: 'POST',
    url: `${base}/:incidentId/status`,
    summary: 'Move an incident between open, contained and resolved',
    tag,
    example: { status: 'contained', note: 'The model no longer sees chest-pain cases.' },
    ifMatch: true,
    response: written,
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: classifyIncident,
    method: 'POST',
    url: `${base}/:incidentId/classify`,
    summary:
      'Decide whether an incident is serious (managers and owners); serious starts the reporting clocks',
    tag,
    example: {
      serious: true,
      seriousCase: 'other',
      reason: 'Serious harm to the health of patients (EU AI Act Art. 3(49)(a)).',
      awareAt: '2026-03-01T10:00:00Z',
    },
    ifMatch: true,
    response: written,
    errors: [409, 422],
    view: viewAfter,
  }),
  commandRoute({
    command: closeIncident,
    method: 'POST',
    url: `${base}/:incidentId/close`,
    summary:
      'Close a resolved incident (managers and owners): containment and root cause recorded, every clock fulfilled',
    tag,
    example: { note: 'Lessons taken into the risk register.' },
    ifMatch: true,
    response: written,
    errors: [409],
    view: viewAfter,
  }),
  ...entryRoutes,
];
