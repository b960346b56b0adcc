import { orgPath, request, withQuery, type Page, type Schema } from '../../api';

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

export type EntryStatus = 'met' | 'partial' | 'missing' | 'not_credited' | 'not_applicable';

/** A crosswalk link onto a framework entry: its source, strength and whether it counts. */
export type CoverageLink = Schema<'CoverageLink'>;

export interface FrameworkEntry {
  ref: string;
  title: string;
  status: EntryStatus;
  linked: number;
  met: number;
  partial: number;
  requirements: string[];
  links: CoverageLink[];
  evidence: { id: string; title: string; state: 'valid' | 'expired' | 'not_yet_valid' }[];
}

export interface Framework {
  id: string;
  title: string;
  reached: number;
  met: number;
  partial: number;
  missing: number;
  notCredited: number;
  coverage: number;
  entries: FrameworkEntry[];
}

/** A framework's coverage in figures, without its entries (the dashboard's one call). */
export type FrameworkTotals = Omit<Framework, 'entries'>;

export interface CoverageLegend {
  relationship: Record<string, string>;
  confidence: Record<string, string>;
  provenance: Record<string, string>;
}

export const readinessApi = {
  get: (org: string) => request<Readiness>('GET', `${orgPath(org)}/readiness`),
  gaps: (org: string, cursor?: string | null, limit = 10) =>
    request<Page<Requirement>>(
      'GET',
      withQuery(`${orgPath(org)}/readiness/gaps`, { limit, cursor }),
    ),
  frameworks: (org: string) =>
    request<{ items: Framework[]; legend: CoverageLegend }>(
      'GET',
      `${orgPath(org)}/readiness/frameworks`,
    ),
};
