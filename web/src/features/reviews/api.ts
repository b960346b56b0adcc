import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Body,
  type Schema,
  type SameValues,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

export const REVIEW_STATES = ['planned', 'held', 'issued'] as const;
export const DECISION_KINDS = ['improvement', 'change', 'resources', 'other'] as const;
export type ReviewSummary = Schema<'ManagementReviewSummary'>;
export type Review = Schema<'ManagementReview'>;
export type Decision = Schema<'ManagementReviewDecision'>;
export type ReviewAction = Schema<'ManagementReviewAction'>;
export type InputSection = Review['inputs']['sections'][number];
export type Attendee = ReviewSummary['attendees'][number];
export type ReviewStatus = ReviewSummary['status'];
export type DecisionKind = Decision['kind'];
export type ActionStatus = ReviewAction['status'];
// The lists above are the API's enums exactly (tsc fails when the server changes them).
const _states: SameValues<(typeof REVIEW_STATES)[number], ReviewStatus> = true;
const _kinds: SameValues<(typeof DECISION_KINDS)[number], DecisionKind> = true;

export interface ReviewFilter {
  q?: string | null;
  sort?: string | null;
  status?: string | null;
  cursor?: string | null;
}
type ReviewQuery = NonNullable<operations['reviews.list']['parameters']['query']>;
const query = (f: ReviewFilter) => listQuery<ReviewQuery>(f);

const path = (org: string) => ({ path: { org } });
const one = (org: string, reviewId: string) => ({ path: { org, reviewId } });

export const reviewsApi = {
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${orgPath(org)}/management-reviews/export`, { format })),
  list: (org: string, f: ReviewFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/management-reviews', {
        params: { ...path(org), query: { limit: 100, ...query(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/management-reviews/{reviewId}', { params: one(org, id) })),
  plan: (org: string, body: Body<'reviews.plan'>) =>
    call(client.POST('/api/v1/orgs/{org}/management-reviews', { params: path(org), body })),
  hold: (org: string, r: Pick<Review, 'id' | 'version'>, heldOn: string | null) =>
    call(
      client.POST('/api/v1/orgs/{org}/management-reviews/{reviewId}/hold', {
        params: one(org, r.id),
        headers: ifMatch(r.version),
        body: heldOn ? { heldOn } : {},
      }),
    ),
  issue: (org: string, r: Pick<Review, 'id' | 'version'>, summary: string | null) =>
    call(
      client.POST('/api/v1/orgs/{org}/management-reviews/{reviewId}/issue', {
        params: one(org, r.id),
        headers: ifMatch(r.version),
        body: { summary },
      }),
    ),
  verify: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/management-reviews/{reviewId}/verify', {
        params: one(org, id),
      }),
    ),
  decide: (org: string, reviewId: string, body: Body<'reviews.decide'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/management-reviews/{reviewId}/decisions', {
        params: one(org, reviewId),
        body,
      }),
    ),
  updateAction: (org: string, a: ReviewAction, status: ActionStatus) =>
    call(
      client.PATCH(
        '/api/v1/orgs/{org}/management-reviews/{reviewId}/decisions/{reviewDecisionId}/actions/{reviewActionId}',
        {
          params: {
            path: {
              org,
              reviewId: a.reviewId,
              reviewDecisionId: a.decisionId,
              reviewActionId: a.id,
            },
          },
          headers: ifMatch(a.version),
          body: { status },
        },
      ),
    ),
  minutesHref: (org: string, id: string) =>
    readHref(`${orgPath(org)}/management-reviews/${encodeURIComponent(id)}/minutes`),
};
