import { orgPath, request, seg, withQuery, type Page } from '../../api';

export const DOCUMENT_KINDS = [
  'procedure',
  'plan',
  'record',
  'report',
  'register_snapshot',
  'other',
] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

export interface DocumentRecord {
  id: string;
  title: string;
  kind: string;
  ownerMemberId: string | null;
  classification: string;
  retentionMonths: number;
  sourceRegister: string | null;
  currentVersionId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentVersion {
  id: string;
  documentId: string;
  number: number;
  status: 'draft' | 'approved';
  content: string;
  contentType: string;
  contentSha256: string;
  changeNote: string | null;
  authorMemberId: string | null;
  approverMemberId: string | null;
  approvedAt: string | null;
  /** What the signed-in member may do with this version now, as the server decides. */
  abilities: { approve: boolean };
  version: number;
  createdAt: string;
}

export interface DocumentInput {
  title: string;
  kind: string;
  classification: string;
  retentionMonths: number;
  ownerMemberId?: string | null;
  content?: string;
}

const base = (org: string) => `${orgPath(org)}/documents`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const documentsApi = {
  list: (org: string, cursor?: string | null) =>
    request<Page<DocumentRecord>>('GET', withQuery(base(org), { limit: 200, cursor })),
  create: (org: string, body: DocumentInput) =>
    request<{ document: DocumentRecord; version: DocumentVersion }>('POST', base(org), { body }),
  get: (org: string, id: string) => request<DocumentRecord>('GET', one(org, id)),
  update: (org: string, d: DocumentRecord, body: Partial<DocumentInput>) =>
    request<DocumentRecord>('PATCH', one(org, d.id), { body, ifMatch: d.version }),
  versions: (org: string, id: string) =>
    request<Page<DocumentVersion>>('GET', withQuery(`${one(org, id)}/versions`, { limit: 200 })),
  draft: (org: string, id: string, body: { content: string; changeNote?: string | null }) =>
    request<DocumentVersion>('POST', `${one(org, id)}/versions`, { body }),
  approve: (org: string, v: DocumentVersion) =>
    request<DocumentVersion>('POST', `${one(org, v.documentId)}/versions/${seg(v.id)}/approve`, {
      ifMatch: v.version,
    }),
};
