import { call, client, ifMatch, type Answer, type Schema } from '../../api';

/** A member assigned to an AI system (access matched to responsibilities). */
export type Assignment = Answer<'access.assignments'>['items'][number];

/** The organization as the caller sees it: the setting, and the systems the caller is limited to. */
export type OrgAccessSettings = Schema<'Organization'>;

const path = (org: string) => ({ path: { org } });

export const accessApi = {
  settings: (org: string) => call(client.GET('/api/v1/orgs/{org}', { params: path(org) })),
  setScoped: (org: string, scopedAccess: boolean, version: number) =>
    call(
      client.PUT('/api/v1/orgs/{org}/access-settings', {
        params: path(org),
        headers: ifMatch(version),
        body: { scopedAccess },
      }),
    ),
  assignments: (org: string, aiSystemId: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/ai-system-assignments', {
        params: { ...path(org), query: { aiSystemId, limit: 200 } },
      }),
    ),
  assign: (org: string, body: { memberId: string; aiSystemId: string }) =>
    call(client.POST('/api/v1/orgs/{org}/ai-system-assignments', { params: path(org), body })),
  unassign: (org: string, id: string) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/ai-system-assignments/{assignmentId}', {
        params: { path: { org, assignmentId: id } },
      }),
    ),
};
