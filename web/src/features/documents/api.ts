import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export const DOCUMENT_KINDS = [
  'procedure',
  'plan',
  'record',
  'report',
  'register_snapshot',
  'other',
] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

/** The documented information of ISO/IEC 42001 a document may fulfil (readiness asks for each). */
export const DOCUMENT_PURPOSES: Record<string, string> = {
  aims_roles: '5.3 Roles and responsibilities of the AI management system',
  risk_assessment_process: '6.1.2 AI risk assessment process',
  risk_treatment_process: '6.1.3 AI risk treatment process',
  risk_treatment_plan: '6.1.3 AI risk treatment plan',
  impact_assessment_process: '6.1.4 AI system impact assessment process',
  objectives_plan: '6.2 Plans to achieve the AI objectives',
  resource_plan: '7.1 Resources of the AI management system',
  communication_plan: '7.4 Communication plan',
  communication_record: '7.4 Record of a communication',
  document_control: '7.5.3 Control of documented information',
  operational_criteria: '8.1 Criteria for the AI processes',
  outsourced_processes: '8.1 Control of externally provided processes',
};
export const PURPOSE_OPTIONS = [
  { value: '', label: 'None of these' },
  ...Object.entries(DOCUMENT_PURPOSES).map(([value, label]) => ({ value, label })),
];

export interface DocumentRecord {
  id: string;
  title: string;
  kind: string;
  ownerMemberId: string | null;
  classification: string;
  retentionMonths: number;
  sourceRegister: string | null;
  currentVersionId: string | null;
  /** The documented information it fulfils (a key of DOCUMENT_PURPOSES), or null. */
  purpose: string | null;
  /** What the caller may do with it now, as the server decides. */
  abilities: Schema<'Document'>['abilities'];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type DocumentVersion = Schema<'DocumentVersion'>;

export interface DocumentInput {
  title: string;
  kind: string;
  classification: string;
  retentionMonths: number;
  ownerMemberId?: string | null;
  content?: string;
  purpose?: string | null;
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
