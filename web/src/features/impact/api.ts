import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Answer,
  type Body,
  type Page,
  type SameValues,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';
import { allPages } from '../../lib/pages';

export const AFFECTED = ['individuals', 'groups', 'society'] as const;
export const DIMENSIONS = [
  'fairness',
  'privacy',
  'safety',
  'human_rights',
  'autonomy',
  'transparency',
  'environment',
  'employment',
  'other',
] as const;
export const ASSESSMENT_STATUSES = ['draft', 'approved', 'superseded'] as const;

// The words live with the server's exports (src/labels.ts), so files and screens agree.
export {
  AFFECTED as AFFECTED_LABEL,
  IMPACT_LIKELIHOOD as LIKELIHOOD_LABEL,
  IMPACT_SEVERITY as SEVERITY_LABEL,
} from '../../../../src/labels.js';

export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export type ImpactAssessment = Schema<'ImpactAssessment'>;

export type Impact = Schema<'Impact'>;

export type AssessmentInput = Body<'impact_assessments.create'>;
export type AssessmentChange = Body<'impact_assessments.update'>;

type ImpactBody = Body<'impact_assessments.add_impact'>;
/**
 * What the impact form sends: its fields hold the strings of the options the page offers (the body
 * types of the API are narrower: enums and the catalog's control ids); the server checks them (422).
 */
export type ImpactInput = Omit<ImpactBody, 'affected' | 'dimension' | 'riskIds' | 'controlIds'> & {
  affected: string;
  dimension: string;
  riskIds: string[];
  controlIds: string[];
};

// The lists above are the API's enums exactly (tsc fails when the server changes them).
const _affected: SameValues<(typeof AFFECTED)[number], ImpactBody['affected']> = true;
const _dimensions: SameValues<(typeof DIMENSIONS)[number], ImpactBody['dimension']> = true;
const _statuses: SameValues<AssessmentStatus, ImpactAssessment['status']> = true;

export interface AssessmentFilter {
  /** Text the title or summary holds. */
  q?: string | null;
  aiSystemId?: string | null;
  status?: string | null;
  /** 'true': only those due again; 'false': only the others. */
  due?: string | null;
  /** 'me': only drafts that wait for the caller's approval. */
  awaiting?: string | null;
  /** A sort field, `-field` for descending; none: newest first. */
  sort?: string | null;
  cursor?: string | null;
}
type AssessmentQuery = NonNullable<operations['impact_assessments.list']['parameters']['query']>;

export type Control = Answer<'catalog.controls'>['items'][number];
export type ModelVersion = Answer<'ai_models.list'>['items'][number];

const path = (org: string) => ({ path: { org } });
const one = (org: string, assessmentId: string) => ({ path: { org, assessmentId } });
const item = (org: string, i: Pick<Impact, 'id' | 'assessmentId'>) => ({
  path: { org, assessmentId: i.assessmentId, itemId: i.id },
});

/** Reads every page of a list (bounded), for the short lists a form offers to choose from. */
const all = async <T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> =>
  (await allPages((cursor) => page(cursor ?? undefined), 10)).items;

export const impactApi = {
  list: (org: string, f: AssessmentFilter = {}, limit = 50) =>
    call(
      client.GET('/api/v1/orgs/{org}/impact-assessments', {
        params: { ...path(org), query: { limit, ...listQuery<AssessmentQuery>(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/impact-assessments/{assessmentId}', { params: one(org, id) }),
    ),
  create: (org: string, body: AssessmentInput) =>
    call(client.POST('/api/v1/orgs/{org}/impact-assessments', { params: path(org), body })),
  update: (org: string, a: Pick<ImpactAssessment, 'id' | 'version'>, body: AssessmentChange) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/impact-assessments/{assessmentId}', {
        params: one(org, a.id),
        headers: ifMatch(a.version),
        body,
      }),
    ),
  approve: (org: string, a: Pick<ImpactAssessment, 'id' | 'version'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/impact-assessments/{assessmentId}/approve', {
        params: one(org, a.id),
        headers: ifMatch(a.version),
      }),
    ),
  impacts: (org: string, id: string) =>
    all((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/impact-assessments/{assessmentId}/impacts', {
          params: { path: { org, assessmentId: id }, query: { limit: 200, cursor } },
        }),
      ),
    ),
  addImpact: (org: string, id: string, body: ImpactInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/impact-assessments/{assessmentId}/impacts', {
        params: one(org, id),
        body: body as ImpactBody,
      }),
    ),
  updateImpact: (
    org: string,
    i: Pick<Impact, 'id' | 'assessmentId' | 'version'>,
    body: ImpactInput,
  ) =>
    call(
      client.PUT('/api/v1/orgs/{org}/impact-assessments/{assessmentId}/impacts/{itemId}', {
        params: item(org, i),
        headers: ifMatch(i.version),
        body: body as Body<'impact_assessments.update_impact'>,
      }),
    ),
  removeImpact: (org: string, i: Pick<Impact, 'id' | 'assessmentId' | 'version'>) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/impact-assessments/{assessmentId}/impacts/{itemId}', {
        params: item(org, i),
        headers: ifMatch(i.version),
      }),
    ),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${orgPath(org)}/impact-assessments/export`, { format })),

  /** The Annex A controls a mitigation can name. */
  controls: () =>
    all((cursor) =>
      call(client.GET('/api/v1/catalog/controls', { params: { query: { limit: 200, cursor } } })),
    ),
  /** The model versions recorded for an AI system. */
  models: (org: string, aiSystemId: string) =>
    all((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/ai-models', {
          params: { ...path(org), query: { limit: 200, aiSystemId, cursor } },
        }),
      ),
    ),
};
