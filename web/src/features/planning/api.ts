import { call, client, ifMatch, type Answer, type Body, type Schema } from '../../api';
import type { operations } from '../../generated/openapi';
import { allPages } from '../../lib/pages';
import { listQuery } from '../../lib/list-query';

export const DIRECTIONS = ['at_most', 'at_least'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * An objective as the API sends it; its direction and frequency are the values the forms offer
 * (the lists above), which the server takes and gives back.
 */
export type Objective = Omit<Schema<'Objective'>, 'direction' | 'frequency'> & {
  direction: Direction;
  frequency: Frequency;
};
export type ObjectiveState = Objective['state'];
/** What the objective form sends; the server checks the values (422 with a pointer). */
export type ObjectiveInput = Partial<Body<'objectives.update'>>;
export type Measurement = Answer<'objectives.measurements'>['items'][number];

export interface ObjectiveFilter {
  q?: string | null;
  sort?: string | null;
  frequency?: string | null;
  cursor?: string | null;
}
type ObjectiveQuery = NonNullable<operations['objectives.list']['parameters']['query']>;

export const CHANGE_STATUSES = [
  'proposed',
  'approved',
  'rejected',
  'implemented',
  'withdrawn',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
/** A step after the proposal; each is recorded with who took it, when and why. */
export type ChangeStep = Exclude<ChangeStatus, 'proposed'>;
/** The steps a manager or owner takes; withdrawing is the proposer's. */
export type ChangeDecision = Exclude<ChangeStep, 'withdrawn'>;

export type ChangeStepRecord = Schema<'AimsChangeDecision'>;

export type AimsChange = Schema<'AimsChange'>;

export type ChangeInput = Body<'changes.propose'>;

/** The planned changes list's toolbar: search, status, awaiting my decision, sort. */
export interface ChangeFilter {
  q?: string | null;
  status?: string | null;
  awaiting?: string | null;
  sort?: string | null;
}
type ChangeQuery = NonNullable<operations['changes.list']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const objective = (org: string, objectiveId: string) => ({ path: { org, objectiveId } });
const change = (org: string, changeId: string) => ({ path: { org, changeId } });
const asObjective = (o: Schema<'Objective'>) => o as Objective;

export const planningApi = {
  /** One page of objectives (up to 200) as the list's toolbar narrows and sorts them. */
  objectives: (org: string, f: ObjectiveFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/objectives', {
        params: { ...path(org), query: { limit: 200, ...listQuery<ObjectiveQuery>({ ...f }) } },
      }),
    ).then((p) => ({ ...p, items: p.items.map(asObjective) })),
  objective: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/objectives/{objectiveId}', { params: objective(org, id) }),
    ).then(asObjective),
  createObjective: (org: string, body: ObjectiveInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/objectives', {
        params: path(org),
        body: body as Body<'objectives.create'>,
      }),
    ).then(asObjective),
  updateObjective: (org: string, o: Pick<Objective, 'id' | 'version'>, body: ObjectiveInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/objectives/{objectiveId}', {
        params: objective(org, o.id),
        headers: ifMatch(o.version),
        body,
      }),
    ).then(asObjective),
  /** Every measurement, in the order they were recorded. */
  measurements: (org: string, id: string) =>
    allPages((cursor) =>
      call(
        client.GET('/api/v1/orgs/{org}/objectives/{objectiveId}/measurements', {
          params: { ...objective(org, id), query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    ).then((p) => p.items),
  measure: (org: string, id: string, body: Body<'objectives.measure'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/objectives/{objectiveId}/measurements', {
        params: objective(org, id),
        body,
      }),
    ),

  /** One page of planned changes as the list's toolbar narrows and sorts them. */
  changes: (org: string, f: ChangeFilter & { cursor?: string | null; limit?: number } = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/changes', {
        params: { ...path(org), query: { limit: 50, ...listQuery<ChangeQuery>({ ...f }) } },
      }),
    ),
  change: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/changes/{changeId}', { params: change(org, id) })),
  proposeChange: (org: string, body: ChangeInput) =>
    call(client.POST('/api/v1/orgs/{org}/changes', { params: path(org), body })),
  /** A rejection needs a note (the API answers 400 on /body/note without one). */
  decide: (
    org: string,
    c: Pick<AimsChange, 'id' | 'version'>,
    decision: ChangeDecision,
    note: string | null,
  ) =>
    call(
      client.POST('/api/v1/orgs/{org}/changes/{changeId}/decision', {
        params: change(org, c.id),
        headers: ifMatch(c.version),
        body: { decision, ...(note ? { note } : {}) },
      }),
    ),
  /** Only the member who proposed the change may withdraw it, while it waits for a decision. */
  withdraw: (org: string, c: Pick<AimsChange, 'id' | 'version'>, note: string | null) =>
    call(
      client.POST('/api/v1/orgs/{org}/changes/{changeId}/withdrawal', {
        params: change(org, c.id),
        headers: ifMatch(c.version),
        body: note ? { note } : {},
      }),
    ),
};
