// The incidents API: incidents with their reporting clocks, timeline, communications and reports,
// links to risks, the organization's open clocks and its NIS2 and DORA settings.
import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Answer,
  type Body,
  type Page,
  type SameValues,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';
import { allPages } from '../../lib/pages';

export {
  CLOCK_KEYS,
  SERIOUS_CASES,
  SEVERITIES,
  STATUSES,
  type Clock,
  type ClockKey,
  type ClockState,
  type IncidentStatus,
  type SeriousCase,
  type Severity,
} from './words';
import type { Clock, ClockKey, ClockState } from './words';
import { CLOCK_KEYS, SERIOUS_CASES, SEVERITIES, STATUSES } from './words';

export const HARM_TYPES = [
  'health_and_safety',
  'fundamental_rights',
  'property',
  'environment',
  'critical_infrastructure',
  'data_and_privacy',
  'financial',
  'other',
] as const;
export const SOURCES = [
  'internal',
  'monitoring',
  'concern',
  'customer',
  'supplier',
  'other',
] as const;
export const CHANNELS = [
  'email',
  'portal',
  'phone',
  'letter',
  'meeting',
  'website',
  'other',
] as const;

export type SystemRef = Incident['systems'][number];
export type Incident = Schema<'Incident'>;

/**
 * What the incident form sends: its fields hold the strings of the options the page offers (the
 * body types of the API are narrower: enums); the server checks the values (422).
 */
export type IncidentInput = Omit<Body<'incidents.create'>, 'source' | 'harmTypes'> & {
  source?: string;
  harmTypes?: string[];
};
export type TimelineEntry = Schema<'IncidentTimelineEntry'>;
export type Communication = Schema<'IncidentCommunication'>;
/** A message the page records: the channel is one of CHANNELS (the server checks it, 422). */
export type MessageInput = Omit<Body<'incidents.communicate'>, 'audience' | 'channel'> & {
  channel: string;
};
export type OpenClock = Schema<'OpenIncidentClock'>;
export type OpenClocks = Answer<'incidents.clocks'>;
export type IncidentSettings = Schema<'IncidentSettings'>;

// The lists the web keeps (for the order of the pickers) are the API's enums exactly: tsc fails
// when the server adds or drops a value.
const _severities: SameValues<(typeof SEVERITIES)[number], Incident['severity']> = true;
const _statuses: SameValues<(typeof STATUSES)[number], Incident['status']> = true;
const _cases: SameValues<
  (typeof SERIOUS_CASES)[number],
  NonNullable<Incident['seriousCase']>
> = true;
const _clocks: SameValues<(typeof CLOCK_KEYS)[number], Schema<'IncidentClock'>['key']> = true;
const _clockStates: SameValues<ClockState, Schema<'IncidentClock'>['state']> = true;
const _clock: SameValues<Clock, Schema<'IncidentClock'>> = true;
const _harm: SameValues<
  (typeof HARM_TYPES)[number],
  NonNullable<Body<'incidents.update'>['harmTypes']>[number]
> = true;
const _sources: SameValues<
  (typeof SOURCES)[number],
  NonNullable<Body<'incidents.create'>['source']>
> = true;
const _channels: SameValues<(typeof CHANNELS)[number], Communication['channel']> = true;

export interface IncidentFilter {
  q?: string | null;
  sort?: string | null;
  status?: string | null;
  severity?: string | null;
  serious?: string | null;
  aiSystemId?: string | null;
  cursor?: string | null;
}
type IncidentQuery = NonNullable<operations['incidents.list']['parameters']['query']>;

export type ModelVersion = Answer<'ai_models.list'>['items'][number];

const path = (org: string) => ({ path: { org } });
const one = (org: string, incidentId: string) => ({ path: { org, incidentId } });
type Versioned = Pick<Incident, 'id' | 'version'>;

/** Every item of a list, up to ten pages of 200. */
const all = async <T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> =>
  (await allPages((cursor) => page(cursor ?? undefined), 10)).items;

export const incidentsApi = {
  list: (org: string, f: IncidentFilter = {}, limit = 50) =>
    call(
      client.GET('/api/v1/orgs/{org}/incidents', {
        params: { ...path(org), query: { limit, ...listQuery<IncidentQuery>(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/incidents/{incidentId}', { params: one(org, id) })),
  create: (org: string, body: IncidentInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents', {
        params: path(org),
        body: body as Body<'incidents.create'>,
      }),
    ),
  update: (org: string, i: Versioned, body: Partial<IncidentInput>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/incidents/{incidentId}', {
        params: one(org, i.id),
        headers: ifMatch(i.version),
        body: body as Body<'incidents.update'>,
      }),
    ),
  setStatus: (org: string, i: Versioned, body: { status: string; note?: string }) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/status', {
        params: one(org, i.id),
        headers: ifMatch(i.version),
        // The page offers the statuses the server listed in nextStatuses; it refuses others (422).
        body: body as Body<'incidents.set_status'>,
      }),
    ),
  classify: (
    org: string,
    i: Versioned,
    body: { serious: boolean; seriousCase?: string; reason: string; awareAt?: string },
  ) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/classify', {
        params: one(org, i.id),
        headers: ifMatch(i.version),
        body: body as Body<'incidents.classify'>,
      }),
    ),
  close: (org: string, i: Versioned, body: Body<'incidents.close'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/close', {
        params: one(org, i.id),
        headers: ifMatch(i.version),
        body,
      }),
    ),
  timeline: (org: string, id: string) =>
    all((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/incidents/{incidentId}/timeline', {
          params: { path: { org, incidentId: id }, query: { limit: 200, cursor } },
        }),
      ),
    ),
  addEntry: (org: string, id: string, body: { kind: string; at?: string; entry: string }) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/timeline', {
        params: one(org, id),
        body: body as Body<'incidents.add_entry'>,
      }),
    ),
  communications: (org: string, id: string) =>
    all((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/incidents/{incidentId}/communications', {
          params: { path: { org, incidentId: id }, query: { limit: 200, cursor } },
        }),
      ),
    ),
  communicate: (org: string, id: string, body: MessageInput & { audience: string }) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/communications', {
        params: one(org, id),
        body: body as Body<'incidents.communicate'>,
      }),
    ),
  report: (org: string, id: string, body: MessageInput & { clock: ClockKey }) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/reports', {
        params: one(org, id),
        body: body as Body<'incidents.report'>,
      }),
    ),
  linkRisk: (org: string, id: string, riskId: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/incidents/{incidentId}/risks', {
        params: one(org, id),
        body: { riskId },
      }),
    ),
  unlinkRisk: (org: string, id: string, riskId: string) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/incidents/{incidentId}/risks/{riskId}', {
        params: { path: { org, incidentId: id, riskId } },
      }),
    ),
  openClocks: (org: string, limit = 20) =>
    call(
      client.GET('/api/v1/orgs/{org}/incident-clocks', {
        params: { ...path(org), query: { limit } },
      }),
    ),
  settings: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/incident-settings', { params: path(org) })),
  configure: (org: string, version: number, body: Body<'incidents.configure'>) =>
    call(
      client.PUT('/api/v1/orgs/{org}/incident-settings', {
        params: path(org),
        headers: ifMatch(version),
        body,
      }),
    ),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${orgPath(org)}/incidents/export`, { format })),
  /** The model versions recorded for an AI system. */
  models: (org: string, aiSystemId: string) =>
    all((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/ai-models', {
          params: { ...path(org), query: { limit: 200, aiSystemId, cursor } },
        }),
      ),
    ),
};
