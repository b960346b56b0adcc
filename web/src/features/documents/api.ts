import { call, client, ifMatch, type Body, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

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

export type DocumentRecord = Schema<'Document'>;
export type DocumentVersion = Schema<'DocumentVersion'>;
/** What the forms send: the server checks the values of the options the page offers (422). */
export type DocumentInput = Loose<Body<'documents.create'>>;
type Loose<T> = { [K in keyof T]?: NonNullable<T[K]> extends string ? string | null : T[K] };

export interface DocumentFilter {
  q?: string | null;
  sort?: string | null;
  kind?: string | null;
  /** 'me': only documents with a draft version waiting for the caller's approval. */
  awaiting?: string | null;
  cursor?: string | null;
}
type DocumentQuery = NonNullable<operations['documents.list']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, documentId: string) => ({ path: { org, documentId } });

export const documentsApi = {
  list: (org: string, f: DocumentFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/documents', {
        params: { ...path(org), query: { limit: 200, ...listQuery<DocumentQuery>({ ...f }) } },
      }),
    ),
  create: (org: string, body: DocumentInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/documents', {
        params: path(org),
        body: body as Body<'documents.create'>,
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/documents/{documentId}', { params: one(org, id) })),
  update: (org: string, d: DocumentRecord, body: DocumentInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/documents/{documentId}', {
        params: one(org, d.id),
        headers: ifMatch(d.version),
        body: body as Body<'documents.update'>,
      }),
    ),
  versions: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/documents/{documentId}/versions', {
        params: { ...one(org, id), query: { limit: 200 } },
      }),
    ),
  draft: (org: string, id: string, body: Body<'documents.draft'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/documents/{documentId}/versions', {
        params: one(org, id),
        body,
      }),
    ),
  approve: (org: string, v: DocumentVersion) =>
    call(
      client.POST('/api/v1/orgs/{org}/documents/{documentId}/versions/{versionId}/approve', {
        params: { path: { org, documentId: v.documentId, versionId: v.id } },
        headers: ifMatch(v.version),
      }),
    ),
};
