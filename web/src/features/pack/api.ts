import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

/** An audit pack being made in the background (a job), as the server reports it. */
export type AuditPack = Schema<'AuditPack'>;

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
