// A register field's value in words: members as their email, references as links to the record,
// options in plain words, dates in the reader's locale.
import type { ReactNode } from 'react';
import { Badge, DateOnly } from '../../components/page';
import { clip, humanize } from '../../lib/format';
import type { Catalog, FieldMeta, RecordData, RegisterMeta } from '../../lib/lookups';
import { Link } from '../../router';
import { recordHref } from './links';

const SAFE_URL = /^https?:\/\//i;

/**
 * A responsibility's subject is free text, but when it is about an AI system it holds the
 * system's id: show it as a link to the system then.
 */
export function effectiveField(
  reg: RegisterMeta,
  field: FieldMeta,
  record: RecordData | null,
): FieldMeta {
  if (
    reg.key === 'responsibilities' &&
    field.name === 'subjectId' &&
    record?.subjectType === 'ai_system'
  ) {
    return {
      ...field,
      kind: 'ref',
      ref: 'ai_systems',
      help: 'The AI system this responsibility is about.',
    };
  }
  return field;
}

/** The names of what a record refers to, as the server sent them with it. */
export const namesOf = (record: RecordData): Record<string, string> =>
  (record.names as Record<string, string> | undefined) ?? {};

export const STAGE_TONE: Record<string, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  inception: 'neutral',
  design_and_development: 'info',
  verification_and_validation: 'info',
  deployment: 'success',
  operation_and_monitoring: 'success',
  continuous_validation: 'success',
  re_evaluation: 'warning',
  retirement: 'neutral',
};

const empty = <span className="muted">—</span>;

interface Props {
  slug: string;
  reg: RegisterMeta;
  field: FieldMeta;
  record: RecordData;
  catalog: Catalog;
  /** In a table cell: long text is cut short. */
  short?: boolean;
}

export function FieldValue({
  slug,
  reg,
  field: given,
  record,
  catalog,
  short = false,
}: Props): ReactNode {
  const field = effectiveField(reg, given, record);
  const value = record[field.name];
  if (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
    return empty;
  switch (field.kind) {
    case 'text':
      return String(value);
    case 'longtext':
      return short ? clip(String(value)) : <span className="prewrap">{String(value)}</span>;
    case 'enum':
      if (field.name === 'lifecycleStage')
        return (
          <Badge tone={STAGE_TONE[String(value)] ?? 'neutral'}>{humanize(String(value))}</Badge>
        );
      return humanize(String(value));
    case 'multi':
      return (value as string[]).map(humanize).join(', ');
    case 'date':
      return <DateOnly value={String(value)} />;
    case 'bool':
      return value ? 'Yes' : 'No';
    case 'url': {
      const url = String(value);
      if (!SAFE_URL.test(url)) return url;
      return (
        <a href={url} rel="noopener noreferrer" target="_blank">
          {short ? clip(url, 48) : url}
        </a>
      );
    }
    case 'member': {
      const name = namesOf(record)[String(value)];
      return name ?? <span className="muted">Former member</span>;
    }
    case 'ref':
    case 'refs': {
      const target = field.ref ? catalog.byKey.get(field.ref) : undefined;
      const ids = Array.isArray(value) ? (value as string[]) : [String(value)];
      const names = namesOf(record);
      const one = (id: string) => {
        const text = names[id] ?? 'Record not found';
        return target ? (
          <Link key={id} href={recordHref(slug, target, id)}>
            {text}
          </Link>
        ) : (
          <span key={id}>{text}</span>
        );
      };
      if (ids.length === 1) return one(ids[0]!);
      return (
        <ul className="inline-list">
          {ids.map((id) => (
            <li key={id}>{one(id)}</li>
          ))}
        </ul>
      );
    }
  }
}

/**
 * The record's name, from the register's title field. A responsibility is named after its
 * subject (the AI system's name when it is about one); `long` adds its RACI role, for headings.
 */
export function recordTitle(reg: RegisterMeta, record: RecordData, long = false): string {
  const v = record[reg.titleField];
  if (reg.key === 'responsibilities') {
    const subject =
      record.subjectType === 'ai_system'
        ? (namesOf(record)[String(v)] ?? String(v))
        : String(v ?? '');
    return long ? `${humanize(String(record.raci ?? ''))}: ${subject}` : subject;
  }
  return v === null || v === undefined || v === '' ? `Untitled ${reg.singular}` : String(v);
}

/** Every filled field of a record as a description list; the empty ones are named after it. */
export function FieldList(props: Omit<Props, 'field' | 'short'> & { skip?: readonly string[] }) {
  const { reg, record, skip = [] } = props;
  const fields = reg.fields.filter((f) => !skip.includes(f.name));
  const blank = (f: FieldMeta) => {
    const v = record[f.name];
    return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  };
  const empty = fields.filter(blank);
  return (
    <>
      <dl className="fields">
        {fields
          .filter((f) => !blank(f))
          .map((f) => (
            <div
              key={f.name}
              className={f.kind === 'longtext' || f.kind === 'refs' ? 'wide' : undefined}
            >
              <dt>{f.label}</dt>
              <dd>
                <FieldValue {...props} field={f} />
              </dd>
            </div>
          ))}
      </dl>
      {empty.length > 0 && (
        <p className="not-recorded">Not recorded yet: {empty.map((f) => f.label).join(', ')}.</p>
      )}
    </>
  );
}
