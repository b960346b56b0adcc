import { call, client, type Body, type Schema } from '../../api';

/** An audit pack being made in the background (a job), as the server reports it. */
export type AuditPack = Schema<'AuditPack'>;

const at = (org: string) => ({ path: { org } });

export const packApi = {
  create: (slug: string, body: Body<'pack.create'>) =>
    call(client.POST('/api/v1/orgs/{org}/packs', { params: at(slug), body })),
  get: (slug: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/packs/{packId}', {
        params: { path: { org: slug, packId: id } },
      }),
    ),
  /** The AI systems a pack can be scoped to (the first 500, by the list's order). */
  systems: async (slug: string) => {
    const { items } = await call(
      client.GET('/api/v1/orgs/{org}/ai-systems', {
        params: { ...at(slug), query: { limit: 500 } },
      }),
    );
    // A system without a name is shown by its id.
    return items.map((s) => ({ id: s.id, name: s.name ?? s.id }));
  },
};
