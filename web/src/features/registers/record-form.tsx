// The create and edit form of any register, built from the catalogue's field descriptions. The
// API checks everything; its field errors land next to the fields they name.
import { useState, type ReactNode } from 'react';
import { useNameGuard } from '../imports/name-guard';
import { ApiError } from '../../api';
import {
  Alert,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  TextField,
  useSubmission,
} from '../../components/form';
import { optionsOf } from '../../lib/format';
import { RecordPicker } from '../../components/record-picker';
import {
  type Catalog,
  type FieldMeta,
  type RecordData,
  type RegisterMeta,
} from '../../lib/lookups';
import { recordHref } from './links';
import { registersApi } from './api';
import { effectiveField, FieldValue, namesOf } from './field-value';

const ARRAY_KINDS = new Set(['multi', 'refs']);
const WIDE_KINDS = new Set(['longtext', 'multi', 'refs']);

/** A field's value as the form holds it; undefined when the field is left empty. */
function readValue(f: FieldMeta, data: FormData): unknown {
  if (ARRAY_KINDS.has(f.kind))
    return data.getAll(f.name).filter((v): v is string => typeof v === 'string' && v !== '');
  const raw = data.get(f.name);
  if (typeof raw !== 'string') return undefined;
  if (f.kind === 'bool') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (f.kind === 'longtext') return raw.trim() === '' ? undefined : raw;
  const t = raw.trim();
  return t === '' ? undefined : t;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The body to send: on create the filled fields; on edit only what changed (null clears). */
export function formBody(
  fields: readonly FieldMeta[],
  data: FormData,
  record: RecordData | undefined,
  fixed: Record<string, string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.readOnly) continue;
    if (f.name in fixed) {
      if (!record) body[f.name] = fixed[f.name];
      continue;
    }
    const v = readValue(f, data);
    if (!record) {
      if (!isEmpty(v)) body[f.name] = v;
    } else if (!same(v, record[f.name])) {
      body[f.name] = isEmpty(v) ? (ARRAY_KINDS.has(f.kind) ? [] : null) : v;
    }
  }
  return body;
}

interface InputProps {
  field: FieldMeta;
  value: unknown;
  error: string | undefined;
  creating: boolean;
  slug: string;
  /** Names of the members and records the record refers to (from the server). */
  names: Record<string, string>;
}

function FieldInput({ field: f, value, error, creating, slug, names }: InputProps): ReactNode {
  const common = {
    label: f.label,
    name: f.name,
    error,
    hint: f.help ?? undefined,
    required: f.required,
  };
  const text = value === null || value === undefined ? '' : String(value);
  switch (f.kind) {
    case 'text':
      return <TextField {...common} defaultValue={text} autoComplete="off" />;
    case 'url':
      return (
        <TextField
          {...common}
          type="url"
          inputMode="url"
          defaultValue={text}
          placeholder="https://…"
          autoComplete="off"
        />
      );
    case 'date':
      return <TextField {...common} type="date" defaultValue={text} />;
    case 'longtext':
      return <TextAreaField {...common} defaultValue={text} rows={3} />;
    case 'enum': {
      const blank =
        !f.required || creating ? [{ value: '', label: f.required ? 'Choose…' : 'Not set' }] : [];
      return (
        <SelectField
          {...common}
          optional={!f.required}
          options={[...blank, ...optionsOf(f.options ?? [])]}
          defaultValue={text}
        />
      );
    }
    case 'bool':
      return (
        <SelectField
          {...common}
          optional={!f.required}
          options={[
            { value: '', label: 'Not stated' },
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          defaultValue={value === true ? 'true' : value === false ? 'false' : ''}
        />
      );
    case 'multi':
      return (
        <CheckboxGroup
          {...common}
          options={optionsOf(f.options ?? [])}
          defaultValue={Array.isArray(value) ? (value as string[]) : []}
        />
      );
    case 'member':
    case 'ref':
    case 'refs': {
      const ids = Array.isArray(value) ? (value as string[]) : text ? [text] : [];
      return (
        <RecordPicker
          {...common}
          org={slug}
          type={f.kind === 'member' ? 'members' : (f.ref ?? '')}
          multiple={f.kind === 'refs'}
          defaultValue={ids}
          names={names}
        />
      );
    }
  }
}

export interface RecordFormProps {
  slug: string;
  reg: RegisterMeta;
  catalog: Catalog;
  /** The record being edited; without it the form creates one. */
  record?: RecordData;
  /** Values set by the page and not offered in the form (e.g. the AI system of a component). */
  fixed?: Record<string, string>;
  /** Starting values of a new record (from the address, for example). */
  initial?: Record<string, string>;
  submitLabel: string;
  /** Names the form for assistive technology. */
  label: string;
  onSaved: (record: RecordData) => void;
  onCancel?: () => void;
}

export function RecordForm({
  slug,
  reg,
  catalog,
  record,
  fixed = {},
  initial = {},
  submitLabel,
  label,
  onSaved,
  onCancel,
}: RecordFormProps) {
  const creating = !record;
  const visible = reg.fields.filter((f) => !(f.name in fixed) && !(creating && f.readOnly));
  const names = reg.fields.map((f) => f.name);
  // Fields whose input depends on another field's current value (a responsibility's subject is
  // an AI system to pick when it is about an AI system).
  const [live, setLive] = useState<Record<string, unknown>>(() => ({
    subjectType: record?.subjectType ?? initial.subjectType ?? null,
  }));
  const form = useSubmission(names, async (data) => {
    const body = formBody(reg.fields, data, record, fixed);
    if (record && Object.keys(body).length === 0) return onSaved(record);
    if (!record && !(await guard.check(String(body[reg.titleField] ?? '')))) return;
    let saved: RecordData;
    try {
      saved = record
        ? await registersApi.update(slug, reg, record, body)
        : await registersApi.create(slug, reg, body);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(staleAdvice(reg.singular));
      throw e;
    }
    onSaved(saved);
  });

  const guard = useNameGuard({
    slug,
    kind: reg.key,
    what: reg.singular,
    href: (id) => recordHref(slug, reg, id),
    formRef: form.formRef,
  });

  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label={label}
      className="record-form"
      onChange={(e) => {
        const target: EventTarget = e.target;
        if (target instanceof HTMLSelectElement && target.name === 'subjectType')
          setLive((l) => ({ ...l, subjectType: target.value }));
      }}
    >
      <Alert>{form.formError}</Alert>
      <div className="form-grid">
        {visible.map((f) => (
          <div key={f.name} className={WIDE_KINDS.has(f.kind) ? 'span-all' : undefined}>
            {f.readOnly && record ? (
              <div className="field">
                <p className="label-like">{f.label}</p>
                <p className="readonly-value">
                  <FieldValue slug={slug} reg={reg} field={f} record={record} catalog={catalog} />
                </p>
                <p className="hint">
                  {f.name === 'lifecycleStage'
                    ? 'Changes only by moving the system to another stage, from its page.'
                    : 'Set by aims.'}
                </p>
              </div>
            ) : (
              <FieldInput
                key={`${f.name}:${effectiveField(reg, f, live as RecordData).kind}`}
                field={effectiveField(reg, f, live as RecordData)}
                value={
                  record
                    ? record[f.name]
                    : f.kind === 'multi' || f.kind === 'refs'
                      ? initial[f.name]
                        ? initial[f.name]!.split(',')
                        : []
                      : initial[f.name]
                }
                error={form.fieldErrors[f.name]}
                creating={creating}
                slug={slug}
                names={record ? namesOf(record) : {}}
              />
            )}
          </div>
        ))}
      </div>
      {guard.warning}
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** The sentence a stale edit deserves. */
export const staleAdvice = (singular: string) =>
  `Someone changed this ${singular} while you were editing. Reload it and make your change again.`;
