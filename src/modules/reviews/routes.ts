import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { notFound } from '../../kernel/errors.js';
import { reviewActionsFile } from './export.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { holdReview, issueMinutes, planReview, updateReview } from './commands.js';
import { addReviewAction, recordDecision, updateReviewAction } from './decision-commands.js';
import { minutesFile } from './minutes.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { findReview, REVIEW_SORTS, reviewsPage } from './queries.js';
import { REVIEW_STATES, type ReviewRow } from './schemas.js';
import {
  decisionView,
  reviewActionView,
  reviewSummaryView,
  reviewView,
  toActionView,
  toReviewView,
  summaryViews,
  verificationView,
  verifyInputs,
} from './views.js';

type AnyCall = Call<Record<string, string>, unknown, unknown>;
const base = '/api/v1/orgs/:org/management-reviews';
const one = `${base}/:reviewId`;
const tag = 'management reviews';
const params = orgParam.extend({ reviewId: uuid });

async function load({ services, access }: AnyCall, id: string) {
  const r = await findReview(services.database.db, access.orgId, id);
  if (!r) throw notFound('management review');
  return r;
}

/** The review a command wrote, as the caller sees it now. */
const after = (r: ReviewRow, { services, access }: AnyCall) =>
  toReviewView(services.database.db, access, r, services.now());

const view = { status: 200, schema: reviewView, description: 'The management review.' };
const today = (c: AnyCall) => c.services.now().toISOString().slice(0, 10);

export const reviewRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'reviews.export',
    summary:
      'The actions decided by management reviews as CSV, XLSX or PDF, with owners and due dates',
    tag,
    auth: 'org',
    action: 'reviews.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The actions.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      return {
        file: await reviewActionsFile(services.database.db, access, query.format, services.now()),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'reviews.list',
    summary: 'Management reviews, newest first',
    tag,
    auth: 'org',
    action: 'reviews.read',
    params: orgParam,
    query: pageQuery.extend({
      status: z.enum(REVIEW_STATES).optional().describe('Only reviews in this state.'),
      q: searchParam.describe('Case-insensitive search in the title.'),
      sort: sortParam(REVIEW_SORTS),
    }),
    response: { status: 200, schema: page(reviewSummaryView), description: 'A page.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await reviewsPage(db, dialect, access.orgId, query, query);
      return { body: { ...p, items: await summaryViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: planReview,
    method: 'POST',
    url: base,
    summary: 'Plan a management review: date, chair and attendees',
    tag,
    example: {
      title: 'Management review H1 2026',
      plannedOn: '2026-06-30',
      chairMemberId: exampleId('memberId'),
      attendees: [
        { memberId: exampleId('memberId'), role: 'AIMS manager' },
        { name: 'Dana External', role: 'Advisor' },
      ],
      agenda: 'The inputs of 9.3.2, then the budget for model monitoring.',
    },
    response: { status: 201, schema: reviewView, description: 'The planned review.' },
    errors: [422],
    view: after,
  }),
  defineRoute({
    method: 'GET',
    url: one,
    operationId: 'reviews.get',
    summary: 'A management review with its inputs (live while planned, frozen once held)',
    tag,
    auth: 'org',
    action: 'reviews.read',
    params,
    response: view,
    errors: [404],
    async handler(call) {
      const r = await load(call as AnyCall, call.params.reviewId);
      return { body: await after(r, call as AnyCall), etag: r.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${one}/verify`,
    operationId: 'reviews.verify',
    summary: 'Recompute the hash of the frozen inputs and compare it with the stored one',
    tag,
    auth: 'org',
    action: 'reviews.read',
    params,
    response: { status: 200, schema: verificationView, description: 'The comparison.' },
    errors: [404],
    async handler(call) {
      const r = await load(call as AnyCall, call.params.reviewId);
      const v = verifyInputs(r);
      return {
        body: {
          reviewId: r.id,
          storedHash: r.inputs_hash,
          computedHash: v.computed,
          matches: v.matches,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${one}/minutes`,
    operationId: 'reviews.minutes',
    summary: 'The minutes of the review as PDF: attendees, inputs, decisions, actions, hash',
    tag,
    auth: 'org',
    action: 'reviews.read',
    params,
    response: {
      status: 200,
      schema: null,
      description: 'The PDF.',
      files: ['application/pdf'],
    },
    errors: [404],
    async handler(call) {
      const r = await load(call as AnyCall, call.params.reviewId);
      const { services, access } = call;
      return { file: await minutesFile(services.database.db, access, r, services.now()) };
    },
  }),
  commandRoute({
    command: updateReview,
    method: 'PATCH',
    url: one,
    summary: 'Change a planned review',
    tag,
    example: { plannedOn: '2026-07-07' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: holdReview,
    method: 'POST',
    url: `${one}/hold`,
    summary: 'Hold the review: its inputs are frozen with their SHA-256 hash',
    tag,
    example: { heldOn: '2026-06-30' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  commandRoute({
    command: issueMinutes,
    method: 'POST',
    url: `${one}/issue`,
    summary: 'Issue the minutes of a held review',
    tag,
    example: { summary: 'The AIMS remains suitable; monitoring gets a second engineer.' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  commandRoute({
    command: recordDecision,
    method: 'POST',
    url: `${one}/decisions`,
    summary: 'Record a decision of a held review, with its actions (9.3.3)',
    tag,
    example: {
      kind: 'improvement',
      title: 'Add drift monitoring to the triage model',
      description: 'Two incidents came from unnoticed data drift.',
      actions: [
        {
          title: 'Set up weekly drift reports',
          ownerMemberId: exampleId('memberId'),
          dueDate: '2026-09-30',
        },
      ],
      raiseImprovement: true,
    },
    response: { status: 201, schema: decisionView, description: 'The decision.' },
    errors: [404, 409, 422],
    async view(d, call) {
      const review = await after(await load(call, d.review_id), call);
      return review.decisions.find((x) => x.id === d.id);
    },
  }),
  commandRoute({
    command: addReviewAction,
    method: 'POST',
    url: `${one}/decisions/:reviewDecisionId/actions`,
    operationId: 'reviews.add_action',
    summary: 'Add an action to a decision of a held review',
    tag,
    example: {
      title: 'Brief the data team',
      ownerMemberId: exampleId('memberId'),
      dueDate: '2026-08-31',
    },
    response: { status: 201, schema: reviewActionView, description: 'The action.' },
    errors: [404, 409, 422],
    view: (a, call) => toActionView(a, today(call)),
  }),
  commandRoute({
    command: updateReviewAction,
    method: 'PATCH',
    url: `${one}/decisions/:reviewDecisionId/actions/:reviewActionId`,
    summary: 'Report progress on an action decided by a review',
    tag,
    example: { status: 'done', completedOn: '2026-09-15' },
    ifMatch: true,
    response: { status: 200, schema: reviewActionView, description: 'The action.' },
    errors: [404, 422],
    view: (a, call) => toActionView(a, today(call)),
  }),
];
