// A list of the API read page by page ("Show more" by cursor), as one infinite query of the app's
// cache (lib/query.ts): its key starts with the organization's slug and ends with the as-of
// moment, so a change of the organization reads again every page on screen, and the past and
// now never share pages.
import { useInfiniteQuery } from '@tanstack/react-query';
import { ApiError, type Page } from '../api';
import { messageOf } from './data';
import { queryKey } from './query';

export interface Paged<T> {
  /** Every item of the pages read so far (null until the first page is in). */
  items: T[] | null;
  /** The names the pages carry for the records and people they refer to, merged. */
  names: Map<string, string>;
  error: string | null;
  /** The HTTP status of the failure, when there was one. */
  status: number | null;
  /** The first page is being read. */
  loading: boolean;
  /** The list goes on beyond the pages read. */
  more: boolean;
  /** The next page is being read. */
  loadingMore: boolean;
  /** Reads the next page. */
  loadMore: () => void;
}

/**
 * Reads `fetchPage(null)`, then the next page by its cursor on `loadMore`. `key` names the list
 * as `useData` keys do (`${slug}|evidence|${search}`), the slug first; null: nothing is read yet.
 */
export function usePaged<T>(
  key: string | null,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  /** A first page already read with something else (the dashboard's one call). */
  firstPage?: Page<T>,
): Paged<T> {
  const q = useInfiniteQuery({
    // A first page read with something else is fresh: it is not read again until a change of
    // the organization (which refreshes every read on screen, this one too).
    ...(firstPage
      ? { initialData: { pages: [firstPage], pageParams: [null] }, staleTime: Infinity }
      : {}),
    // 'pages' keeps these entries apart from a plain read under the same name.
    queryKey: queryKey(...(key ?? '').split('|'), 'pages'),
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>): string | undefined => last.nextCursor ?? undefined,
    enabled: key !== null,
  });
  const error = q.error;
  return {
    items: key === null || !q.data ? null : q.data.pages.flatMap((p) => p.items),
    names: new Map(
      (q.data?.pages ?? []).flatMap((p) =>
        Object.entries((p as { names?: Record<string, string> }).names ?? {}),
      ),
    ),
    error: error ? messageOf(error) : null,
    status: error instanceof ApiError ? error.status : null,
    loading: key !== null && q.isPending,
    more: q.hasNextPage,
    loadingMore: q.isFetchingNextPage,
    loadMore: () => void q.fetchNextPage({ cancelRefetch: false }),
  };
}
