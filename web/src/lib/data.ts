// Loading data for a page: one hook that fetches when its key changes, keeps the last good data
// while reloading, and turns a failure into a message.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

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

/**
 * Runs `load` whenever `key` changes (null: not yet, nothing is fetched). A change of `refresh`
 * fetches again but keeps showing the current data until the new data is in.
 */
export function useData<T>(
  key: string | null,
  load: () => Promise<T>,
  refresh: unknown = 0,
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const loader = useRef(load);
  loader.current = load;
  const run = useRef(0);

  const fetchNow = useCallback(async () => {
    const mine = ++run.current;
    setLoading(true);
    try {
      const d = await loader.current();
      if (mine !== run.current) return;
      setData(d);
      setError(null);
      setStatus(null);
    } catch (e) {
      if (mine !== run.current) return;
      setError(messageOf(e));
      setStatus(e instanceof ApiError ? e.status : null);
    } finally {
      if (mine === run.current) setLoading(false);
    }
  }, []);

  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    if (key === null) return;
    if (shownKey.current !== key) {
      shownKey.current = key;
      setData(null);
    }
    void fetchNow();
    return () => {
      run.current++;
    };
  }, [key, refresh, fetchNow]);

  return { data, error, status, loading, reload: fetchNow, set: setData };
}
