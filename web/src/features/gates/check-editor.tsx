// The parts of the gate criteria editor that edit one field or one check: a labelled field, a
// checkbox, and the settings of each kind of check (which evidence, which fields, and so on).
import type { ReactNode } from 'react';
import { humanize } from '../../lib/format';
import { DATASET_FIELDS, SYSTEM_FIELDS, type Check, type CheckKind } from './gates-draft';

export const CHECK_LABELS: Record<CheckKind, string> = {
  evidence: 'Evidence of a kind',
  impact_assessment: 'An impact assessment',
  risks_treated: 'Risks treated or accepted',
  datasets: 'Datasets documented',
  model_version: 'The model version registered',
  system_fields: 'Fields of the system record',
};
const words = (s: string) => s.replace(/[A-Z]/g, (x) => ` ${x.toLowerCase()}`);

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export const described = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

export function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="check" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

export function CheckEditor({
  id,
  check,
  error,
  onChange,
}: {
  id: string;
  check: Check;
  error?: string;
  onChange: (c: Check) => void;
}) {
  const fieldList = <F extends string>(all: readonly F[], chosen: F[], set: (f: F[]) => void) => (
    <fieldset className="field fieldset">
      <legend>Fields</legend>
      <div className="checks">
        {all.map((f) => (
          <Checkbox
            key={f}
            id={`${id}-${f}`}
            label={humanize(words(f))}
            checked={chosen.includes(f)}
            onChange={(on) => set(on ? [...chosen, f] : chosen.filter((x) => x !== f))}
          />
        ))}
      </div>
    </fieldset>
  );
  switch (check.kind) {
    case 'evidence':
      return (
        <div className="grid">
          <Field
            id={`${id}-kind`}
            label="Evidence kind"
            hint="Lower-case words joined by underscores, e.g. test_report; pipelines push files of this kind."
            error={error}
          >
            <input
              id={`${id}-kind`}
              value={check.evidenceKind}
              aria-invalid={error ? true : undefined}
              aria-describedby={described(`${id}-kind`, 'hint', error)}
              onChange={(e) => onChange({ ...check, evidenceKind: e.target.value })}
            />
          </Field>
          <Field id={`${id}-per`} label="Linked to">
            <select
              id={`${id}-per`}
              value={check.per}
              onChange={(e) => onChange({ ...check, per: e.target.value as 'system' })}
            >
              <option value="system">the AI system</option>
              <option value="model_version">the model version under check</option>
            </select>
          </Field>
        </div>
      );
    case 'impact_assessment':
      return (
        <Checkbox
          id={`${id}-approved`}
          label="It must be approved (a draft does not do)"
          checked={check.approved}
          onChange={(approved) => onChange({ ...check, approved })}
        />
      );
    case 'risks_treated':
    case 'datasets':
      return (
        <>
          {check.kind === 'datasets' &&
            fieldList(DATASET_FIELDS, check.fields, (fields) => onChange({ ...check, fields }))}
          <Checkbox
            id={`${id}-one`}
            label={`The system must have at least one ${check.kind === 'datasets' ? 'dataset' : 'risk'} recorded`}
            checked={check.atLeastOne}
            onChange={(atLeastOne) => onChange({ ...check, atLeastOne })}
          />
        </>
      );
    case 'model_version':
      return (
        <Checkbox
          id={`${id}-card`}
          label="It must have a model card"
          checked={check.modelCard}
          onChange={(modelCard) => onChange({ ...check, modelCard })}
        />
      );
    case 'system_fields':
      return fieldList(SYSTEM_FIELDS, check.fields, (fields) => onChange({ ...check, fields }));
  }
}
