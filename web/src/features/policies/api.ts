import { call, client, ifMatch, type Answer, type Body, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { POLICY_KIND } from '../../../../src/labels.js';
import { listQuery } from '../../lib/list-query';

export const POLICY_KINDS = ['ai_policy', 'topic_policy', 'procedure', 'other'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
/** The kinds in words: the server's (src/labels.ts), so exports and screens agree. */
export const KIND_LABEL: Readonly<Record<string, string>> = POLICY_KIND;

export type Policy = Schema<'Policy'>;
export type PolicyVersion = Schema<'PolicyVersion'>;
export type VersionStatus = PolicyVersion['status'];
export type PolicyInput = Body<'policies.create'>;
export type AckPage = Answer<'policies.acknowledgements'>;
export type Step = 'submit' | 'approve' | 'publish' | 'retire';

export interface PolicyFilter {
  q?: string | null;
  sort?: string | null;
  overdue?: string | null;
  /** 'me': only policies with a version waiting for the caller's approval. */
  awaiting?: string | null;
  cursor?: string | null;
}
type PolicyQuery = NonNullable<operations['policies.list']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, policyId: string) => ({ path: { org, policyId } });
const version = (org: string, v: PolicyVersion) => ({
  path: { org, policyId: v.policyId, versionId: v.id },
});

export const policiesApi = {
  list: (org: string, f: PolicyFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/policies', {
        params: { ...path(org), query: { limit: 100, ...listQuery<PolicyQuery>({ ...f }) } },
      }),
    ),
  create: (org: string, body: PolicyInput) =>
    call(client.POST('/api/v1/orgs/{org}/policies', { params: path(org), body })),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/policies/{policyId}', { params: one(org, id) })),
  update: (org: string, p: Policy, body: Body<'policies.update'>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/policies/{policyId}', {
        params: one(org, p.id),
        headers: ifMatch(p.version),
        body,
      }),
    ),
  versions: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/policies/{policyId}/versions', {
        params: { ...one(org, id), query: { limit: 200 } },
      }),
    ),
  draft: (org: string, id: string, body: Body<'policies.draft'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/policies/{policyId}/versions', {
        params: one(org, id),
        body,
      }),
    ),
  edit: (org: string, v: PolicyVersion, body: Body<'policies.edit'>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/policies/{policyId}/versions/{versionId}', {
        params: version(org, v),
        headers: ifMatch(v.version),
        body,
      }),
    ),
  step: (org: string, v: PolicyVersion, step: Step) => {
    const opts = { params: version(org, v), headers: ifMatch(v.version) };
    switch (step) {
      case 'submit':
        return call(
          client.POST('/api/v1/orgs/{org}/policies/{policyId}/versions/{versionId}/submit', opts),
        );
      case 'approve':
        return call(
          client.POST('/api/v1/orgs/{org}/policies/{policyId}/versions/{versionId}/approve', opts),
        );
      case 'publish':
        return call(
          client.POST('/api/v1/orgs/{org}/policies/{policyId}/versions/{versionId}/publish', opts),
        );
      case 'retire':
        return call(
          client.POST('/api/v1/orgs/{org}/policies/{policyId}/versions/{versionId}/retire', opts),
        );
    }
  },
  acknowledge: (org: string, policyId: string, versionId: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/policies/{policyId}/acknowledgements', {
        params: one(org, policyId),
        body: { versionId },
      }),
    ),
  acknowledgements: (org: string, policyId: string, state: 'acknowledged' | 'pending') =>
    call(
      client.GET('/api/v1/orgs/{org}/policies/{policyId}/acknowledgements', {
        params: { ...one(org, policyId), query: { state, limit: 200 } },
      }),
    ),
};

export const VERSION_TONE: Record<
  VersionStatus,
  'neutral' | 'info' | 'success' | 'warning' | 'danger'
> = {
  draft: 'neutral',
  in_review: 'warning',
  approved: 'info',
  published: 'success',
  retired: 'neutral',
};
