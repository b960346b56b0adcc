import { orgPath, request, seg, withQuery, type Page, readHref } from '../../api';

export const RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'treated',
  'accepted',
  'closed',
] as const;
export const TREATMENTS = ['modify', 'avoid', 'share', 'retain'] as const;
export const TREATMENT_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const RISK_SOURCES: Record<string, string> = {
  'C.3.1': 'Complexity of environment',
  'C.3.2': 'Lack of transparency and explainability',
  'C.3.3': 'Level of automation',
  'C.3.4': 'Risk sources related to machine learning',
  'C.3.5': 'System hardware issues',
  'C.3.6': 'System life cycle issues',
  'C.3.7': 'Technology readiness',
};
export const OBJECTIVES: Record<string, string> = {
  'C.2.1': 'Accountability',
  'C.2.2': 'AI expertise',
  'C.2.3': 'Availability and quality of training and test data',
  'C.2.4': 'Environmental impact',
  'C.2.5': 'Fairness',
  'C.2.6': 'Maintainability',
  'C.2.7': 'Privacy',
  'C.2.8': 'Robustness',
  'C.2.9': 'Safety',
  'C.2.10': 'Security',
  'C.2.11': 'Transparency and explainability',
};

export interface Acceptance {
  state: 'not_assessed' | 'not_needed' | 'needed' | 'valid' | 'expired';
  expiresOn: string | null;
  acceptedByMemberId: string | null;
  justification: string | null;
}

export interface Risk {
  id: string;
  /** The readable identifier, R-0042 (null for a risk made before identifiers, until the next). */
  ref: string | null;
  title: string;
  description: string | null;
  aiSystemIds: string[];
  lifecycleStage: string | null;
  riskSources: string[];
  objectives: string[];
  ownerMemberId: string | null;
  criteriaId: string | null;
  inherentLikelihood: number | null;
  inherentImpact: number | null;
  inherentLevel: string | null;
  treatment: string | null;
  controlIds: string[];
  residualLikelihood: number | null;
  residualImpact: number | null;
  residualLevel: string | null;
  reviewDate: string | null;
  reviewOverdue: boolean;
  status: string;
  acceptance: Acceptance;
  /** What the caller may do with it now, as the server decides (role, owner, level). */
  abilities: { edit: boolean; accept: boolean };
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RiskInput {
  title?: string;
  description?: string | null;
  aiSystemIds?: string[];
  lifecycleStage?: string | null;
  riskSources?: string[];
  objectives?: string[];
  ownerMemberId?: string | null;
  inherentLikelihood?: number | null;
  inherentImpact?: number | null;
  treatment?: string | null;
  controlIds?: string[];
  residualLikelihood?: number | null;
  residualImpact?: number | null;
  reviewDate?: string | null;
  status?: string;
}

export interface Treatment {
  id: string;
  riskId: string;
  title: string;
  ownerMemberId: string | null;
  dueDate: string | null;
  status: (typeof TREATMENT_STATUSES)[number];
  completedOn: string | null;
  overdue: boolean;
  version: number;
}

export interface Criteria {
  id: string | null;
  number: number;
  likelihood: { label: string; description: string }[];
  impact: { label: string; description: string }[];
  levels: { key: string; label: string }[];
  /** matrix[likelihood - 1][impact - 1] is the level key. */
  matrix: string[][];
  acceptanceLevel: string;
  changeNote?: string | null;
}

export interface CriteriaVersion extends Criteria {
  id: string;
  status: 'active' | 'superseded';
  authorMemberId: string | null;
  createdAt: string;
}

export interface Heatmap {
  kind: string;
  criteria: Criteria;
  cells: number[][];
  otherCriteria: number;
  unassessed: number;
}

export interface Overview {
  top: Risk[];
  reviewsDue: Risk[];
  acceptancesDue: Risk[];
  overdueTreatments: Treatment[];
  /** Approved impact assessments due again, with the reasons. */
  reassessmentsDue: { id: string; aiSystemId: string; title: string; dueReasons: string[] }[];
}

export interface RiskFilter {
  q?: string | null;
  sort?: string | null;
  /** "me": only risks whose acceptance waits for the caller. */
  awaiting?: string | null;
  status?: string | null;
  aiSystemId?: string | null;
  ownerMemberId?: string | null;
  residualLevel?: string | null;
  inherentCell?: string | null;
  residualCell?: string | null;
  criteriaId?: string | null;
  cursor?: string | null;
}

const base = (org: string) => `${orgPath(org)}/risks`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const risksApi = {
  list: (org: string, f: RiskFilter = {}) =>
    request<Page<Risk>>('GET', withQuery(base(org), { limit: 100, ...f })),
  get: (org: string, id: string) => request<Risk>('GET', one(org, id)),
  create: (org: string, body: RiskInput) => request<Risk>('POST', base(org), { body }),
  update: (org: string, r: Pick<Risk, 'id' | 'version'>, body: RiskInput) =>
    request<Risk>('PATCH', one(org, r.id), { body, ifMatch: r.version }),
  remove: (org: string, r: Pick<Risk, 'id' | 'version'>) =>
    request<void>('DELETE', one(org, r.id), { ifMatch: r.version }),
  treatments: (org: string, id: string) =>
    request<Page<Treatment>>('GET', withQuery(`${one(org, id)}/treatments`, { limit: 200 })),
  addTreatment: (
    org: string,
    id: string,
    body: { title: string; ownerMemberId?: string | null; dueDate?: string | null },
  ) => request<Treatment>('POST', `${one(org, id)}/treatments`, { body }),
  updateTreatment: (
    org: string,
    t: Treatment,
    body: {
      status?: string;
      dueDate?: string | null;
      ownerMemberId?: string | null;
      title?: string;
    },
  ) =>
    request<Treatment>('PATCH', `${one(org, t.riskId)}/treatments/${seg(t.id)}`, {
      body,
      ifMatch: t.version,
    }),
  accept: (
    org: string,
    r: Pick<Risk, 'id' | 'version'>,
    body: { justification: string; expiresOn: string },
  ) => request<Risk>('POST', `${one(org, r.id)}/acceptance`, { body, ifMatch: r.version }),
  criteria: (org: string) => request<Criteria>('GET', `${orgPath(org)}/risk-criteria`),
  criteriaVersions: (org: string) =>
    request<Page<CriteriaVersion>>(
      'GET',
      withQuery(`${orgPath(org)}/risk-criteria-versions`, { limit: 100 }),
    ),
  criteriaVersion: (org: string, id: string) =>
    request<Criteria>('GET', `${orgPath(org)}/risk-criteria-versions/${seg(id)}`),
  setCriteria: (org: string, body: Omit<Criteria, 'id' | 'number'>) =>
    request<Criteria>('POST', `${orgPath(org)}/risk-criteria`, { body }),
  heatmap: (org: string, kind: 'inherent' | 'residual', aiSystemId?: string | null) =>
    request<Heatmap>('GET', withQuery(`${orgPath(org)}/risk-heatmap`, { kind, aiSystemId })),
  overview: (org: string) => request<Overview>('GET', `${orgPath(org)}/risk-overview`),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${base(org)}/export`, { format })),
};
