import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export const POLICY_KINDS = ['ai_policy', 'topic_policy', 'procedure', 'other'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
export const KIND_LABEL: Record<string, string> = {
  ai_policy: 'AI policy',
  topic_policy: 'Topic-specific policy',
  procedure: 'Procedure',
  other: 'Other',
};

export type Policy = Schema<'Policy'>;

export type VersionStatus = 'draft' | 'in_review' | 'approved' | 'published' | 'retired';

export type PolicyVersion = Schema<'PolicyVersion'>;

export interface PolicyInput {
  title: string;
  kind: PolicyKind;
  reviewCycleMonths: number;
  ownerMemberId?: string | null;
  alignment?: string | null;
  content?: string;
}

export interface AckRow {
  memberId: string;
  email: string;
  role: string;
  acknowledgedAt: string | null;
}

export type AckPage = Page<AckRow> & {
  versionId: string | null;
  acknowledged: number;
  members: number;
};

export type Step = 'submit' | 'approve' | 'publish' | 'retire';

const base = (org: string) => `${orgPath(org)}/policies`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const policiesApi = {
  list: (org: string, cursor?: string | null) =>
    request<Page<Policy>>('GET', withQuery(base(org), { limit: 100, cursor })),
  create: (org: string, body: PolicyInput) =>
    request<{ policy: Policy; version: PolicyVersion }>('POST', base(org), { body }),
  get: (org: string, id: string) => request<Policy>('GET', one(org, id)),
  update: (org: string, p: Policy, body: Partial<PolicyInput>) =>
    request<Policy>('PATCH', one(org, p.id), { body, ifMatch: p.version }),
  versions: (org: string, id: string) =>
    request<Page<PolicyVersion>>('GET', withQuery(`${one(org, id)}/versions`, { limit: 200 })),
  draft: (org: string, id: string, body: { content: string; changeNote?: string | null }) =>
    request<PolicyVersion>('POST', `${one(org, id)}/versions`, { body }),
  edit: (org: string, v: PolicyVersion, body: { content?: string; changeNote?: string | null }) =>
    request<PolicyVersion>('PATCH', `${one(org, v.policyId)}/versions/${seg(v.id)}`, {
      body,
      ifMatch: v.version,
    }),
  step: (org: string, v: PolicyVersion, step: Step) =>
    request<PolicyVersion>('POST', `${one(org, v.policyId)}/versions/${seg(v.id)}/${step}`, {
      ifMatch: v.version,
    }),
  acknowledge: (org: string, policyId: string, versionId: string) =>
    request<{ id: string; acknowledgedAt: string }>(
      'POST',
      `${one(org, policyId)}/acknowledgements`,
      { body: { versionId } },
    ),
  acknowledgements: (org: string, policyId: string, state: 'acknowledged' | 'pending') =>
    request<AckPage>(
      'GET',
      withQuery(`${one(org, policyId)}/acknowledgements`, { state, limit: 200 }),
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
