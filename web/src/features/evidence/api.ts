import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export const TARGET_TYPES = [
  'control',
  'requirement',
  'framework_requirement',
  'risk',
  'ai_system',
  'incident',
] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface EvidenceLink {
  id: string;
  targetType: string;
  targetId: string;
}

export type Evidence = Schema<'Evidence'>;

export interface CustodyEvent {
  id: string;
  event: string;
  sha256: string | null;
  actor: string;
  at: string;
}

export interface EvidenceFilter {
  targetType?: string | null;
  targetId?: string | null;
  expiringBefore?: string | null;
  /** Search in the title and the file name. */
  q?: string | null;
  /** A field to sort by, `-field` descending; newest first without it. */
  sort?: string | null;
  cursor?: string | null;
  limit?: number;
}

const base = (org: string) => `${orgPath(org)}/evidence`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const evidenceApi = {
  list: (org: string, f: EvidenceFilter = {}) =>
    request<Page<Evidence>>('GET', withQuery(base(org), { limit: f.limit ?? 100, ...f })),
  get: (org: string, id: string) => request<Evidence>('GET', one(org, id)),
  /** `form` carries title, description, validFrom, validUntil and then the file, in that order. */
  upload: (org: string, form: FormData) =>
    request<Evidence>('POST', `${base(org)}/files`, { form }),
  addLink: (
    org: string,
    body: {
      kind: 'link';
      title: string;
      url: string;
      description?: string | null;
      validFrom?: string | null;
      validUntil?: string | null;
    },
  ) => request<Evidence>('POST', base(org), { body }),
  link: (org: string, id: string, body: { targetType: TargetType; targetId: string }) =>
    request<Evidence>('POST', `${one(org, id)}/links`, { body }),
  unlink: (org: string, id: string, linkId: string) =>
    request<void>('DELETE', `${one(org, id)}/links/${seg(linkId)}`),
  downloadHref: (org: string, id: string) => `${one(org, id)}/download`,
  custody: (org: string, id: string) =>
    request<Page<CustodyEvent>>('GET', withQuery(`${one(org, id)}/custody`, { limit: 200 })),
};

/** Today plus `days`, as YYYY-MM-DD in UTC. */
export const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
