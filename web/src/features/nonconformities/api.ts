import { orgPath, request, seg, withQuery, type Page, readHref, type Schema } from '../../api';
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

export type RootCause =
  | { method: 'five_whys'; whys: string[]; cause: string }
  | { method: 'fishbone'; categories: { category: string; causes: string[] }[]; cause: string }
  | { method: 'free_text'; cause: string };

export type CorrectiveAction = Schema<'CorrectiveAction'>;

export type StepKind =
  | 'raised'
  | 'correction'
  | 'root_cause'
  | 'similar'
  | 'verified'
  | 'not_effective'
  | 'closed'
  | 'reopened';

export interface NcStep {
  id: string;
  step: StepKind;
  cycle: number;
  memberId: string | null;
  at: string;
  note: string | null;
}

export type Nonconformity = Schema<'Nonconformity'>;

export interface RaiseInput {
  title: string;
  description?: string | null;
  requirementId: string;
  sourceType: SourceType;
  sourceId?: string | null;
  severity: Severity;
  ownerMemberId?: string | null;
  detectedOn?: string;
}

export interface Filters {
  q?: string | null;
  status?: string | null;
  severity?: string | null;
  sourceType?: string | null;
  requirementId?: string | null;
}

export interface RequirementRef {
  id: string;
  kind: 'clause' | 'control';
  title: string;
}

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

const list = (org: string) => `${orgPath(org)}/nonconformities`;
const one = (org: string, id: string) => `${list(org)}/${seg(id)}`;
type Versioned = Pick<Nonconformity, 'id' | 'version'>;
const improvements = (org: string) => `${orgPath(org)}/improvements`;

export const ncApi = {
  list: (org: string, f: Filters & { sort?: string | null } = {}) =>
    allPages((cursor) =>
      request<Page<Nonconformity>>('GET', withQuery(list(org), { ...f, limit: 200, cursor })),
    ).then((p) => p.items),
  get: (org: string, id: string) => request<Nonconformity>('GET', one(org, id)),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf', f: Filters = {}) =>
    readHref(withQuery(`${list(org)}/export`, { ...f, format })),
  raise: (org: string, body: RaiseInput) => request<Nonconformity>('POST', list(org), { body }),
  update: (org: string, nc: Versioned, body: Partial<RaiseInput>) =>
    request<Nonconformity>('PATCH', one(org, nc.id), { body, ifMatch: nc.version }),
  correct: (org: string, nc: Versioned, correction: string) =>
    request<Nonconformity>('PUT', `${one(org, nc.id)}/correction`, {
      body: { correction },
      ifMatch: nc.version,
    }),
  rootCause: (org: string, nc: Versioned, rootCause: RootCause) =>
    request<Nonconformity>('PUT', `${one(org, nc.id)}/root-cause`, {
      body: { rootCause },
      ifMatch: nc.version,
    }),
  similar: (
    org: string,
    nc: Versioned,
    body: { answer: SimilarAnswer; nonconformityIds: string[]; note: string | null },
  ) => request<Nonconformity>('PUT', `${one(org, nc.id)}/similar`, { body, ifMatch: nc.version }),
  addAction: (
    org: string,
    ncId: string,
    body: { title: string; description?: string | null; ownerMemberId: string; dueDate: string },
  ) => request<CorrectiveAction>('POST', `${one(org, ncId)}/actions`, { body }),
  updateAction: (
    org: string,
    a: Pick<CorrectiveAction, 'id' | 'nonconformityId' | 'version'>,
    body: {
      status?: ActionStatus;
      outcome?: string | null;
      dueDate?: string;
      ownerMemberId?: string;
    },
  ) =>
    request<CorrectiveAction>('PATCH', `${one(org, a.nonconformityId)}/actions/${seg(a.id)}`, {
      body,
      ifMatch: a.version,
    }),
  verify: (org: string, nc: Versioned, effective: boolean, note: string) =>
    request<Nonconformity>('POST', `${one(org, nc.id)}/effectiveness-check`, {
      body: { effective, note },
      ifMatch: nc.version,
    }),
  close: (org: string, nc: Versioned, note: string | null) =>
    request<Nonconformity>('POST', `${one(org, nc.id)}/closure`, {
      body: note ? { note } : {},
      ifMatch: nc.version,
    }),
  reopen: (org: string, nc: Versioned, reason: string) =>
    request<Nonconformity>('POST', `${one(org, nc.id)}/reopening`, {
      body: { reason },
      ifMatch: nc.version,
    }),
  /** Every assessable clause and Annex A control, for the requirement a nonconformity breaches. */
  requirements: () =>
    allPages((cursor) =>
      request<Page<RequirementRef>>(
        'GET',
        withQuery('/api/v1/catalog/requirements', { limit: 200, cursor }),
      ),
    ).then((p) => p.items),

  improvements: (org: string, f: { status?: string | null; decision?: string | null } = {}) =>
    allPages((cursor) =>
      request<Page<Improvement>>('GET', withQuery(improvements(org), { ...f, limit: 200, cursor })),
    ).then((p) => p.items),
  improvement: (org: string, id: string) =>
    request<Improvement>('GET', `${improvements(org)}/${seg(id)}`),
  createImprovement: (
    org: string,
    body: {
      title: string;
      description?: string | null;
      sourceType: string;
      sourceId?: string | null;
      ownerMemberId?: string | null;
      dueDate?: string | null;
    },
  ) => request<Improvement>('POST', improvements(org), { body }),
  updateImprovement: (
    org: string,
    i: Pick<Improvement, 'id' | 'version'>,
    body: { status?: 'open' | 'in_progress' | 'done'; ownerMemberId?: string | null },
  ) =>
    request<Improvement>('PATCH', `${improvements(org)}/${seg(i.id)}`, {
      body,
      ifMatch: i.version,
    }),
  decideImprovement: (
    org: string,
    i: Pick<Improvement, 'id' | 'version'>,
    decision: 'adopted' | 'deferred' | 'rejected',
    note: string | null,
  ) =>
    request<Improvement>('POST', `${improvements(org)}/${seg(i.id)}/decision`, {
      body: note ? { decision, note } : { decision },
      ifMatch: i.version,
    }),
};
