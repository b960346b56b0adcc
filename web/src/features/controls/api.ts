import { orgPath, request, seg, withQuery, type Page, readHref, type Schema } from '../../api';
import { allPages } from '../../lib/pages';

export const IMPLEMENTATION = ['not_started', 'planned', 'partial', 'implemented'] as const;
export type Implementation = (typeof IMPLEMENTATION)[number] | 'not_applicable';

export interface SoaEntry {
  controlId: string;
  title: string;
  domain: string | null;
  custom: boolean;
  applicable: boolean | null;
  justification: string | null;
  implementationStatus: Implementation | null;
  ownerMemberId: string | null;
  notes: string | null;
  riskIds: string[];
  evidence: { valid: number; expired: number };
  /** What the caller may do with the control now, as the server decides. */
  abilities: Schema<'SoaEntry'>['abilities'];
  version: number;
}

export interface SoaDecision {
  applicable: boolean;
  justification: string;
  implementationStatus?: Implementation;
  ownerMemberId?: string | null;
  notes?: string | null;
}

export type SoaVersion = Schema<'SoaVersion'>;

/** Annex A domains by their identifier, for headings. */
export const DOMAINS: Record<string, string> = {
  'A.2': 'Policies related to AI',
  'A.3': 'Internal organization',
  'A.4': 'Resources for AI systems',
  'A.5': 'Assessing impacts of AI systems',
  'A.6': 'AI system life cycle',
  'A.7': 'Data for AI systems',
  'A.8': 'Information for interested parties',
  'A.9': 'Use of AI systems',
  'A.10': 'Third-party and customer relationships',
};

const base = (org: string) => `${orgPath(org)}/soa`;

export const soaApi = {
  // Annex A has 38 controls; the organization's own come on top, so follow the cursor.
  list: async (org: string) =>
    (
      await allPages((cursor) =>
        request<Page<SoaEntry>>('GET', withQuery(base(org), { limit: 200, cursor })),
      )
    ).items,
  decide: (org: string, e: Pick<SoaEntry, 'controlId' | 'version'>, body: SoaDecision) =>
    request<SoaEntry>('PUT', `${base(org)}/${seg(e.controlId)}`, {
      body,
      ...(e.version > 0 ? { ifMatch: e.version } : {}),
    }),
  addControl: (org: string, body: { controlId: string; title: string; justification: string }) =>
    request<SoaEntry>('POST', `${base(org)}/controls`, { body }),
  exportHref: (org: string, format: 'xlsx' | 'pdf' | 'csv') =>
    readHref(withQuery(`${base(org)}/export`, { format })),
  versions: (org: string) =>
    request<Page<SoaVersion>>('GET', withQuery(`${orgPath(org)}/soa-versions`, { limit: 50 })),
  freeze: (org: string, changeNote: string | null) =>
    request<SoaVersion>('POST', `${orgPath(org)}/soa-versions`, { body: { changeNote } }),
  approve: (org: string, v: SoaVersion) =>
    request<SoaVersion>('POST', `${orgPath(org)}/soa-versions/${seg(v.id)}/approve`, {
      ifMatch: v.version,
    }),
};
