import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Answer,
  type Body,
  type SameValues,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';
import { allPages } from '../../lib/pages';

export const NC_STATES = [
  'open',
  'correction_done',
  'action_planned',
  'actions_done',
  'effectiveness_verified',
  'closed',
  'reopened',
] as const;
export type NcStatus = (typeof NC_STATES)[number];
export const SOURCE_TYPES = [
  'direct',
  'audit_finding',
  'incident',
  'monitoring',
  'concern',
  'management_review',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const SEVERITIES = ['major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ACTION_STATES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATES)[number];
export const FISHBONE_CATEGORIES = [
  'people',
  'process',
  'data',
  'model',
  'technology',
  'environment',
  'measurement',
  'suppliers',
] as const;
export const SIMILAR_ANSWERS = ['none', 'exist', 'could_occur'] as const;
export type SimilarAnswer = (typeof SIMILAR_ANSWERS)[number];

/**
 * A root cause as the server answers it; a fishbone's categories are FISHBONE_CATEGORIES (the body
 * type of the API is narrower: that enum); the server checks them (422).
 */
export type RootCause = NonNullable<Nonconformity['rootCause']>;
type RootCauseBody = Body<'nonconformities.root_cause'>['rootCause'];

export type CorrectiveAction = Schema<'CorrectiveAction'>;

export type NcStep = Schema<'NonconformityStep'>;
export type StepKind = NcStep['step'];

export type Nonconformity = Schema<'Nonconformity'>;

/**
 * What the form sends: the requirement id the user picked is a string (the body type of the API is
 * narrower: the catalog's ids); the server checks it (422).
 */
export type RaiseInput = Omit<Body<'nonconformities.raise'>, 'requirementId'> & {
  requirementId: string;
};

export interface Filters {
  q?: string | null;
  status?: string | null;
  severity?: string | null;
  sourceType?: string | null;
  requirementId?: string | null;
}

export type RequirementRef = Answer<'catalog.requirements'>['items'][number];

export const DECISIONS = ['pending', 'adopted', 'deferred', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];
export const IMPROVEMENT_STATES = ['open', 'in_progress', 'done', 'closed'] as const;
export type ImprovementStatus = (typeof IMPROVEMENT_STATES)[number];
export const IMPROVEMENT_SOURCES = [
  'suggestion',
  'nonconformity',
  'audit_finding',
  'incident',
  'monitoring',
  'concern',
  'management_review',
] as const;

export type Improvement = Schema<'Improvement'>;

// The lists above are the API's enums exactly (tsc fails when the server changes them).
const _states: SameValues<NcStatus, Nonconformity['status']> = true;
const _sources: SameValues<SourceType, Nonconformity['sourceType']> = true;
const _severities: SameValues<Severity, Nonconformity['severity']> = true;
const _actionStates: SameValues<ActionStatus, CorrectiveAction['status']> = true;
const _fishbone: SameValues<
  (typeof FISHBONE_CATEGORIES)[number],
  Extract<RootCauseBody, { method: 'fishbone' }>['categories'][number]['category']
> = true;
const _similar: SameValues<SimilarAnswer, Body<'nonconformities.similar'>['answer']> = true;
const _decisions: SameValues<Decision, Improvement['decision']> = true;
const _improvementStates: SameValues<ImprovementStatus, Improvement['status']> = true;
const _improvementSources: SameValues<
  (typeof IMPROVEMENT_SOURCES)[number],
  Improvement['sourceType']
> = true;

type NcQuery = NonNullable<operations['nonconformities.list']['parameters']['query']>;
type ImprovementQuery = NonNullable<operations['improvements.list']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, nonconformityId: string) => ({ path: { org, nonconformityId } });
const improvement = (org: string, improvementId: string) => ({ path: { org, improvementId } });
type Versioned = Pick<Nonconformity, 'id' | 'version'>;

export const ncApi = {
  list: (org: string, f: Filters & { sort?: string | null } = {}) =>
    allPages((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/nonconformities', {
          params: { ...path(org), query: { ...listQuery<NcQuery>({ ...f, cursor }), limit: 200 } },
        }),
      ),
    ).then((p) => p.items),
  /** One page of the list, filtered and sorted by the server (the list page reads on by cursor). */
  page: (org: string, f: Filters & { sort?: string | null; cursor?: string | null }) =>
    call(
      client.GET('/api/v1/orgs/{org}/nonconformities', {
        params: { ...path(org), query: { ...listQuery<NcQuery>(f), limit: 100 } },
      }),
    ),
  get: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/nonconformities/{nonconformityId}', { params: one(org, id) }),
    ),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf', f: Filters = {}) =>
    readHref(withQuery(`${orgPath(org)}/nonconformities/export`, { ...f, format })),
  raise: (org: string, body: RaiseInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/nonconformities', {
        params: path(org),
        body: body as Body<'nonconformities.raise'>,
      }),
    ),
  update: (org: string, nc: Versioned, body: Partial<RaiseInput>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/nonconformities/{nonconformityId}', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: body as Body<'nonconformities.update'>,
      }),
    ),
  correct: (org: string, nc: Versioned, correction: string) =>
    call(
      client.PUT('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/correction', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: { correction },
      }),
    ),
  rootCause: (org: string, nc: Versioned, rootCause: RootCause) =>
    call(
      client.PUT('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/root-cause', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: { rootCause: rootCause as RootCauseBody },
      }),
    ),
  similar: (org: string, nc: Versioned, body: Body<'nonconformities.similar'>) =>
    call(
      client.PUT('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/similar', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body,
      }),
    ),
  addAction: (org: string, ncId: string, body: Body<'nonconformities.add_action'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/actions', {
        params: one(org, ncId),
        body,
      }),
    ),
  updateAction: (
    org: string,
    a: Pick<CorrectiveAction, 'id' | 'nonconformityId' | 'version'>,
    body: Body<'nonconformities.update_action'>,
  ) =>
    call(
      client.PATCH(
        '/api/v1/orgs/{org}/nonconformities/{nonconformityId}/actions/{correctiveActionId}',
        {
          params: {
            path: { org, nonconformityId: a.nonconformityId, correctiveActionId: a.id },
          },
          headers: ifMatch(a.version),
          body,
        },
      ),
    ),
  verify: (org: string, nc: Versioned, effective: boolean, note: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/effectiveness-check', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: { effective, note },
      }),
    ),
  close: (org: string, nc: Versioned, note: string | null) =>
    call(
      client.POST('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/closure', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: note ? { note } : {},
      }),
    ),
  reopen: (org: string, nc: Versioned, reason: string) =>
    call(
      client.POST('/api/v1/orgs/{org}/nonconformities/{nonconformityId}/reopening', {
        params: one(org, nc.id),
        headers: ifMatch(nc.version),
        body: { reason },
      }),
    ),
  /** Every assessable clause and Annex A control, for the requirement a nonconformity breaches. */
  requirements: () =>
    allPages((cursor) =>
      call(
        client.GET('/api/v1/catalog/requirements', {
          params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    ).then((p) => p.items),

  /** One page of the improvement log, searched, filtered and sorted by the server. */
  improvementPage: (
    org: string,
    f: {
      q?: string;
      sort?: string;
      status?: string;
      decision?: string;
      cursor?: string | null;
    },
  ) =>
    call(
      client.GET('/api/v1/orgs/{org}/improvements', {
        params: { ...path(org), query: { ...listQuery<ImprovementQuery>(f), limit: 100 } },
      }),
    ),
  improvement: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/improvements/{improvementId}', {
        params: improvement(org, id),
      }),
    ),
  createImprovement: (
    org: string,
    body: Omit<Body<'improvements.create'>, 'sourceType'> & { sourceType: string },
  ) =>
    call(
      client.POST('/api/v1/orgs/{org}/improvements', {
        params: path(org),
        body: body as Body<'improvements.create'>,
      }),
    ),
  updateImprovement: (
    org: string,
    i: Pick<Improvement, 'id' | 'version'>,
    body: Body<'improvements.update'>,
  ) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/improvements/{improvementId}', {
        params: improvement(org, i.id),
        headers: ifMatch(i.version),
        body,
      }),
    ),
  decideImprovement: (
    org: string,
    i: Pick<Improvement, 'id' | 'version'>,
    decision: Body<'improvements.decide'>['decision'],
    note: string | null,
  ) =>
    call(
      client.POST('/api/v1/orgs/{org}/improvements/{improvementId}/decision', {
        params: improvement(org, i.id),
        headers: ifMatch(i.version),
        body: note ? { decision, note } : { decision },
      }),
    ),
};
