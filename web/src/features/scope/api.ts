import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export interface Exclusion {
  item: string;
  justification: string;
}

export type ScopeVersion = Schema<'ScopeVersion'>;

export interface ScopeInput {
  statement: string;
  boundaries: string | null;
  exclusions: Exclusion[];
  aiRoles: string[];
  changeNote: string | null;
}

/** The AI roles of ISO/IEC 42001 (via ISO/IEC 22989), used when the catalogue does not list them. */
export const AI_ROLES = [
  'provider',
  'producer',
  'customer',
  'partner',
  'subject',
  'relevant_authority',
];

const base = (org: string) => `${orgPath(org)}/scope`;

export const scopeApi = {
  get: (org: string) =>
    request<{ current: ScopeVersion | null; draft: ScopeVersion | null }>('GET', base(org)),
  versions: (org: string) =>
    request<Page<ScopeVersion>>('GET', withQuery(`${base(org)}/versions`, { limit: 200 })),
  draft: (org: string, body: ScopeInput) =>
    request<ScopeVersion>('POST', `${base(org)}/versions`, { body }),
  edit: (org: string, v: ScopeVersion, body: Partial<ScopeInput>) =>
    request<ScopeVersion>('PATCH', `${base(org)}/versions/${seg(v.id)}`, {
      body,
      ifMatch: v.version,
    }),
  approve: (org: string, v: ScopeVersion) =>
    request<ScopeVersion>('POST', `${base(org)}/versions/${seg(v.id)}/approve`, {
      ifMatch: v.version,
    }),
};
