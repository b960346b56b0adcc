// A record list laid out the same way on every page: the list toolbar (search, filters, "awaiting
// me" where the records wait for someone's decision, sort), then the table or why there is none
// (loading, could not be read, nothing yet, nothing matches), then "Show more" while the server
// has more. The pages come from useListPages (its state is the address's query string); the page
// gives only its words, its filters and its table.
import type { ReactNode } from 'react';
import { Alert } from './form';
import { ListToolbar, type ToolbarFilter, type ToolbarOption } from './list-toolbar';
import { Loading } from './page';

/** What useListPages hands back, as this component reads it. */
export interface ListPagesState<T> {
  filtered: boolean;
  loaded: boolean;
  error: string | null;
  items: T[];
  cursor: string | null;
  loadMore: () => Promise<void>;
  moreError: string | null;
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
  list: ListPagesState<T>;
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
        count={list.loaded ? list.items.length : null}
        more={Boolean(list.cursor)}
      >
        {tools}
      </ListToolbar>
      {!list.loaded ? (
        <Loading
          what={list.error ? `The ${noun} could not be loaded: ${list.error}` : 'Loading…'}
        />
      ) : list.items.length === 0 ? (
        <p className="empty">{list.filtered ? noMatch : none}</p>
      ) : (
        children(list.items)
      )}
      <Alert>{list.moreError && `More ${noun} could not be loaded: ${list.moreError}`}</Alert>
      {list.cursor && (
        <button type="button" className="button" onClick={() => void list.loadMore()}>
          Show more
        </button>
      )}
    </>
  );
}
