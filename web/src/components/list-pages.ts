// The pages of a list read with the toolbar's parameters: the first page through the query layer
// (keyed by the address's query string, so a change of search, filter or sort reads again) and
// "Show more" pages appended after it, kept only while the query string stays the same.
import { useState } from 'react';
import type { Page } from '../api';
import { messageOf, useData } from '../lib/data';
import { useSearch } from '../router';

export function useListPages<T, F extends Record<string, string>>(
  key: string,
  names: readonly (keyof F & string)[],
  load: (filter: F & { cursor?: string | null }) => Promise<Page<T>>,
) {
  const search = useSearch();
  const params = new URLSearchParams(search);
  const filter = Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as F;
  const first = useData(`${key}|${search}`, () => load(filter));
  const [more, setMore] = useState<{ key: string; page: Page<T> } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const extra = more && more.key === search ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.nextCursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    setMoreError(null);
    try {
      const page = await load({ ...filter, cursor });
      setMore({
        key: search,
        page: { items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor },
      });
    } catch (e) {
      setMoreError(messageOf(e));
    }
  };
  return {
    /** Whether a search, filter or sort narrows or orders the list. */
    filtered: search.replace(/^\?/, '') !== '',
    loaded: first.data !== null,
    error: first.error,
    items,
    cursor,
    loadMore,
    moreError,
  };
}
