// One register's list: free-text search, a filter per filterable field, sorting by column, and
// paging; the filters live in the address so a filtered list can be bookmarked and shared.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { Breadcrumbs, PageHeader } from '../../components/page';
import { inSentence, optionsOf, plural } from '../../lib/format';
import { type Catalog, type FieldMeta, type RegisterMeta } from '../../lib/lookups';
import { Link, sectionHref, setSearch, useSearch } from '../../router';
import { registersApi } from './api';
import { registerHref } from './links';
import { PublishRegister } from './publish';
import { RecordTable, useRecords } from './record-table';

/** Filters offered as selects; the others (free text, dates) sit under "More filters". */
const CHOICE_KINDS = new Set(['enum', 'member', 'ref', 'bool']);

export function filterFields(reg: RegisterMeta) {
  return reg.fields.filter((f) => f.filter && f.kind !== 'multi' && f.kind !== 'refs');
}

function FilterSelect({
  slug,
  field,
  value,
  names,
  onChange,
}: {
  slug: string;
  field: FieldMeta;
  value: string;
  /** Names the server sent with the records shown (the chosen member or record among them). */
  names: Record<string, string>;
  onChange: (v: string) => void;
}) {
  const id = useId();
  if (field.kind === 'member' || field.kind === 'ref')
    return (
      <div className="filter">
        <RecordPicker
          org={slug}
          type={field.kind === 'member' ? 'members' : (field.ref ?? '')}
          label={field.label}
          name={`filter-${field.name}`}
          placeholder="Any; type to choose"
          defaultValue={value ? [value] : []}
          names={names}
          onChange={(ids) => onChange(ids[0] ?? '')}
        />
      </div>
    );
  const options =
    field.kind === 'enum'
      ? optionsOf(field.options ?? [])
      : [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ];
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <div className="filter">
      <label htmlFor={id}>{field.label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A text box that commits its value a moment after typing stops (or on Enter). */
function DeferredInput({
  label,
  value,
  onCommit,
  type = 'text',
  className = 'filter',
}: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  type?: string;
  className?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => commit.current(text.trim()), 350);
    return () => clearTimeout(t);
  }, [text, value]);
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
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

interface Props {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  /** Overrides the register's own title as the page heading. */
  title?: string;
  newLabel?: string;
  intro?: ReactNode;
  /** Panels under the list (competence gaps, for instance). */
  after?: ReactNode;
  breadcrumbs?: boolean;
}

export function RegisterListPage({
  membership,
  reg,
  catalog,
  title,
  newLabel,
  intro,
  after,
  breadcrumbs = true,
}: Props) {
  const slug = membership.slug;
  const search = useSearch();
  const params = new URLSearchParams(search);
  const filters = filterFields(reg);
  const query: Record<string, string> = {};
  for (const k of ['q', 'sort', ...filters.map((f) => f.name)]) {
    const v = params.get(k);
    if (v) query[k] = v;
  }
  const records = useRecords(slug, reg, query);
  const [moreOpen, setMoreOpen] = useState(() =>
    filters.some((f) => !CHOICE_KINDS.has(f.kind) && params.get(f.name)),
  );

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };
  const activeFilters = Object.keys(query).filter((k) => k !== 'sort');
  const canSearch = reg.fields.some((f) => f.search);
  const heading = title ?? reg.title;

  return (
    <>
      {breadcrumbs && reg.key !== 'ai_systems' && (
        <Breadcrumbs items={[{ href: sectionHref(slug, 'registers'), label: 'Registers' }]} />
      )}
      <PageHeader title={heading} org={membership.name}>
        {can(membership, `${reg.key}.create`) && (
          <Link href={`${registerHref(slug, reg)}/new`} className="button primary">
            {newLabel ?? `New ${reg.singular}`}
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        {intro}
        {intro && ' '}
        <span className="clause">ISO/IEC 42001: {reg.clauses}</span>
      </p>

      <div className="toolbar" role="group" aria-label="Register tools">
        <span className="toolbar-label">Download</span>
        <a className="button small" href={registersApi.exportHref(slug, reg, 'csv')} download>
          CSV
        </a>
        <a className="button small" href={registersApi.exportHref(slug, reg, 'xlsx')} download>
          Excel
        </a>
        <span className="toolbar-sep" aria-hidden="true" />
        {can(membership, `${reg.key}.import`) && (
          <Link className="button small" href={`${registerHref(slug, reg)}/import`}>
            Import from a file
          </Link>
        )}
        {can(membership, 'documents.publish_register') && <PublishRegister slug={slug} reg={reg} />}
      </div>

      <form
        className="filters panel"
        role="search"
        aria-label={`Filter ${inSentence(heading)}`}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="filter-row">
          {canSearch && (
            <DeferredInput
              label="Search"
              className="filter filter-search"
              value={query.q ?? ''}
              onCommit={(v) => setParam('q', v)}
            />
          )}
          {filters
            .filter((f) => CHOICE_KINDS.has(f.kind))
            .map((f) => (
              <FilterSelect
                key={f.name}
                slug={slug}
                field={f}
                value={query[f.name] ?? ''}
                names={(records.items[0]?.names as Record<string, string> | undefined) ?? {}}
                onChange={(v) => setParam(f.name, v)}
              />
            ))}
        </div>
        {filters.some((f) => !CHOICE_KINDS.has(f.kind)) && (
          <details open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
            <summary>More filters</summary>
            <div className="filter-row">
              {filters
                .filter((f) => !CHOICE_KINDS.has(f.kind))
                .map((f) => (
                  <DeferredInput
                    key={f.name}
                    label={f.kind === 'date' ? f.label : `${f.label} is exactly`}
                    type={f.kind === 'date' ? 'date' : 'text'}
                    value={query[f.name] ?? ''}
                    onCommit={(v) => setParam(f.name, v)}
                  />
                ))}
            </div>
          </details>
        )}
        {activeFilters.length > 0 && (
          <button
            type="button"
            className="button small"
            onClick={() => {
              const next = new URLSearchParams();
              if (query.sort) next.set('sort', query.sort);
              setSearch(next);
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      <Alert>{records.error}</Alert>
      <div className="panel list-panel" aria-busy={records.loading}>
        {!records.loaded && !records.error && <p className="muted">Loading…</p>}
        {records.loaded && records.items.length === 0 && (
          <p className="empty">
            {activeFilters.length ? 'Nothing matches these filters.' : 'Nothing recorded here yet.'}
          </p>
        )}
        {records.items.length > 0 && (
          <RecordTable
            slug={slug}
            reg={reg}
            catalog={catalog}
            items={records.items}
            caption={heading}
            sort={query.sort}
            onSort={(s) => setParam('sort', s)}
          />
        )}
        <div className="actions" aria-live="polite">
          {records.loaded && records.items.length > 0 && (
            <span className="muted">
              {records.more
                ? `The first ${plural(records.items.length, 'record')}.`
                : `${plural(records.items.length, 'record')}.`}
            </span>
          )}
          {records.more && (
            <button
              type="button"
              className="button small"
              disabled={records.loading}
              onClick={records.loadMore}
            >
              {records.loading ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      </div>
      {after}
    </>
  );
}
