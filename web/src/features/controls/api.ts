import {
  call,
  client,
  ifMatch,
  orgPath,
  readHref,
  withQuery,
  type Body,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

export const IMPLEMENTATION = ['not_started', 'planned', 'partial', 'implemented'] as const;
export type Implementation = (typeof IMPLEMENTATION)[number] | 'not_applicable';

export type SoaEntry = Omit<Schema<'SoaEntry'>, 'implementationStatus'> & {
  implementationStatus: Implementation | null;
};

/** What an applicability decision sends; the server checks the values (422 with a pointer). */
export type SoaDecision = Body<'soa.decide'>;

export type SoaVersion = Schema<'SoaVersion'>;

/** The statement list's search, filters and sort, as the server takes them. */
export type SoaQuery = NonNullable<operations['soa.list']['parameters']['query']>;

const path = (org: string) => ({ path: { org } });
const asEntry = (e: Schema<'SoaEntry'>) => e as SoaEntry;

export const soaApi = {
  /** One page of the statement, narrowed and ordered as `f` asks (the list's toolbar). */
  page: async (org: string, f: Partial<Record<keyof SoaQuery, string | null>>) => {
    const p = await call(
      client.GET('/api/v1/orgs/{org}/soa', {
        params: { ...path(org), query: listQuery<SoaQuery>(f) },
      }),
    );
    return { ...p, items: p.items.map(asEntry) };
  },
  decide: (org: string, e: Pick<SoaEntry, 'controlId' | 'version'>, body: SoaDecision) =>
    call(
      client.PUT('/api/v1/orgs/{org}/soa/{controlId}', {
        params: { path: { org, controlId: e.controlId } },
        ...(e.version > 0 ? { headers: ifMatch(e.version) } : {}),
        body,
      }),
    ).then(asEntry),
  addControl: (org: string, body: Body<'soa.add_control'>) =>
    call(client.POST('/api/v1/orgs/{org}/soa/controls', { params: path(org), body })).then(asEntry),
  exportHref: (org: string, format: 'xlsx' | 'pdf' | 'csv') =>
    readHref(withQuery(`${orgPath(org)}/soa/export`, { format })),
  versions: (org: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/soa-versions', {
        params: { ...path(org), query: { limit: 50 } },
      }),
    ),
  freeze: (org: string, changeNote: string | null) =>
    call(
      client.POST('/api/v1/orgs/{org}/soa-versions', { params: path(org), body: { changeNote } }),
    ),
  approve: (org: string, v: SoaVersion) =>
    call(
      client.POST('/api/v1/orgs/{org}/soa-versions/{soaVersionId}/approve', {
        params: { path: { org, soaVersionId: v.id } },
        headers: ifMatch(v.version),
      }),
    ),
};
