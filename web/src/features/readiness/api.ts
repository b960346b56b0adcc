import { orgPath, request, withQuery, type Page } from '../../api';

export type ReqStatus = 'met' | 'partial' | 'missing' | 'not_applicable';

export interface Counts {
  met: number;
  partial: number;
  missing: number;
  notApplicable: number;
  /** Percent, 0–100, as the server computes it. */
  readiness: number;
}

export interface Reason {
  check: string;
  status: string;
  detail: string;
  refs: { type: string; id: string }[];
}

export interface Requirement {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  group: string;
  status: ReqStatus;
  reasons: Reason[];
}

export interface Readiness {
  overall: Counts;
  byGroup: (Counts & { id: string })[];
  requirements: Requirement[];
}

export interface FrameworkEntry {
  ref: string;
  title: string;
  linked: number;
  met: number;
  partial: number;
  requirements: string[];
}

export interface Framework {
  id: string;
  title: string;
  linked: number;
  met: number;
  coverage: number;
  entries: FrameworkEntry[];
}

export const readinessApi = {
  get: (org: string) => request<Readiness>('GET', `${orgPath(org)}/readiness`),
  gaps: (org: string, cursor?: string | null, limit = 10) =>
    request<Page<Requirement>>(
      'GET',
      withQuery(`${orgPath(org)}/readiness/gaps`, { limit, cursor }),
    ),
  frameworks: (org: string) =>
    request<{ items: Framework[] }>('GET', `${orgPath(org)}/readiness/frameworks`),
};
