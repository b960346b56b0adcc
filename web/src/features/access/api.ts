import { orgPath, request, seg, withQuery, type Page } from '../../api';

/** A member assigned to an AI system (access matched to responsibilities). */
export interface Assignment {
  id: string;
  memberId: string;
  aiSystemId: string;
  version: number;
  createdAt: string;
}

/** The organization as the caller sees it: the setting, and the systems the caller is limited to. */
export interface OrgAccessSettings {
  scopedAccess: boolean;
  version: number;
  /** The AI systems the caller may change when limited; null: every system. */
  assignedAiSystemIds: string[] | null;
}

export const accessApi = {
  settings: (org: string) => request<OrgAccessSettings>('GET', orgPath(org)),
  setScoped: (org: string, scopedAccess: boolean, version: number) =>
    request<{ scopedAccess: boolean; version: number }>('PUT', `${orgPath(org)}/access-settings`, {
      body: { scopedAccess },
      ifMatch: version,
    }),
  assignments: (org: string, aiSystemId: string) =>
    request<Page<Assignment>>(
      'GET',
      withQuery(`${orgPath(org)}/ai-system-assignments`, { aiSystemId, limit: 200 }),
    ),
  assign: (org: string, body: { memberId: string; aiSystemId: string }) =>
    request<Assignment>('POST', `${orgPath(org)}/ai-system-assignments`, { body }),
  unassign: (org: string, id: string) =>
    request<void>('DELETE', `${orgPath(org)}/ai-system-assignments/${seg(id)}`),
};
