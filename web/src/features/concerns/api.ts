import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export const CONCERN_STATES = [
  'received',
  'triage',
  'investigating',
  'resolved',
  'dismissed',
] as const;
export type ConcernStatus = (typeof CONCERN_STATES)[number];

export type Concern = Schema<'Concern'>;

export interface ReportInput {
  summary: string;
  details?: string;
  aiSystemId?: string;
  anonymous: boolean;
}

export interface TriageInput {
  status?: ConcernStatus;
  ownerMemberId?: string | null;
  aiSystemId?: string | null;
  outcome?: string | null;
}

export interface PublicReportInput {
  summary: string;
  details?: string;
  aiSystem?: string;
  contact?: string;
}

const base = (org: string) => `${orgPath(org)}/concerns`;
const publicBase = (org: string) => `/api/v1/public/orgs/${seg(org)}`;

/** What the holder of a reference may learn of a report: where it stands, and when. */
export interface ReportStatus {
  reference: string;
  status: ConcernStatus;
  closed: boolean;
  receivedAt: string;
  lastChangedAt: string;
  closedAt: string | null;
}

export const concernsApi = {
  list: (org: string, status: string | null, cursor?: string | null) =>
    request<Page<Concern>>('GET', withQuery(base(org), { limit: 50, status, cursor })),
  get: (org: string, id: string) => request<Concern>('GET', `${base(org)}/${seg(id)}`),
  report: (org: string, body: ReportInput) =>
    request<{ id: string; status: string }>('POST', base(org), { body }),
  triage: (org: string, c: Concern, body: TriageInput) =>
    request<Concern>('PATCH', `${base(org)}/${seg(c.id)}`, { body, ifMatch: c.version }),
  publicOrg: (org: string) =>
    request<{ name: string; slug: string }>('GET', publicBase(org), { own401: true }),
  publicStatus: (org: string, reference: string) =>
    request<ReportStatus>('GET', `${publicBase(org)}/concerns/${seg(reference)}`, {
      own401: true,
    }),
  reportPublic: (org: string, body: PublicReportInput) =>
    request<{ reference: string }>('POST', `${publicBase(org)}/concerns`, { body, own401: true }),
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
