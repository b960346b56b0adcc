// The incidents API: incidents with their reporting clocks, timeline, communications and reports,
// links to risks, the organization's open clocks and its NIS2 and DORA settings.
import { orgPath, request, seg, withQuery, type Page, readHref, type Schema } from '../../api';
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
import type { Clock, ClockKey, Severity } from './words';

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

export interface SystemRef {
  aiSystemId: string;
  aiModelId: string | null;
}

export type Incident = Schema<'Incident'>;

export interface IncidentInput {
  title: string;
  description?: string | null;
  source?: string;
  sourceRef?: string | null;
  occurredAt?: string | null;
  detectedAt?: string;
  severity: Severity;
  harmTypes?: string[];
  affectedCount?: number | null;
  affectedDescription?: string | null;
  systems?: { aiSystemId: string; aiModelId?: string | null }[];
  containment?: string | null;
  rootCause?: string | null;
  nonconformityId?: string | null;
}

export interface TimelineEntry {
  id: string;
  incidentId: string;
  at: string;
  kind: string;
  entry: string;
  memberId: string | null;
  createdAt: string;
}

export interface Communication {
  id: string;
  incidentId: string;
  audience: 'interested_party' | 'authority';
  recipient: string;
  sentAt: string;
  channel: string;
  summary: string;
  reference: string | null;
  fulfils: ClockKey | null;
  memberId: string | null;
  createdAt: string;
}

export interface MessageInput {
  recipient: string;
  sentAt: string;
  channel: string;
  summary: string;
  reference?: string | null;
}

export interface OpenClock {
  incidentId: string;
  incidentTitle: string;
  severity: Severity;
  clock: Clock;
}

export type IncidentSettings = Schema<'IncidentSettings'>;

export interface IncidentFilter {
  q?: string | null;
  sort?: string | null;
  status?: string | null;
  severity?: string | null;
  serious?: string | null;
  aiSystemId?: string | null;
  cursor?: string | null;
}

export interface RiskChoice {
  id: string;
  title: string;
}

export interface ModelVersion {
  id: string;
  name: string;
  modelVersion: string;
}

const base = (org: string) => `${orgPath(org)}/incidents`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;
type Versioned = Pick<Incident, 'id' | 'version'>;

const all = async <T>(path: string, query: Record<string, string> = {}): Promise<T[]> =>
  (
    await allPages(
      (cursor) => request<Page<T>>('GET', withQuery(path, { ...query, limit: 200, cursor })),
      10,
    )
  ).items;

export const incidentsApi = {
  list: (org: string, f: IncidentFilter = {}, limit = 50) =>
    request<Page<Incident>>('GET', withQuery(base(org), { limit, ...f })),
  get: (org: string, id: string) => request<Incident>('GET', one(org, id)),
  create: (org: string, body: IncidentInput) => request<Incident>('POST', base(org), { body }),
  update: (org: string, i: Versioned, body: Partial<IncidentInput>) =>
    request<Incident>('PATCH', one(org, i.id), { body, ifMatch: i.version }),
  setStatus: (org: string, i: Versioned, body: { status: string; note?: string }) =>
    request<Incident>('POST', `${one(org, i.id)}/status`, { body, ifMatch: i.version }),
  classify: (
    org: string,
    i: Versioned,
    body: { serious: boolean; seriousCase?: string; reason: string; awareAt?: string },
  ) => request<Incident>('POST', `${one(org, i.id)}/classify`, { body, ifMatch: i.version }),
  close: (org: string, i: Versioned, body: { note?: string }) =>
    request<Incident>('POST', `${one(org, i.id)}/close`, { body, ifMatch: i.version }),
  timeline: (org: string, id: string) => all<TimelineEntry>(`${one(org, id)}/timeline`),
  addEntry: (org: string, id: string, body: { kind: string; at?: string; entry: string }) =>
    request<TimelineEntry>('POST', `${one(org, id)}/timeline`, { body }),
  communications: (org: string, id: string) => all<Communication>(`${one(org, id)}/communications`),
  communicate: (org: string, id: string, body: MessageInput & { audience: string }) =>
    request<Communication>('POST', `${one(org, id)}/communications`, { body }),
  report: (org: string, id: string, body: MessageInput & { clock: ClockKey }) =>
    request<Communication>('POST', `${one(org, id)}/reports`, { body }),
  linkRisk: (org: string, id: string, riskId: string) =>
    request<Incident>('POST', `${one(org, id)}/risks`, { body: { riskId } }),
  unlinkRisk: (org: string, id: string, riskId: string) =>
    request<void>('DELETE', `${one(org, id)}/risks/${seg(riskId)}`),
  openClocks: (org: string, limit = 20) =>
    request<{ items: OpenClock[]; overdue: number; total: number }>(
      'GET',
      withQuery(`${orgPath(org)}/incident-clocks`, { limit }),
    ),
  settings: (org: string) => request<IncidentSettings>('GET', `${orgPath(org)}/incident-settings`),
  configure: (
    org: string,
    version: number,
    body: { nis2Applies: boolean; doraApplies: boolean; note?: string | null },
  ) =>
    request<IncidentSettings>('PUT', `${orgPath(org)}/incident-settings`, {
      body,
      ifMatch: version,
    }),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${base(org)}/export`, { format })),
  /** The organization's risks, to link an incident to. */
  risks: (org: string) => all<RiskChoice>(`${orgPath(org)}/risks`),
  /** The model versions recorded for an AI system. */
  models: (org: string, aiSystemId: string) =>
    all<ModelVersion>(`${orgPath(org)}/ai-models`, { aiSystemId }),
};
