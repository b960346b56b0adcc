import {
  call,
  client,
  ifMatch,
  type Answer,
  type Body,
  type Schema,
  type SameValues,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

export const CONCERN_STATES = [
  'received',
  'triage',
  'investigating',
  'resolved',
  'dismissed',
] as const;
export type Concern = Schema<'Concern'>;
export type ConcernStatus = Concern['status'];
// The list above is the API's enum exactly (tsc fails when the server changes it).
const _states: SameValues<(typeof CONCERN_STATES)[number], ConcernStatus> = true;

export type ReportInput = Body<'concerns.report'>;
export type TriageInput = Body<'concerns.triage'>;
export type PublicReportInput = Body<'concerns.report_public'>;
/** What the holder of a reference may learn of a report: where it stands, and when. */
export type ReportStatus = Answer<'concerns.status_public'>;

export interface ConcernFilter {
  q?: string | null;
  sort?: string | null;
  status?: string | null;
  cursor?: string | null;
}
type ConcernQuery = NonNullable<operations['concerns.list']['parameters']['query']>;
const query = (f: ConcernFilter) => listQuery<ConcernQuery>(f);
const path = (org: string) => ({ path: { org } });

export const concernsApi = {
  list: (org: string, f: ConcernFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/concerns', {
        params: { ...path(org), query: { limit: 50, ...query(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/concerns/{concernId}', {
        params: { path: { org, concernId: id } },
      }),
    ),
  report: (org: string, body: ReportInput) =>
    call(client.POST('/api/v1/orgs/{org}/concerns', { params: path(org), body })),
  triage: (org: string, c: Concern, body: TriageInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/concerns/{concernId}', {
        params: { path: { org, concernId: c.id } },
        headers: ifMatch(c.version),
        body,
      }),
    ),
  publicOrg: (org: string) => call(client.GET('/api/v1/public/orgs/{org}', { params: path(org) })),
  publicStatus: (org: string, reference: string) =>
    call(
      client.GET('/api/v1/public/orgs/{org}/concerns/{concernId}', {
        params: { path: { org, concernId: reference } },
      }),
    ),
  reportPublic: (org: string, body: PublicReportInput) =>
    call(client.POST('/api/v1/public/orgs/{org}/concerns', { params: path(org), body })),
};

/** The address of the organization's public page for reporting a concern. */
export const publicReportUrl = (slug: string) =>
  `${window.location.origin}/report/${encodeURIComponent(slug)}`;

export const STATUS_TONE: Record<
  ConcernStatus,
  'neutral' | 'info' | 'success' | 'warning' | 'danger'
> = {
  received: 'warning',
  triage: 'info',
  investigating: 'info',
  resolved: 'success',
  dismissed: 'neutral',
};
