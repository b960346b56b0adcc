// A register's records as a table, and the hook that pages through them.
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../lib/data';
import {
  useGeneration,
  type Catalog,
  type FieldMeta,
  type RecordData,
  type RegisterMeta,
} from '../../lib/lookups';
import { Link } from '../../router';
import { registersApi } from './api';
import { FieldValue, recordTitle } from './field-value';
import { recordHref } from './links';

export interface Records {
  items: RecordData[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  more: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** The records matching `query`, page by page; refetched when the query changes or this app changed data. */
export function useRecords(
  slug: string,
  reg: RegisterMeta | null,
  query: Record<string, string>,
  pageSize = 50,
): Records {
  const [items, setItems] = useState<RecordData[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const gen = useGeneration();
  const run = useRef(0);
  const queryKey = JSON.stringify(Object.entries(query).sort());

  const fetchPage = useCallback(
    async (from: string | null) => {
      if (!reg) return;
      const mine = ++run.current;
      setLoading(true);
      try {
        const filters = Object.fromEntries(JSON.parse(queryKey) as [string, string][]);
        const page = await registersApi.list(slug, reg, {
          ...filters,
          limit: pageSize,
          cursor: from,
        });
        if (mine !== run.current) return;
        setItems((prev) => (from ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
        setLoaded(true);
      } catch (e) {
        if (mine === run.current) setError(messageOf(e));
      } finally {
        if (mine === run.current) setLoading(false);
      }
    },
    [slug, reg, queryKey, pageSize],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage, gen, nonce]);

  return {
    items,
    loaded,
    loading,
    error,
    more: cursor !== null,
    loadMore: () => void fetchPage(cursor),
    reload: () => setNonce((n) => n + 1),
  };
}

/** Fields that can order a list (the API sorts by filterable fields other than yes/no ones). */
export const sortable = (f: FieldMeta) =>
  f.filter && f.kind !== 'bool' && f.kind !== 'multi' && f.kind !== 'refs';

interface TableProps {
  slug: string;
  reg: RegisterMeta;
  catalog: Catalog;
  items: RecordData[];
  caption: string;
  /** Columns not to show (e.g. the AI system on the system's own page). */
  hide?: readonly string[];
  sort?: string;
  onSort?: (sort: string) => void;
}

export function listColumns(reg: RegisterMeta, hide: readonly string[] = []) {
  const cols = reg.fields.filter((f) => f.list && !hide.includes(f.name));
  // The record's name comes first: it is the link to the record.
  const title = cols.find((f) => f.name === reg.titleField);
  return title ? [title, ...cols.filter((f) => f !== title)] : cols;
}

export function RecordTable({
  slug,
  reg,
  catalog,
  items,
  caption,
  hide = [],
  sort,
  onSort,
}: TableProps) {
  const columns = listColumns(reg, hide);
  const hasTitle = columns.some((c) => c.name === reg.titleField);
  const sortField = sort?.replace(/^-/, '');
  const descending = sort?.startsWith('-') ?? false;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {!hasTitle && (
              <th scope="col">{reg.singular[0]!.toUpperCase() + reg.singular.slice(1)}</th>
            )}
            {columns.map((f) => {
              const active = sortField === f.name;
              const ariaSort = active ? (descending ? 'descending' : 'ascending') : undefined;
              return (
                <th key={f.name} scope="col" aria-sort={ariaSort}>
                  {onSort && sortable(f) ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => onSort(active && !descending ? `-${f.name}` : f.name)}
                      title={
                        active && !descending
                          ? `Sort by ${f.label.toLowerCase()}, last first`
                          : `Sort by ${f.label.toLowerCase()}`
                      }
                    >
                      {f.label}
                      <span aria-hidden="true" className="sort-mark">
                        {active ? (descending ? ' ▼' : ' ▲') : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    f.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              {!hasTitle && (
                <td>
                  <Link href={recordHref(slug, reg, r.id)}>{recordTitle(reg, r)}</Link>
                </td>
              )}
              {columns.map((f) =>
                f.name === reg.titleField ? (
                  <th key={f.name} scope="row" className="row-title">
                    <Link href={recordHref(slug, reg, r.id)}>{recordTitle(reg, r)}</Link>
                  </th>
                ) : (
                  <td key={f.name}>
                    <FieldValue
                      slug={slug}
                      reg={reg}
                      field={f}
                      record={r}
                      catalog={catalog}
                      short
                    />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
