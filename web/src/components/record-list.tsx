// A record list laid out the same way on every page: the list toolbar (search, filters, "awaiting
// me" where the records wait for someone's decision, sort), then the table or why there is none
// (loading, could not be read, nothing yet, nothing matches), then "Show more" while the server
// has more. The pages come from useRecordPages: the toolbar's state is the address's query
// string, and the pages are one infinite query of the app's cache (lib/paged.ts usePaged). The
// page gives only its words, its filters and its table.
import type { ReactNode } from 'react';
import type { Page } from '../api';
import { usePaged, type Paged } from '../lib/paged';
import { setSearch, useSearch } from '../router';
import { Alert } from './form';
import { ListToolbar, type ToolbarFilter, type ToolbarOption } from './list-toolbar';
import { Loading } from './page';

/** A list's pages as RecordList reads them. */
export interface RecordPages<T> extends Paged<T> {
  /** Whether a search, filter or sort narrows or orders the list. */
  filtered: boolean;
}

/**
 * The pages of a list read with the toolbar's parameters `names`, taken from the address's query
 * string: a change of search, filter or sort reads the list again from its first page. `key`
 * null: nothing is read yet; `firstPage`: the first page, already read with something else.
 */
export function useRecordPages<T, F extends Record<string, string>>(
  key: string | null,
  names: readonly (keyof F & string)[],
  load: (filter: F & { cursor?: string | null }) => Promise<Page<T>>,
  firstPage?: Page<T>,
): RecordPages<T> & { filter: F; setParam: (name: keyof F & string, value: string) => void } {
  const search = useSearch();
  const params = new URLSearchParams(search);
  const filter = Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as F;
  const list = usePaged(
    key === null ? null : `${key}|${search}`,
    (cursor) => load({ ...filter, cursor }),
    firstPage,
  );
  return {
    ...list,
    filtered: search.replace(/^\?/, '') !== '',
    filter,
    setParam: (name, value) => {
      const next = new URLSearchParams(search);
      if (value) next.set(name, value);
      else next.delete(name);
      setSearch(next);
    },
  };
}

/** The "awaiting my …" filter of records that wait for someone's decision (`awaiting=me`). */
export const awaitingMe = (label: string, what: string): ToolbarFilter => ({
  name: 'awaiting',
  label,
  any: 'Anyone’s',
  options: [{ value: 'me', label: what }],
});

export function RecordList<T>({
  list,
  noun,
  one,
  searchLabel,
  search,
  filters,
  sorts,
  unsorted,
  tools,
  none,
  noMatch = `No ${one} matches these filters.`,
  children,
}: {
  list: RecordPages<T>;
  /** What the list holds, plural, in a sentence ("audits"), and one of them ("audit"). */
  noun: string;
  one: string;
  searchLabel?: string;
  search?: boolean;
  filters?: ToolbarFilter[];
  sorts?: ToolbarOption[];
  unsorted?: string;
  /** Further filters of the list's own (a record picker), after the selects. */
  tools?: ReactNode;
  /** What an empty list says when nothing narrows it: "No audits planned yet." */
  none: ReactNode;
  /** What it says when the search and filters leave nothing: "No audit matches these filters." */
  noMatch?: string;
  /** The table of the items read so far. */
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <ListToolbar
        noun={noun}
        one={one}
        searchLabel={searchLabel}
        search={search}
        filters={filters}
        sorts={sorts}
        unsorted={unsorted}
        count={list.items ? list.items.length : null}
        more={list.more}
      >
        {tools}
      </ListToolbar>
      {!list.items ? (
        <Loading
          what={list.error ? `The ${noun} could not be loaded: ${list.error}` : 'Loading…'}
        />
      ) : list.items.length === 0 ? (
        <p className="empty">{list.filtered ? noMatch : none}</p>
      ) : (
        children(list.items)
      )}
      <Alert>{list.items && list.error && `More ${noun} could not be loaded: ${list.error}`}</Alert>
      {list.more && (
        <button
          type="button"
          className="button"
          disabled={list.loadingMore}
          onClick={list.loadMore}
        >
          Show more
        </button>
      )}
    </>
  );
}
