import { call, client, type Schema } from '../../api';

/** Computed by the server: done, due (soon, or owed after a change), overdue, never done. */
export type OperationState = SystemOperation['status'];

export type SystemOperation = Schema<'SystemOperation'>;

export type RiskOperation = Schema<'RiskOperation'>;

export type Operations = Schema<'Operations'>;

export const operationsApi = {
  get: (org: string, query: { status?: OperationState; owed?: 'true' | 'false' } = {}) =>
    call(client.GET('/api/v1/orgs/{org}/operations', { params: { path: { org }, query } })),
};
