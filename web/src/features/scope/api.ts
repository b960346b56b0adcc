import { call, client, ifMatch, type Body, type Schema } from '../../api';

export type Exclusion = ScopeVersion['exclusions'][number];

export type ScopeVersion = Schema<'ScopeVersion'>;

/** What the scope form sends: AI roles as the strings the page offers (the server checks them). */
export type ScopeInput = Omit<Body<'scope.draft'>, 'aiRoles'> & { aiRoles: string[] };

/** The AI roles of ISO/IEC 42001 (via ISO/IEC 22989), used when the catalogue does not list them. */
export const AI_ROLES = [
  'provider',
  'producer',
  'customer',
  'partner',
  'subject',
  'relevant_authority',
];

const path = (org: string) => ({ path: { org } });
const version = (org: string, v: ScopeVersion) => ({
  path: { org, scopeVersionId: v.id },
});

export const scopeApi = {
  get: (org: string) => call(client.GET('/api/v1/orgs/{org}/scope', { params: path(org) })),
  versions: (org: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/scope/versions', {
        params: { ...path(org), query: { limit: 200 } },
      }),
    ),
  draft: (org: string, body: ScopeInput) =>
    call(
      client.POST('/api/v1/orgs/{org}/scope/versions', {
        params: path(org),
        body: body as Body<'scope.draft'>,
      }),
    ),
  edit: (org: string, v: ScopeVersion, body: Partial<ScopeInput>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/scope/versions/{scopeVersionId}', {
        params: version(org, v),
        headers: ifMatch(v.version),
        body: body as Body<'scope.edit'>,
      }),
    ),
  approve: (org: string, v: ScopeVersion) =>
    call(
      client.POST('/api/v1/orgs/{org}/scope/versions/{scopeVersionId}/approve', {
        params: version(org, v),
        headers: ifMatch(v.version),
      }),
    ),
};
