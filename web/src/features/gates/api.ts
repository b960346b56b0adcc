import { call, client, fileBody, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';
import type { CriteriaInput } from './gates-draft';

export type GateCriteria = Schema<'GateCriteria'>;

/** The gate into one stage for a system, as the server evaluated it. */
export type GateEvaluation = Schema<'Gate'>;
export type CriterionResult = GateEvaluation['criteria'][number];

export type GateCheck = Schema<'GateCheck'>;

export type GateOverride = Schema<'GateOverride'>;

/** The overrides list's search, filters and sort, as the server takes them. */
export interface OverrideFilter {
  q?: string | null;
  aiSystemId?: string | null;
  toStage?: string | null;
  sort?: string | null;
  cursor?: string | null;
}
type OverrideQuery = NonNullable<operations['gates.overrides']['parameters']['query']>;

const at = (org: string) => ({ path: { org } });
const sys = (org: string, aiSystemId: string) => ({ path: { org, aiSystemId } });

export const gatesApi = {
  criteria: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/gate-criteria', { params: at(org) })),
  versions: (org: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/gate-criteria/versions', {
        params: { ...at(org), query: { limit: 100 } },
      }),
    ),
  adopt: (org: string, body: CriteriaInput) =>
    call(client.POST('/api/v1/orgs/{org}/gate-criteria/versions', { params: at(org), body })),
  /** Every gate of a system (each stage but its current one). */
  gates: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/gates', { params: sys(org, id) })),
  checks: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/gate-checks', {
        params: { ...sys(org, id), query: { limit: 20 } },
      }),
    ),
  /** `form` carries aiSystem, kind, modelVersion, title and then the file, in that order. */
  push: (org: string, form: FormData) =>
    call(client.POST('/api/v1/orgs/{org}/gate-evidence', { params: at(org), ...fileBody(form) })),
  overrides: (org: string, f: OverrideFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/gate-overrides', {
        params: { ...at(org), query: { limit: 50, ...listQuery<OverrideQuery>(f) } },
      }),
    ),
};
