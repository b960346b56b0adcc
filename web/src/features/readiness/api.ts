import { call, client, type Answer, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

/** The organization's readiness against the clauses and Annex A, as the server computes it. */
export type Readiness = Answer<'readiness.get'>;
export type Counts = Readiness['overall'];
export type Requirement = Schema<'RequirementResult'>;
export type ReqStatus = Requirement['status'];
export type Reason = Requirement['reasons'][number];

/** A crosswalk link onto a framework entry: its source, strength and whether it counts. */
export type CoverageLink = Schema<'CoverageLink'>;

type Frameworks = Answer<'readiness.frameworks'>;
export type Framework = Frameworks['items'][number];
export type FrameworkEntry = Framework['entries'][number];
export type EntryStatus = FrameworkEntry['status'];
export type CoverageLegend = Frameworks['legend'];

/** A framework's coverage in figures, without its entries (the dashboard's one call). */
export type FrameworkTotals = Omit<Framework, 'entries'>;

/** The gap list's search, filters and sort, as the server takes them. */
export type GapQuery = NonNullable<operations['readiness.gaps']['parameters']['query']>;

const at = (org: string) => ({ path: { org } });

export const readinessApi = {
  get: (org: string) => call(client.GET('/api/v1/orgs/{org}/readiness', { params: at(org) })),
  /** A page of the gap list, narrowed and ordered as `f` asks (the list's toolbar). */
  gaps: (org: string, f: Partial<Record<keyof GapQuery, string | null>>, limit = 10) =>
    call(
      client.GET('/api/v1/orgs/{org}/readiness/gaps', {
        params: { ...at(org), query: { ...listQuery<GapQuery>(f), limit } },
      }),
    ),
  frameworks: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/readiness/frameworks', { params: at(org) })),
};
