// The toolbar every record list shows the same way: a search box, filter selects, a sort with
// its direction, how many records are shown, and "Clear". Its state is the page's query string
// (useListParams), so a filtered, sorted list is a link that can be shared.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { setSearch, useSearch } from '../router';

export interface ToolbarOption {
  value: string;
  label: string;
}

export interface ToolbarFilter {
  /** The query parameter (also the server's). */
  name: string;
  label: string;
  options: ToolbarOption[];
  /** The label of the empty choice; "Any" unless said. */
  any?: string;
}

/** The page's list parameters, read from and written to the query string. */
export function useListParams() {
  const search = useSearch();
  const params = new URLSearchParams(search);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };
  return {
    search,
    params,
    get: (name: string) => params.get(name) ?? '',
    set,
    clear: () => setSearch(new URLSearchParams()),
  };
}

/** A search box that commits after a pause in typing, or at once on Enter. */
function SearchBox({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const t = setTimeout(() => commit.current(text.trim()), 350);
    return () => clearTimeout(t);
  }, [text, value]);
  return (
    <div className="filter filter-search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onCommit(text.trim());
          }
        }}
      />
    </div>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: ToolbarOption[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The list's tools. `sorts` are the server's sort fields (the value `-field` sorts descending);
 * without a sort the list is newest first (or in the order `unsorted` names). `count` is how many
 * records the page shows (`more`: there are more to load).
 */
export function ListToolbar({
  noun,
  one,
  searchLabel = 'Search',
  search = true,
  filters = [],
  sorts = [],
  unsorted = 'Newest first',
  count,
  more = false,
  children,
}: {
  /** What the list holds, plural, in a sentence: "risks". */
  noun: string;
  /** One of them: "risk". */
  one: string;
  searchLabel?: string;
  /** Whether the list has a search box (the server searches it with `q`). */
  search?: boolean;
  filters?: ToolbarFilter[];
  sorts?: ToolbarOption[];
  /** What the list's order is without a sort: "Newest first" unless said. */
  unsorted?: string;
  count: number | null;
  more?: boolean;
  /** Further filters of the list's own (a record picker), after the selects. */
  children?: ReactNode;
}) {
  const p = useListParams();
  const sort = p.get('sort');
  const field = sort.replace(/^-/, '');
  const active = [...p.params.keys()].some((k) => k !== 'cursor');
  return (
    <form
      className="filters panel list-toolbar"
      role="search"
      aria-label={`Search and filter ${noun}`}
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="filter-row">
        {search && (
          <SearchBox label={searchLabel} value={p.get('q')} onCommit={(v) => p.set('q', v)} />
        )}
        {filters.map((f) => (
          <Select
            key={f.name}
            label={f.label}
            value={p.get(f.name)}
            options={[{ value: '', label: f.any ?? 'Any' }, ...f.options]}
            onChange={(v) => p.set(f.name, v)}
          />
        ))}
        {children}
        {sorts.length > 0 && (
          <>
            <Select
              label="Sort by"
              value={field}
              options={[{ value: '', label: unsorted }, ...sorts]}
              onChange={(v) => p.set('sort', v && sort.startsWith('-') ? `-${v}` : v)}
            />
            {field && (
              <Select
                label="Order"
                value={sort.startsWith('-') ? 'desc' : 'asc'}
                options={[
                  { value: 'asc', label: 'Ascending' },
                  { value: 'desc', label: 'Descending' },
                ]}
                onChange={(v) => p.set('sort', v === 'desc' ? `-${field}` : field)}
              />
            )}
          </>
        )}
      </div>
      <div className="filter-row list-toolbar-status">
        <span role="status" aria-live="polite" className="muted">
          {count === null
            ? 'Loading…'
            : `${more ? 'The first ' : ''}${count} ${count === 1 ? one : noun}${active ? (count === 1 ? ' matches' : ' match') : ''}.`}
        </span>
        {active && (
          <button type="button" className="button small" onClick={p.clear}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
