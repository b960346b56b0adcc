import { orgPath, request, seg, withQuery, type Page, readHref } from '../../api';

export const REVIEW_STATES = ['planned', 'held', 'issued'] as const;
export type ReviewStatus = (typeof REVIEW_STATES)[number];
export const DECISION_KINDS = ['improvement', 'change', 'resources', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type ActionStatus = 'open' | 'done' | 'cancelled';

export interface Attendee {
  memberId: string | null;
  name: string | null;
  role: string | null;
}

export interface ReviewSummary {
  id: string;
  title: string;
  plannedOn: string;
  chairMemberId: string;
  attendees: Attendee[];
  agenda: string | null;
  status: ReviewStatus;
  previousReviewId: string | null;
  heldOn: string | null;
  heldAt: string | null;
  summary: string | null;
  issuedAt: string | null;
  inputsHash: string | null;
  /** What the signed-in member may do now (the server decides). */
  abilities: {
    edit: boolean;
    hold: boolean;
    decide: boolean;
    issue: boolean;
    updateActions: boolean;
  };
  version: number;
  createdAt: string;
}

export interface InputSection {
  key: string;
  clause: string;
  title: string;
  available: boolean;
  note: string | null;
  figures: { label: string; value: number }[];
  items: { type: string; id: string; title: string; detail: string }[];
}

export interface ReviewAction {
  id: string;
  reviewId: string;
  decisionId: string;
  title: string;
  ownerMemberId: string;
  dueDate: string;
  status: ActionStatus;
  completedOn: string | null;
  overdue: boolean;
  version: number;
}

export interface Decision {
  id: string;
  reviewId: string;
  kind: DecisionKind;
  title: string;
  description: string | null;
  nonconformityId: string | null;
  improvementId: string | null;
  authorMemberId: string | null;
  actions: ReviewAction[];
  createdAt: string;
  version: number;
}

export interface Review extends ReviewSummary {
  inputs: { asOf: string; since: string | null; sections: InputSection[] };
  inputsFrozen: boolean;
  hashMatches: boolean | null;
  decisions: Decision[];
}

const base = (org: string) => `${orgPath(org)}/management-reviews`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;

export const reviewsApi = {
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(`${base(org)}/export?format=${format}`),
  list: (org: string, status: string | null) =>
    request<Page<ReviewSummary>>('GET', withQuery(base(org), { status, limit: 200 })).then(
      (p) => p.items,
    ),
  get: (org: string, id: string) => request<Review>('GET', one(org, id)),
  plan: (
    org: string,
    body: {
      title: string;
      plannedOn: string;
      chairMemberId: string;
      attendees: { memberId?: string; name?: string; role?: string | null }[];
      agenda: string | null;
    },
  ) => request<Review>('POST', base(org), { body }),
  hold: (org: string, r: Pick<Review, 'id' | 'version'>, heldOn: string | null) =>
    request<Review>('POST', `${one(org, r.id)}/hold`, {
      body: heldOn ? { heldOn } : {},
      ifMatch: r.version,
    }),
  issue: (org: string, r: Pick<Review, 'id' | 'version'>, summary: string | null) =>
    request<Review>('POST', `${one(org, r.id)}/issue`, { body: { summary }, ifMatch: r.version }),
  verify: (org: string, id: string) =>
    request<{ storedHash: string | null; computedHash: string | null; matches: boolean | null }>(
      'GET',
      `${one(org, id)}/verify`,
    ),
  decide: (
    org: string,
    reviewId: string,
    body: {
      kind: DecisionKind;
      title: string;
      description: string | null;
      actions: { title: string; ownerMemberId: string; dueDate: string }[];
      raiseImprovement: boolean;
    },
  ) => request<Decision>('POST', `${one(org, reviewId)}/decisions`, { body }),
  updateAction: (org: string, a: ReviewAction, status: ActionStatus) =>
    request<ReviewAction>(
      'PATCH',
      `${one(org, a.reviewId)}/decisions/${seg(a.decisionId)}/actions/${seg(a.id)}`,
      { body: { status }, ifMatch: a.version },
    ),
  minutesHref: (org: string, id: string) => readHref(`${one(org, id)}/minutes`),
};
