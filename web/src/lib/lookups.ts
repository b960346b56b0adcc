// Short-lived, shared look-ups: the register catalogue (fixed while the app runs), the members of
// an organization, and the titles of a register's records (for reference fields). A change made
// in this app drops the organization's entries, so the next read sees it.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, request, orgPath, withQuery, type Member, type Page } from '../api';
import { useData } from './data';
import { allPages } from './pages';

export type FieldKind =
  'text' | 'longtext' | 'enum' | 'multi' | 'date' | 'bool' | 'url' | 'member' | 'ref' | 'refs';

export interface FieldMeta {
  name: string;
  kind: FieldKind;
  label: string;
  help: string | null;
  required: boolean;
  readOnly: boolean;
  options: string[] | null;
  ref: string | null;
  filter: boolean;
  search: boolean;
  list: boolean;
}

export interface RegisterMeta {
  key: string;
  path: string;
  title: string;
  singular: string;
  clauses: string;
  titleField: string;
  fields: FieldMeta[];
}

export interface RecordData {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface Catalog {
  registers: RegisterMeta[];
  byKey: Map<string, RegisterMeta>;
  byPath: Map<string, RegisterMeta>;
}

let catalog: Promise<Catalog> | null = null;

export function loadCatalog(): Promise<Catalog> {
  catalog ??= request<{ items: RegisterMeta[] }>('GET', '/api/v1/registers').then(
    ({ items }) => ({
      registers: items,
      byKey: new Map(items.map((r) => [r.key, r])),
      byPath: new Map(items.map((r) => [r.path, r])),
    }),
    (e: unknown) => {
      catalog = null;
      throw e;
    },
  );
  return catalog;
}

const TTL_MS = 20_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();
let generation = 0;
const listeners = new Set<() => void>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forgets what is cached for an organization (after this app changed something in it). */
export function invalidate(org: string) {
  for (const k of cache.keys()) if (k.startsWith(`${org}|`)) cache.delete(k);
  generation++;
  listeners.forEach((l) => l());
}

export function useGeneration() {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => generation,
  );
}

export interface MemberIndex {
  list: Member[];
  byId: Map<string, Member>;
  /** Emails by user id, to name the actors of ledger events. */
  emailsByUser: Map<string, string>;
}

export const loadMembers = (org: string): Promise<MemberIndex> =>
  cached(`${org}|members`, async () => {
    const { items: list } = await allPages((cursor) => api.members(org, cursor), 40);
    return {
      list,
      byId: new Map(list.map((m) => [m.id, m])),
      emailsByUser: new Map(list.map((m) => [m.userId, m.email])),
    };
  });

/** Titles of a register's records by id: all of them (up to 20,000), so every record can be named and chosen. */
export const loadTitles = (org: string, reg: RegisterMeta): Promise<Map<string, string>> =>
  cached(`${org}|titles|${reg.key}`, async () => {
    const { items } = await allPages(
      (cursor) =>
        request<Page<RecordData>>(
          'GET',
          withQuery(`${orgPath(org)}/${reg.path}`, { limit: 500, cursor }),
        ),
      40,
    );
    return new Map(items.map((r) => [r.id, String(r[reg.titleField] ?? r.id)]));
  });

function useCached<T>(key: string | null, load: () => Promise<T>): T | null {
  const gen = useGeneration();
  const [state, setState] = useState<{ key: string; gen: number; value: T } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    // Names are a convenience: when they cannot be read, ids stay on screen.
    load().then(
      (value) => live && setState({ key, gen, value }),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // `load` is recreated by callers on every render; the key says what it loads.
  }, [key, gen]);
  return state && state.key === key ? state.value : null;
}

/** The register catalogue, with the reason when it could not be read. */
export function useCatalog(): { catalog: Catalog | null; error: string | null } {
  const { data, error } = useData('catalog', loadCatalog);
  return { catalog: data, error };
}
export const useMembers = (org: string) => useCached(`${org}|members`, () => loadMembers(org));
export const useTitles = (org: string, reg: RegisterMeta | null | undefined) =>
  useCached(reg ? `${org}|titles|${reg.key}` : null, () => loadTitles(org, reg!));
