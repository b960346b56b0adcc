import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Answer,
  type Body,
  type Schema,
  type SameValues,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { useCatalogInfo } from '../../lib/lookups';
import { useMemo } from 'react';
import { listQuery } from '../../lib/list-query';

export const RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'treated',
  'accepted',
  'closed',
] as const;
export const TREATMENTS = ['modify', 'avoid', 'share', 'retain'] as const;
export const TREATMENT_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
// The lists above are the API's enums exactly (tsc fails when the server changes them).
type RiskStatus = NonNullable<
  NonNullable<operations['risks.list']['parameters']['query']>['status']
>;
const _statuses: SameValues<(typeof RISK_STATUSES)[number], RiskStatus> = true;
const _treatments: SameValues<
  (typeof TREATMENTS)[number],
  NonNullable<Body<'risks.update'>['treatment']>
> = true;
const _treatmentStatuses: SameValues<
  (typeof TREATMENT_STATUSES)[number],
  Schema<'RiskTreatment'>['status']
> = true;
/** Titles of Annex C by id, from the catalog the server serves (empty until it is read). */
export function useAnnexC(): {
  riskSources: Record<string, string>;
  objectives: Record<string, string>;
} {
  const info = useCatalogInfo();
  return useMemo(() => {
    const byId = (xs: { id: string; title: string }[] = []) =>
      Object.fromEntries(xs.map((x) => [x.id, x.title]));
    return {
      riskSources: byId(info?.annexC.riskSources),
      objectives: byId(info?.annexC.objectives),
    };
  }, [info]);
}

export type Acceptance = Risk['acceptance'];
export type Risk = Schema<'Risk'>;
export type Treatment = Schema<'RiskTreatment'>;
export type Criteria = Schema<'RiskCriteria'>;
/** The criteria in force, with what the caller may do with them (as the server decides). */
export type CriteriaInForce = Schema<'RiskCriteriaInForce'>;
export type CriteriaVersion = Schema<'RiskCriteriaVersion'>;
export type Heatmap = Answer<'risks.heatmap'>;
export type Overview = Answer<'risks.overview'>;

/**
 * What the risk form sends: its fields hold the strings of the options the page offers (the
 * body types of the API are narrower: enums); the server checks the values (422).
 */
export type RiskInput = Loose<Body<'risks.update'>>;
type Loose<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends readonly (infer E)[] ? Widen<E>[] : Widen<T[K]>;
};
type Widen<V> = V extends string ? string : V;

export interface RiskFilter {
  q?: string | null;
  sort?: string | null;
  /** "me": only risks whose acceptance waits for the caller. */
  awaiting?: string | null;
  status?: string | null;
  aiSystemId?: string | null;
  ownerMemberId?: string | null;
  residualLevel?: string | null;
  inherentCell?: string | null;
  residualCell?: string | null;
  criteriaId?: string | null;
  cursor?: string | null;
}

type RiskQuery = NonNullable<operations['risks.list']['parameters']['query']>;
const query = (f: RiskFilter) => listQuery<RiskQuery>(f);

const path = (org: string) => ({ path: { org } });
const risk = (org: string, riskId: string) => ({ path: { org, riskId } });

export const risksApi = {
  list: (org: string, f: RiskFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/risks', {
        params: { ...path(org), query: { limit: 100, ...query(f) } },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/risks/{riskId}', { params: risk(org, id) })),
  create: (org: string, body: RiskInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/risks', {
        params: path(org),
        body: body as Body<'risks.create'>,
      }),
    ),
  update: (org: string, r: Pick<Risk, 'id' | 'version'>, body: RiskInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/risks/{riskId}', {
        params: risk(org, r.id),
        headers: ifMatch(r.version),
        body: body as Body<'risks.update'>,
      }),
    ),
  remove: (org: string, r: Pick<Risk, 'id' | 'version'>) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/risks/{riskId}', {
        params: risk(org, r.id),
        headers: ifMatch(r.version),
      }),
    ),
  treatments: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/risks/{riskId}/treatments', {
        params: { ...risk(org, id), query: { limit: 200 } },
      }),
    ),
  addTreatment: (org: string, id: string, body: Body<'risks.treat'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/risks/{riskId}/treatments', {
        params: risk(org, id),
        body,
      }),
    ),
  updateTreatment: (org: string, t: Treatment, body: Loose<Body<'risks.treatment_update'>>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/risks/{riskId}/treatments/{treatmentId}', {
        params: { path: { org, riskId: t.riskId, treatmentId: t.id } },
        headers: ifMatch(t.version),
        body: body as Body<'risks.treatment_update'>,
      }),
    ),
  accept: (org: string, r: Pick<Risk, 'id' | 'version'>, body: Body<'risks.accept'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/risks/{riskId}/acceptance', {
        params: risk(org, r.id),
        headers: ifMatch(r.version),
        body,
      }),
    ),
  criteria: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/risk-criteria', { params: path(org) })),
  criteriaVersions: (org: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/risk-criteria-versions', {
        params: { ...path(org), query: { limit: 100 } },
      }),
    ),
  criteriaVersion: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/risk-criteria-versions/{criteriaId}', {
        params: { path: { org, criteriaId: id } },
      }),
    ),
  setCriteria: (org: string, body: Body<'risk_criteria.update'>) =>
    call(client.POST('/api/v1/orgs/{org}/risk-criteria', { params: path(org), body })),
  heatmap: (org: string, kind: 'inherent' | 'residual', aiSystemId?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/risk-heatmap', {
        params: { ...path(org), query: { kind, ...(aiSystemId ? { aiSystemId } : {}) } },
      }),
    ),
  overview: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/risk-overview', { params: path(org) })),
  exportHref: (org: string, format: 'csv' | 'xlsx' | 'pdf') =>
    readHref(withQuery(`${orgPath(org)}/risks/export`, { format })),
};
