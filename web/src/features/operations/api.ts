import { call, client, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

/** Computed by the server: done, due (soon, or owed after a change), overdue, never done. */
export type OperationState = SystemOperation['status'];

export type SystemOperation = Schema<'SystemOperation'>;

export type RiskOperation = Schema<'RiskOperation'>;

export type Operations = Schema<'Operations'>;

/** A list's search, filters and sort, as the server takes them. */
export type OperationFilter = Partial<Record<string, string | null>> & { cursor?: string | null };
type SystemQuery = NonNullable<operations['operations.systems']['parameters']['query']>;
type RiskQuery = NonNullable<operations['operations.risks']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });

export const operationsApi = {
  get: (org: string, query: { status?: OperationState; owed?: 'true' | 'false' } = {}) =>
    call(client.GET('/api/v1/orgs/{org}/operations', { params: { path: { org }, query } })),
  /** One page of the AI systems and their impact assessments (8.4). */
  systems: (org: string, f: OperationFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/operations/systems', {
        params: { ...path(org), query: { limit: 50, ...listQuery<SystemQuery>(f) } },
      }),
    ),
  /** One page of the open risks, their assessment (8.2) and treatment (8.3). */
  risks: (org: string, f: OperationFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/operations/risks', {
        params: { ...path(org), query: { limit: 50, ...listQuery<RiskQuery>(f) } },
      }),
    ),
};
