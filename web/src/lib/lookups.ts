// Shared look-ups that are fixed while the app runs: the register catalogue and the standards
// catalog, as queries of the app's cache (lib/query.ts). Names of referenced records come from the
// server's views (`names`) and choices from the record picker, never from a whole register.
import { useQuery } from '@tanstack/react-query';
import { call, client, type Answer } from '../api';
import type { operations } from '../generated/openapi';
import { useData } from './data';
import { queryClient } from './query';

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
