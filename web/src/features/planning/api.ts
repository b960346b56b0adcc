import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';
import { allPages } from '../../lib/pages';

export const DIRECTIONS = ['at_most', 'at_least'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type ObjectiveState = 'on_track' | 'off_track' | 'no_data';

export interface Objective {
  id: string;
  title: string;
  description: string | null;
  metric: string;
  direction: Direction;
  target: number;
  unit: string | null;
  frequency: Frequency;
  ownerMemberId: string | null;
  plan: string | null;
  aiSystemIds: string[];
  latest: { measuredOn: string; value: number } | null;
  /** Worked out by the server from the latest measurement and the target. */
  state: ObjectiveState;
  /** No measurement within the frequency. */
  measurementOverdue: boolean;
  /** What the caller may do with it now, as the server decides. */
  abilities: Schema<'Objective'>['abilities'];
  version: number;
}

export interface ObjectiveInput {
  title?: string;
  description?: string | null;
  metric?: string;
  direction?: Direction;
  target?: number;
  unit?: string | null;
  frequency?: Frequency;
  ownerMemberId?: string | null;
  plan?: string | null;
  aiSystemIds?: string[];
}

export interface Measurement {
  id: string;
  measuredOn: string;
  value: number;
  note: string | null;
}

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

export interface ChangeStepRecord {
  id: string;
  decision: ChangeStep;
  /** Null when the server operator took the step. */
  memberId: string | null;
  at: string;
  note: string | null;
}

export type AimsChange = Schema<'AimsChange'>;

export interface ChangeInput {
  title: string;
  purpose: string;
  consequences?: string | null;
  resources?: string | null;
  responsibilities?: string | null;
  plannedOn?: string | null;
}

const objectives = (org: string) => `${orgPath(org)}/objectives`;
const objective = (org: string, id: string) => `${objectives(org)}/${seg(id)}`;
const changes = (org: string) => `${orgPath(org)}/changes`;
const change = (org: string, id: string) => `${changes(org)}/${seg(id)}`;

export const planningApi = {
  objectives: (org: string) =>
    allPages((cursor) =>
      request<Page<Objective>>('GET', withQuery(objectives(org), { limit: 200, cursor })),
    ).then((p) => p.items),
  objective: (org: string, id: string) => request<Objective>('GET', objective(org, id)),
  createObjective: (org: string, body: ObjectiveInput) =>
    request<Objective>('POST', objectives(org), { body }),
  updateObjective: (org: string, o: Pick<Objective, 'id' | 'version'>, body: ObjectiveInput) =>
    request<Objective>('PATCH', objective(org, o.id), { body, ifMatch: o.version }),
  /** Every measurement, in the order they were recorded. */
  measurements: (org: string, id: string) =>
    allPages((cursor) =>
      request<Page<Measurement>>(
        'GET',
        withQuery(`${objective(org, id)}/measurements`, { limit: 200, cursor }),
      ),
    ).then((p) => p.items),
  measure: (
    org: string,
    id: string,
    body: { measuredOn: string; value: number; note?: string | null },
  ) => request<Measurement>('POST', `${objective(org, id)}/measurements`, { body }),

  changes: (org: string) =>
    allPages((cursor) =>
      request<Page<AimsChange>>('GET', withQuery(changes(org), { limit: 200, cursor })),
    ).then((p) => p.items),
  change: (org: string, id: string) => request<AimsChange>('GET', change(org, id)),
  proposeChange: (org: string, body: ChangeInput) =>
    request<AimsChange>('POST', changes(org), { body }),
  /** A rejection needs a note (the API answers 400 on /body/note without one). */
  decide: (
    org: string,
    c: Pick<AimsChange, 'id' | 'version'>,
    decision: ChangeDecision,
    note: string | null,
  ) =>
    request<AimsChange>('POST', `${change(org, c.id)}/decision`, {
      body: { decision, ...(note ? { note } : {}) },
      ifMatch: c.version,
    }),
  /** Only the member who proposed the change may withdraw it, while it waits for a decision. */
  withdraw: (org: string, c: Pick<AimsChange, 'id' | 'version'>, note: string | null) =>
    request<AimsChange>('POST', `${change(org, c.id)}/withdrawal`, {
      body: note ? { note } : {},
      ifMatch: c.version,
    }),
};
