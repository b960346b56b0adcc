// A register's records as a table, and the hook that pages through them.
import { usePaged } from '../../lib/paged';
import {
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
}

/**
 * The records matching `query`, page by page (one infinite query under the organization's key:
 * a change of the organization reads every page on screen again).
 */
export function useRecords(
  slug: string,
  reg: RegisterMeta | null,
  query: Record<string, string>,
  pageSize = 50,
): Records {
  const filters = JSON.stringify(Object.entries(query).sort());
  const list = usePaged(
    reg ? `${slug}|records|${reg.key}|${pageSize}|${filters}` : null,
    (cursor) => registersApi.list(slug, reg!, { ...query, limit: pageSize, cursor }),
  );
  return {
    items: list.items ?? [],
    loaded: list.items !== null,
    loading: list.loading || list.loadingMore,
    error: list.error,
    more: list.more,
    loadMore: list.loadMore,
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
