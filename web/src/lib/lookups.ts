// Short-lived, shared look-ups: the register catalogue (fixed while the app runs), the members of
// an organization, and the titles of a register's records (for reference fields), as queries of
// the app's cache (lib/query.ts). A change made in this app refreshes the organization's entries.
import { useQuery } from '@tanstack/react-query';
import { api, call, client, type Answer, type Member } from '../api';
import type { operations } from '../generated/openapi';
import { useData } from './data';
import { allPages } from './pages';
import { queryClient, queryKey } from './query';
import { listRecords } from './register-routes';

/** A register as the catalogue describes it (GET /api/v1/registers). */
export type RegisterMeta = Answer<'registers.catalog'>['items'][number];
export type FieldMeta = RegisterMeta['fields'][number];
export type FieldKind = FieldMeta['kind'];

/** A record of any register, as the API answers it (the schemas of the registers' records). */
type RegisterRecord = Answer<Extract<`${RegisterMeta['key']}.get`, keyof operations>>;
/**
 * A record as the catalogue's generic pages read it: what every register's record has, and its
 * fields by name (the catalogue says which).
 */
export type RecordData = Pick<RegisterRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'> & {
  [field: string]: unknown;
};

export interface Catalog {
  registers: RegisterMeta[];
  byKey: Map<string, RegisterMeta>;
  byPath: Map<string, RegisterMeta>;
}

const toCatalog = (registers: RegisterMeta[]): Catalog => ({
  registers,
  byKey: new Map(registers.map((r) => [r.key, r])),
  byPath: new Map(registers.map((r) => [r.path, r])),
});

const CATALOG_KEY = ['catalog', 'registers'];
const readCatalog = async () => toCatalog((await call(client.GET('/api/v1/registers'))).items);

/** The register catalogue: fixed while the app runs, read once. */
export const loadCatalog = (): Promise<Catalog> =>
  queryClient.fetchQuery({ queryKey: CATALOG_KEY, queryFn: readCatalog, staleTime: Infinity });

/** How long members and titles are reused without asking again (a change drops them at once). */
const TTL_MS = 20_000;

export interface MemberIndex {
  list: Member[];
  byId: Map<string, Member>;
  /** Emails by user id, to name the actors of ledger events. */
  emailsByUser: Map<string, string>;
}

const membersQuery = (org: string) => ({
  queryKey: queryKey(org, 'members'),
  queryFn: async (): Promise<MemberIndex> => {
    const { items: list } = await allPages((cursor) => api.members(org, cursor), 40);
    return {
      list,
      byId: new Map(list.map((m) => [m.id, m])),
      emailsByUser: new Map(list.map((m) => [m.userId, m.email])),
    };
  },
  staleTime: TTL_MS,
});

export const loadMembers = (org: string): Promise<MemberIndex> =>
  queryClient.fetchQuery(membersQuery(org));

const titlesQuery = (org: string, reg: RegisterMeta) => ({
  queryKey: queryKey(org, 'titles', reg.key),
  queryFn: async (): Promise<Map<string, string>> => {
    const { items } = await allPages((cursor) => listRecords(org, reg, { limit: 500, cursor }), 40);
    return new Map(items.map((r) => [r.id, String(r[reg.titleField] ?? r.id)]));
  },
  staleTime: TTL_MS,
});

/** Titles of a register's records by id: all of them (up to 20,000), so every record can be named and chosen. */
export const loadTitles = (org: string, reg: RegisterMeta): Promise<Map<string, string>> =>
  queryClient.fetchQuery(titlesQuery(org, reg));

/** The standards catalog (life cycle stages, sectors, Annex C titles): fixed while the app runs. */
export const useCatalogInfo = () =>
  useQuery({
    queryKey: ['catalog', 'info'],
    queryFn: () => call(client.GET('/api/v1/catalog')),
    staleTime: Infinity,
  }).data ?? null;

/** The register catalogue, with the reason when it could not be read. */
export function useCatalog(): { catalog: Catalog | null; error: string | null } {
  const { data, error } = useData('catalog', loadCatalog);
  return { catalog: data, error };
}

// Names are a convenience: when they cannot be read, ids stay on screen (null, no error).
export const useMembers = (org: string): MemberIndex | null =>
  useQuery(membersQuery(org)).data ?? null;

export function useTitles(
  org: string,
  reg: RegisterMeta | null | undefined,
): Map<string, string> | null {
  const q = useQuery({
    ...(reg ? titlesQuery(org, reg) : { queryKey: queryKey(org, 'titles', ''), queryFn: noTitles }),
    enabled: !!reg,
  });
  return reg ? (q.data ?? null) : null;
}

const noTitles = async () => new Map<string, string>();
