// Editing the gate criteria: a draft of every gate, sent whole and put in force as a new version.
// The server checks everything (requirement ids, evidence kinds, repeated criteria) and its field
// errors land on the criterion they point into.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { Alert, friendlyMessage } from '../../components/form';
import { humanize } from '../../lib/format';
import { gatesApi, type GateCriteria } from './api';
import { CHECK_LABELS, CheckEditor, Checkbox, described, Field } from './check-editor';
import {
  addCriterion,
  changeCriterion,
  CHECK_DEFAULTS,
  fromDraft,
  removeCriterion,
  STAGE_ORDER,
  toDraft,
  type CheckKind,
  type DraftCriterion,
  type GatesDraft,
} from './gates-draft';

function CriterionEditor({
  c,
  n,
  stageTitle,
  errors,
  onChange,
  onRemove,
}: {
  c: DraftCriterion;
  n: number;
  stageTitle: string;
  errors: Record<string, string>;
  onChange: (change: Partial<DraftCriterion>) => void;
  onRemove: () => void;
}) {
  const id = `criterion-${c.key}`;
  const unplaced = Object.entries(errors).filter(
    ([k]) => !['title', 'control', 'why', 'check/evidenceKind'].includes(k),
  );
  const name = c.title || `criterion ${n}`;
  return (
    <fieldset className="fieldset gate-criterion-editor">
      <legend>
        {stageTitle}: {name}
      </legend>
      {unplaced.length > 0 && (
        <p className="field-error">{unplaced.map(([k, m]) => `${k}: ${m}`).join(' ')}</p>
      )}
      <div className="grid">
        <Field id={`${id}-title`} label="What it asks for" error={errors.title}>
          <input
            id={`${id}-title`}
            value={c.title}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={described(`${id}-title`, undefined, errors.title)}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        </Field>
        <Field
          id={`${id}-control`}
          label="ISO/IEC 42001 requirement"
          hint="An Annex A control or a clause, e.g. A.6.2.4 or 8.1."
          error={errors.control}
        >
          <input
            id={`${id}-control`}
            value={c.control}
            aria-invalid={errors.control ? true : undefined}
            aria-describedby={described(`${id}-control`, 'hint', errors.control)}
            onChange={(e) => onChange({ control: e.target.value })}
          />
        </Field>
      </div>
      <Field id={`${id}-why`} label="Why it is required" error={errors.why}>
        <textarea
          id={`${id}-why`}
          rows={2}
          value={c.why ?? ''}
          onChange={(e) => onChange({ why: e.target.value })}
        />
      </Field>
      <Field id={`${id}-check`} label="Met when the records show">
        <select
          id={`${id}-check`}
          value={c.check.kind}
          onChange={(e) => onChange({ check: CHECK_DEFAULTS[e.target.value as CheckKind] })}
        >
          {Object.entries(CHECK_LABELS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <CheckEditor
        id={id}
        check={c.check}
        error={errors['check/evidenceKind']}
        onChange={(check) => onChange({ check })}
      />
      <div className="gate-criterion-actions">
        <button type="button" className="button small" onClick={onRemove}>
          Remove {name}
        </button>
      </div>
    </fieldset>
  );
}

export function GatesEditor({
  slug,
  criteria,
  onSaved,
  onCancel,
}: {
  slug: string;
  criteria: GateCriteria;
  onSaved: (c: GateCriteria) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<GatesDraft>(() => toDraft(criteria));
  /** Errors by criterion key, then by field (`title`, `check/evidenceKind`…). */
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (attempt) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const { input, sent } = fromDraft(draft);
    setBusy(true);
    setErrors({});
    setFormError(null);
    gatesApi
      .adopt(slug, input)
      .then(onSaved)
      .catch((err: unknown) => {
        if (!(err instanceof ApiError)) {
          setFormError(err instanceof Error ? err.message : String(err));
          return;
        }
        const placed: Record<number, Record<string, string>> = {};
        const rest: string[] = [];
        for (const x of err.problem.errors ?? []) {
          const m = /^\/body\/gates\/(\d+)\/criteria\/(\d+)\/?(.*)$/.exec(x.pointer);
          const key = m ? sent[Number(m[1])]?.keys[Number(m[2])] : undefined;
          if (key === undefined) rest.push(friendlyMessage(x.message));
          else (placed[key] ??= {})[m![3] || 'criterion'] = friendlyMessage(x.message);
        }
        setErrors(placed);
        setFormError([err.problem.detail, ...rest].join(' '));
        setAttempt((n) => n + 1);
      })
      .finally(() => setBusy(false));
  };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      aria-label="Gate criteria"
      className="record-form gate-editor"
    >
      <Alert>{formError}</Alert>
      <Checkbox
        id="gates-enforced"
        label="Enforce: refuse a move while its gate fails (a manager or owner may override with a justification)"
        checked={draft.enforced}
        onChange={(enforced) => setDraft({ ...draft, enforced })}
      />
      {STAGE_ORDER.map((stage) => {
        const list = draft.gates[stage] ?? [];
        const title = humanize(stage);
        return (
          <section key={stage} className="gate-stage" aria-labelledby={`edit-${stage}`}>
            <h3 id={`edit-${stage}`}>Into {title}</h3>
            {list.length === 0 && <p className="muted">No criteria: nothing is required.</p>}
            {list.map((c, i) => (
              <CriterionEditor
                key={c.key}
                c={c}
                n={i + 1}
                stageTitle={title}
                errors={errors[c.key] ?? {}}
                onChange={(change) => setDraft(changeCriterion(draft, stage, c.key, change))}
                onRemove={() => setDraft(removeCriterion(draft, stage, c.key))}
              />
            ))}
            <button
              type="button"
              className="button small"
              onClick={() => setDraft(addCriterion(draft, stage))}
            >
              Add a criterion into {title}
            </button>
          </section>
        );
      })}
      <Field id="gates-note" label="What changes and why">
        <textarea
          id="gates-note"
          rows={2}
          value={draft.changeNote}
          onChange={(e) => setDraft({ ...draft, changeNote: e.target.value })}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : `Put in force as version ${(criteria.number ?? 0) + 1}`}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
