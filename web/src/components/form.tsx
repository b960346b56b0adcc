// Form building blocks: labelled fields that show their own error, a form-level message, and a
// hook that runs a submission and spreads an API problem over the fields it names.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { ApiError, type Problem } from '../api';
import { friendlyMessage } from '../lib/messages';

export type FieldErrors = Record<string, string>;

export { friendlyMessage } from '../lib/messages';

/**
 * Splits a problem into messages per field (from `/body/<field>` pointers the form knows) and one
 * message for the form: the detail, followed by any field message that has no field here.
 */
export function spreadProblem(
  problem: Problem,
  fields: readonly string[],
): { fields: FieldErrors; form: string } {
  const byField: FieldErrors = {};
  const unplaced: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = /^\/(?:body|params|query)\/([^/]+)/.exec(e.pointer)?.[1];
    const message = friendlyMessage(e.message);
    if (name && fields.includes(name)) {
      byField[name] = byField[name] ? `${byField[name]} ${message}` : message;
    } else {
      unplaced.push(
        e.pointer
          ? `${e.pointer.replace(/^\/(body|query|params|headers)\//, '')}: ${message}`
          : message,
      );
    }
  }
  return { fields: byField, form: [problem.detail, ...unplaced].join(' ') };
}

export interface Submission {
  busy: boolean;
  fieldErrors: FieldErrors;
  formError: string | null;
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  clear: () => void;
}

/**
 * Runs `action` with the form's values on submit. An ApiError lands on the fields named in
 * `fields` (the first invalid field gets the focus); any other failure becomes the form message.
 */
export function useSubmission(
  fields: readonly string[],
  action: (data: FormData, form: HTMLFormElement) => Promise<void>,
): Submission {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // A group of checkboxes is marked on its fieldset; focus its first box.
    const target = first?.matches('fieldset')
      ? first.querySelector<HTMLElement>('input, select, textarea')
      : first;
    target?.focus();
  }, [attempt]);

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const form = e.currentTarget;
    setBusy(true);
    clear();
    action(new FormData(form), form)
      .catch((err: unknown) => {
        if (err instanceof ApiError) {
          const spread = spreadProblem(err.problem, fields);
          setFieldErrors(spread.fields);
          setFormError(spread.form);
        } else {
          setFormError(err instanceof Error ? err.message : String(err));
        }
        setAttempt((n) => n + 1);
      })
      .finally(() => setBusy(false));
  };

  return { busy, fieldErrors, formError, formRef, onSubmit, clear };
}

/** The trimmed text value of a form field; undefined when empty, so optional fields are left out. */
export function textValue(data: FormData, name: string): string | undefined {
  const v = data.get(name);
  if (typeof v !== 'string') return undefined;
  const t = name.toLowerCase().includes('password') ? v : v.trim();
  return t === '' ? undefined : t;
}

interface FieldShell {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
}

function useFieldIds(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function FieldFrame({
  id,
  label,
  hint,
  hintId,
  error,
  errorId,
  optional,
  children,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  hintId: string | undefined;
  error: string | undefined;
  errorId: string | undefined;
  optional: boolean;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  name,
  error,
  hint,
  required,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error} optional={!required}>
      <input
        id={ids.id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  optional = false,
  ...select
}: FieldShell & {
  options: readonly { value: string; label: string }[];
  /** Say "(optional)" after the label. */
  optional?: boolean;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={ids.id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  required,
  rows = 4,
  ...area
}: FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error} optional={!required}>
      <textarea
        id={ids.id}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...area}
      />
    </FieldFrame>
  );
}

/** Several checkboxes under one legend; the form sends every checked value under `name`. */
export function CheckboxGroup({
  label,
  name,
  error,
  hint,
  options,
  defaultValue = [],
  required,
}: FieldShell & {
  options: readonly { value: string; label: string }[];
  defaultValue?: readonly string[];
  required?: boolean;
}) {
  const ids = useFieldIds(error, hint);
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      aria-describedby={ids.describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              defaultChecked={defaultValue.includes(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
      {hint && (
        <p className="hint" id={ids.hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={ids.errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One checkbox with its label to the right. */
export function CheckboxField({
  label,
  name,
  hint,
  error,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'type'>) {
  const ids = useFieldIds(error, hint);
  return (
    <div className={error ? 'field field-check field-invalid' : 'field field-check'}>
      <label htmlFor={ids.id} className="check">
        <input
          id={ids.id}
          type="checkbox"
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...input}
        />
        {label}
      </label>
      {hint && (
        <p className="hint" id={ids.hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={ids.errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A message for the whole form or page; announced when it appears. */
export function Alert({
  children,
  tone = 'error',
}: {
  children: ReactNode;
  tone?: 'error' | 'success' | 'info';
}) {
  if (!children) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
