import { orgPath, request, seg, withQuery, type Page } from '../../api';

/** An audit pack being made in the background (a job), as the server reports it. */
export interface AuditPack {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  phase: string | null;
  asOf: string | null;
  scope: string[] | null;
  events: number | null;
  records: number | null;
  bytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  download: string | null;
}

export const packApi = {
  create: (slug: string, body: { asOf?: string; scope?: string[] }) =>
    request<AuditPack>('POST', `${orgPath(slug)}/packs`, { body }),
  get: (slug: string, id: string) => request<AuditPack>('GET', `${orgPath(slug)}/packs/${seg(id)}`),
  /** The AI systems a pack can be scoped to (the first 500, by the list's order). */
  systems: (slug: string) =>
    request<Page<{ id: string; name: string }>>(
      'GET',
      withQuery(`${orgPath(slug)}/ai-systems`, { limit: 500 }),
    ),
};
