// Reading a paged list of the API to its end, or to a bound.
import type { Page } from '../api';

/**
 * Every item of a paged list, following the cursors for at most `maxPages` pages; `more` says
 * whether the list went on beyond them.
 */
export async function allPages<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxPages = Infinity,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < maxPages; n++) {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { items, more: cursor !== null };
}
