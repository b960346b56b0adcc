// Loading data for a page: one hook over the app's query cache (lib/query.ts) that fetches when
// its key changes, keeps the last good data while reloading, and turns a failure into a message.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError } from '../api';
import { queryClient, queryKey } from './query';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of the failure (404: the thing does not exist), when there was one. */
  status: number | null;
  loading: boolean;
  /** Fetches again; resolves once the new data (or error) is in. */
  reload: () => Promise<void>;
  /** Replaces the data without fetching (after a change answered with the new state). */
  set: (data: T) => void;
}

export const messageOf = (e: unknown) =>
  e instanceof ApiError || e instanceof Error ? e.message : String(e);

/** The query key of a `useData` key: `org|what|id` → [org, what, id, as-of]. */
export const dataKey = (key: string) => queryKey(...key.split('|'));

/**
 * Runs `load` whenever `key` changes (null: not yet, nothing is fetched). A change of `refresh`
 * fetches again but keeps showing the current data until the new data is in. Keys name what is
 * loaded, the organization's slug first (`${slug}|risk|${id}`): pages reading the same key share
 * one read, and a change of the organization refreshes it (lib/query.ts `refreshOrg`).
 */
export function useData<T>(
  key: string | null,
  load: () => Promise<T>,
  refresh: unknown = 0,
): Loaded<T> {
  const qKey = dataKey(key ?? '');
  const q = useQuery({
    queryKey: qKey,
    // The cache holds no `undefined`: an empty answer (204) is kept as null.
    queryFn: async () => ((await load()) ?? null) as T | null,
    enabled: key !== null,
  });
  const { refetch } = q;

  const seen = useRef(refresh);
  useEffect(() => {
    if (Object.is(seen.current, refresh)) return;
    seen.current = refresh;
    // A read already under way (after an invalidation) is the one waited for.
    if (key !== null) void refetch({ cancelRefetch: false });
  }, [refresh, key, refetch]);

  const keyText = JSON.stringify(qKey);
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  const set = useCallback(
    (data: T) => queryClient.setQueryData(JSON.parse(keyText) as unknown[], data),
    [keyText],
  );

  const error = q.error;
  return {
    data: key === null ? null : (q.data ?? null),
    error: error ? messageOf(error) : null,
    status: error instanceof ApiError ? error.status : null,
    loading: key !== null && (q.isFetching || q.isPending),
    reload,
    set,
  };
}
