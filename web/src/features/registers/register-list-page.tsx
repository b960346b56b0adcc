// One register's list, laid out as every record list (RecordList): the shared toolbar (free-text
// search, a filter per filterable field, sort with its direction, the count, Clear), sorting by
// column too, and "Show more" by cursor; the state lives in the address so a filtered list can be
// bookmarked and shared.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { can, type Membership } from '../../api';
import { type ToolbarFilter } from '../../components/list-toolbar';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Breadcrumbs, PageHeader } from '../../components/page';
import { inSentence, optionsOf } from '../../lib/format';
import { listQuery } from '../../lib/list-query';
import {
  type Catalog,
  type FieldMeta,
  type RecordData,
  type RegisterMeta,
} from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { registersApi } from './api';
import { registerHref } from './links';
import { PublishRegister } from './publish';
import { RecordTable, sortable } from './record-table';

/** Filters offered as selects or pickers; the others (free text, dates) sit under "More filters". */
const CHOICE_KINDS = new Set(['enum', 'member', 'ref', 'bool']);

export function filterFields(reg: RegisterMeta) {
  return reg.fields.filter((f) => f.filter && f.kind !== 'multi' && f.kind !== 'refs');
}

/** A select filter of the toolbar for an enum or yes/no field (the current value kept if odd). */
function selectFilter(field: FieldMeta, value: string): ToolbarFilter {
  const options =
    field.kind === 'enum'
      ? optionsOf(field.options ?? [])
      : [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ];
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return { name: field.name, label: field.label, options };
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
  const filters = filterFields(reg);
  const list = useRecordPages<RecordData, Record<string, string>>(
    `${slug}|records|${reg.key}`,
    ['q', 'sort', ...filters.map((f) => f.name)],
    ({ cursor, ...f }) => registersApi.list(slug, reg, { ...listQuery(f), limit: 50, cursor }),
  );
  const query = list.filter;
  const [moreOpen, setMoreOpen] = useState(() =>
    filters.some((f) => !CHOICE_KINDS.has(f.kind) && query[f.name]),
  );
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

      <RecordList
        list={list}
        noun={inSentence(reg.title)}
        one={reg.singular}
        search={canSearch}
        filters={filters
          .filter((f) => f.kind === 'enum' || f.kind === 'bool')
          .map((f) => selectFilter(f, query[f.name] ?? ''))}
        sorts={[
          ...reg.fields.filter(sortable).map((f) => ({ value: f.name, label: f.label })),
          { value: 'createdAt', label: 'Date added' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        unsorted="Default order"
        none="Nothing recorded here yet."
        tools={
          <>
            {filters
              .filter((f) => f.kind === 'member' || f.kind === 'ref')
              .map((f) => (
                <div className="filter" key={f.name}>
                  <RecordPicker
                    org={slug}
                    type={f.kind === 'member' ? 'members' : (f.ref ?? '')}
                    label={f.label}
                    name={`filter-${f.name}`}
                    placeholder="Any; type to choose"
                    defaultValue={query[f.name] ? [query[f.name]!] : []}
                    names={Object.fromEntries(list.names)}
                    onChange={(ids) => list.setParam(f.name, ids[0] ?? '')}
                  />
                </div>
              ))}
            {filters.some((f) => !CHOICE_KINDS.has(f.kind)) && (
              <details
                className="more-filters"
                open={moreOpen}
                onToggle={(e) => setMoreOpen(e.currentTarget.open)}
              >
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
                        onCommit={(v) => list.setParam(f.name, v)}
                      />
                    ))}
                </div>
              </details>
            )}
          </>
        }
      >
        {(items) => (
          <RecordTable
            slug={slug}
            reg={reg}
            catalog={catalog}
            items={items}
            caption={heading}
            sort={query.sort || undefined}
            onSort={(s) => list.setParam('sort', s)}
          />
        )}
      </RecordList>
      {after}
    </>
  );
}
