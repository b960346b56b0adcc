import { orgPath, request, seg, withQuery, type Page, readHref, type Schema } from '../../api';
import { allPages } from '../../lib/pages';

export const AFFECTED = ['individuals', 'groups', 'society'] as const;
export const DIMENSIONS = [
  'fairness',
  'privacy',
  'safety',
  'human_rights',
  'autonomy',
  'transparency',
  'environment',
  'employment',
  'other',
] as const;
export const ASSESSMENT_STATUSES = ['draft', 'approved', 'superseded'] as const;

// The words live with the server's exports (src/labels.ts), so files and screens agree.
export {
  AFFECTED as AFFECTED_LABEL,
  IMPACT_LIKELIHOOD as LIKELIHOOD_LABEL,
  IMPACT_SEVERITY as SEVERITY_LABEL,
} from '../../../../src/labels.js';

export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export type ImpactAssessment = Schema<'ImpactAssessment'>;

export type Impact = Schema<'Impact'>;

export interface AssessmentInput {
  aiSystemId: string;
  aiModelId?: string | null;
  title: string;
  summary?: string | null;
  dpiaReference?: string | null;
  reviewCycleMonths?: number;
}

export type AssessmentChange = Partial<
  Pick<AssessmentInput, 'aiModelId' | 'title' | 'summary' | 'dpiaReference' | 'reviewCycleMonths'>
>;

export interface ImpactInput {
  affected: string;
  dimension: string;
  description: string;
  severity: number;
  likelihood: number;
  mitigation?: string | null;
  riskIds: string[];
  controlIds: string[];
}

export interface AssessmentFilter {
  aiSystemId?: string | null;
  status?: string | null;
  /** 'true': only those due again; 'false': only the others. */
  due?: string | null;
  cursor?: string | null;
}

export interface Control {
  id: string;
  title: string;
  domain: string;
}

export interface RiskChoice {
  id: string;
  title: string;
  aiSystemIds: string[];
}

export interface ModelVersion {
  id: string;
  name: string;
  modelVersion: string;
}

const base = (org: string) => `${orgPath(org)}/impact-assessments`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

/** Reads every page of a list (bounded), for the short lists a form offers to choose from. */
const all = async <T>(path: string, query: Record<string, string> = {}): Promise<T[]> =>
  (
    await allPages(
      (cursor) => request<Page<T>>('GET', withQuery(path, { ...query, limit: 200, cursor })),
      10,
    )
  ).items;

export const impactApi = {
  list: (org: string, f: AssessmentFilter = {}, limit = 50) =>
    request<Page<ImpactAssessment>>('GET', withQuery(base(org), { limit, ...f })),
  get: (org: string, id: string) => request<ImpactAssessment>('GET', one(org, id)),
  create: (org: string, body: AssessmentInput) =>
    request<ImpactAssessment>('POST', base(org), { body }),
  update: (org: string, a: Pick<ImpactAssessment, 'id' | 'version'>, body: AssessmentChange) =>
    request<ImpactAssessment>('PATCH', one(org, a.id), { body, ifMatch: a.version }),
  approve: (org: string, a: Pick<ImpactAssessment, 'id' | 'version'>) =>
    request<ImpactAssessment>('POST', `${one(org, a.id)}/approve`, { ifMatch: a.version }),
  impacts: (org: string, id: string) => all<Impact>(`${one(org, id)}/impacts`),
  addImpact: (org: string, id: string, body: ImpactInput) =>
    request<Impact>('POST', `${one(org, id)}/impacts`, { body }),
  updateImpact: (
    org: string,
    i: Pick<Impact, 'id' | 'assessmentId' | 'version'>,
    body: ImpactInput,
  ) =>
    request<Impact>('PUT', `${one(org, i.assessmentId)}/impacts/${seg(i.id)}`, {
      body,
      ifMatch: i.version,
    }),
  removeImpact: (org: string, i: Pick<Impact, 'id' | 'assessmentId' | 'version'>) =>
    request<void>('DELETE', `${one(org, i.assessmentId)}/impacts/${seg(i.id)}`, {
      ifMatch: i.version,
    }),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${base(org)}/export`, { format })),

  /** The Annex A controls a mitigation can name. */
  controls: () => all<Control>('/api/v1/catalog/controls'),
  /** The organization's risks, to link a mitigation to. */
  risks: (org: string) => all<RiskChoice>(`${orgPath(org)}/risks`),
  /** The model versions recorded for an AI system. */
  models: (org: string, aiSystemId: string) =>
    all<ModelVersion>(`${orgPath(org)}/ai-models`, { aiSystemId }),
};
