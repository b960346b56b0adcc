// The risk criteria (6.1.1): the scales, the levels, the matrix and the acceptance level. Managers
// edit a draft of all of it and put it in force as a new version; risks scored earlier keep the
// version they were scored on until they are re-assessed.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, type Membership } from '../../api';
import { Alert, friendlyMessage } from '../../components/form';
import { Breadcrumbs, Loading, PageHeader, When } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { orgHref } from '../../router';
import { risksApi, type Criteria, type CriteriaInForce } from './api';
import {
  addLevel,
  fromDraft,
  inversions,
  MAX_LEVELS,
  MAX_STEPS,
  MIN_LEVELS,
  MIN_STEPS,
  removeLevel,
  resizeScale,
  setCell,
  toDraft,
  type CriteriaDraft,
  type Step,
} from './criteria-draft';
import { levelClass } from './heatmap';

type Errors = Record<string, string>;

/** Field messages by pointer without its `/body/` prefix (e.g. `likelihood/2/label`), and what has no field. */
function errorsOf(e: unknown): { fields: Errors; form: string } {
  if (!(e instanceof ApiError))
    return { fields: {}, form: e instanceof Error ? e.message : String(e) };
  const fields: Errors = {};
  for (const x of e.problem.errors ?? []) {
    const at = x.pointer.replace(/^\/body\//, '');
    fields[at] = fields[at]
      ? `${fields[at]} ${friendlyMessage(x.message)}`
      : friendlyMessage(x.message);
  }
  return { fields, form: e.problem.detail ?? e.message };
}

function Input({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  className?: string;
}) {
  const described =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`field ${className ?? ''} ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function ScaleEditor({
  axis,
  title,
  steps,
  errors,
  onSize,
  onStep,
}: {
  axis: 'likelihood' | 'impact';
  title: string;
  steps: Step[];
  errors: Errors;
  onSize: (n: number) => void;
  onStep: (k: number, s: Step) => void;
}) {
  const name = axis === 'likelihood' ? 'Likelihood' : 'Impact';
  return (
    <fieldset className={`field fieldset ${errors[axis] ? 'field-invalid' : ''}`}>
      <legend>{title}</legend>
      <div className="field">
        <label htmlFor={`${axis}-size`}>Number of {axis} levels</label>
        <select
          id={`${axis}-size`}
          value={steps.length}
          onChange={(e) => onSize(Number(e.target.value))}
        >
          {Array.from({ length: MAX_STEPS - MIN_STEPS + 1 }, (_, k) => MIN_STEPS + k).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {errors[axis] && <p className="field-error">{errors[axis]}</p>}
      </div>
      <ol className="criteria-steps">
        {steps.map((s, k) => (
          <li key={k} className="criteria-step">
            <Input
              id={`${axis}-${k}-label`}
              label={`${name} ${k + 1}`}
              value={s.label}
              onChange={(label) => onStep(k, { ...s, label })}
              error={errors[`${axis}/${k}/label`]}
            />
            <Input
              id={`${axis}-${k}-description`}
              label={`${name} ${k + 1}: meaning`}
              value={s.description}
              onChange={(description) => onStep(k, { ...s, description })}
              error={errors[`${axis}/${k}/description`]}
              className="criteria-meaning"
            />
          </li>
        ))}
      </ol>
    </fieldset>
  );
}

function CriteriaEditor({
  slug,
  criteria,
  onSaved,
}: {
  slug: string;
  criteria: Criteria;
  onSaved: (c: CriteriaInForce) => void;
}) {
  const [draft, setDraft] = useState<CriteriaDraft>(() => toDraft(criteria));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (attempt) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const edit = (next: CriteriaDraft) => setDraft(next);
  const setStep = (axis: 'likelihood' | 'impact') => (k: number, s: Step) =>
    edit({ ...draft, [axis]: draft[axis].map((x, j) => (j === k ? s : x)) });
  const levelsKey = draft.levels.map((l) => l.id);
  const toneOf = (id: number) =>
    levelClass(
      String(id),
      levelsKey.map((x) => ({ key: String(x) })),
    );
  const nameOf = (id: number) => {
    const l = draft.levels.find((x) => x.id === id);
    return l ? l.label || l.key : '';
  };
  const slips = inversions(draft);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setFormError(null);
    risksApi
      .setCriteria(slug, fromDraft(draft))
      .then(onSaved)
      .catch((err: unknown) => {
        const spread = errorsOf(err);
        setErrors(spread.fields);
        const placed = new Set([
          'likelihood',
          'impact',
          'levels',
          'acceptanceLevel',
          'changeNote',
          'matrix',
        ]);
        const unplaced = Object.entries(spread.fields).filter(
          ([at]) =>
            !placed.has(at) &&
            !/^(likelihood|impact|levels)\/\d+\/(label|description|key)$/.test(at) &&
            !/^matrix\/\d+\/\d+$/.test(at),
        );
        setFormError([spread.form, ...unplaced.map(([at, m]) => `${at}: ${m}`)].join(' '));
        setAttempt((n) => n + 1);
      })
      .finally(() => setBusy(false));
  };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      aria-label="Risk criteria"
      noValidate
      className="record-form criteria-editor"
    >
      <div className="two-columns">
        <ScaleEditor
          axis="likelihood"
          title="Likelihood scale, lowest first"
          steps={draft.likelihood}
          errors={errors}
          onSize={(n) => edit(resizeScale(draft, 'likelihood', n))}
          onStep={setStep('likelihood')}
        />
        <ScaleEditor
          axis="impact"
          title="Impact scale, lowest first"
          steps={draft.impact}
          errors={errors}
          onSize={(n) => edit(resizeScale(draft, 'impact', n))}
          onStep={setStep('impact')}
        />
      </div>
      <p className="hint">
        Adding a step puts it at the top of its scale with the cells of the step below; removing one
        drops the top step.
      </p>

      <fieldset className={`field fieldset ${errors.levels ? 'field-invalid' : ''}`}>
        <legend>Risk levels, lowest first</legend>
        {errors.levels && <p className="field-error">{errors.levels}</p>}
        <ol className="criteria-levels">
          {draft.levels.map((l, k) => (
            <li key={l.id} className="criteria-level">
              <span className={`level-swatch ${toneOf(l.id)}`} aria-hidden="true" />
              <Input
                id={`level-${l.id}-label`}
                label={`Level ${k + 1} name`}
                value={l.label}
                onChange={(label) =>
                  edit({
                    ...draft,
                    levels: draft.levels.map((x) => (x.id === l.id ? { ...x, label } : x)),
                  })
                }
                error={errors[`levels/${k}/label`]}
              />
              <Input
                id={`level-${l.id}-key`}
                label={`Level ${k + 1} key`}
                value={l.key}
                onChange={(key) =>
                  edit({
                    ...draft,
                    levels: draft.levels.map((x) => (x.id === l.id ? { ...x, key } : x)),
                  })
                }
                error={errors[`levels/${k}/key`]}
                hint="Lower-case letters, digits and underscores; exports and the API use it."
              />
              <button
                type="button"
                className="button"
                disabled={draft.levels.length <= MIN_LEVELS}
                aria-label={`Remove level ${l.label || l.key}`}
                onClick={() => edit(removeLevel(draft, l.id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          disabled={draft.levels.length >= MAX_LEVELS}
          onClick={() => edit(addLevel(draft))}
        >
          Add a higher level
        </button>
        <p className="hint">
          {MIN_LEVELS} to {MAX_LEVELS} levels. The cells of a removed level take the level below it.
        </p>
      </fieldset>

      <fieldset className={`field fieldset ${errors.matrix ? 'field-invalid' : ''}`}>
        <legend>Level of each cell</legend>
        {errors.matrix && <p className="field-error">{errors.matrix}</p>}
        <MatrixGrid
          likelihood={draft.likelihood}
          impact={draft.impact}
          label="Level by likelihood and impact (editable)"
          className="heatmap criteria-matrix"
          cellClass={(l, i) => toneOf(draft.matrix[l]![i]!)}
          cell={(l, i) => {
            const error = errors[`matrix/${l}/${i}`];
            return (
              <select
                aria-label={`Likelihood ${l + 1} (${draft.likelihood[l]!.label}), impact ${i + 1} (${draft.impact[i]!.label})`}
                value={draft.matrix[l]![i]!}
                aria-invalid={error ? true : undefined}
                title={error}
                onChange={(e) => edit(setCell(draft, l, i, Number(e.target.value)))}
              >
                {draft.levels.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label || x.key}
                  </option>
                ))}
              </select>
            );
          }}
        />
        {slips.length > 0 && (
          <p className="warning-text" role="status">
            {plural(slips.length, 'cell')} {slips.length === 1 ? 'is' : 'are'} lower than a cell
            with a smaller likelihood or impact (
            {slips.map((x) => `likelihood ${x.l + 1}, impact ${x.i + 1}`).join('; ')}). Allowed, but
            check it is meant.
          </p>
        )}
      </fieldset>

      <div className={`field ${errors.acceptanceLevel ? 'field-invalid' : ''}`}>
        <label htmlFor="criteria-acceptance">Acceptance level</label>
        <p className="hint" id="criteria-acceptance-hint">
          The highest residual level kept without a sign-off. Risks above it need an acceptance by
          someone other than their owner.
        </p>
        <select
          id="criteria-acceptance"
          value={draft.acceptance}
          aria-describedby="criteria-acceptance-hint"
          aria-invalid={errors.acceptanceLevel ? true : undefined}
          onChange={(e) => edit({ ...draft, acceptance: Number(e.target.value) })}
        >
          {draft.levels.map((x) => (
            <option key={x.id} value={x.id}>
              {nameOf(x.id)}
            </option>
          ))}
        </select>
        {errors.acceptanceLevel && <p className="field-error">{errors.acceptanceLevel}</p>}
      </div>
      <Input
        id="criteria-note"
        label="What changed"
        value={draft.changeNote}
        onChange={(changeNote) => edit({ ...draft, changeNote })}
        error={errors.changeNote}
        hint="Kept with the version, for whoever reads the history."
      />
      <Alert>{formError}</Alert>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Put new criteria in force'}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            setDraft(toDraft(criteria));
            setErrors({});
            setFormError(null);
          }}
        >
          Start again from the version in force
        </button>
      </div>
    </form>
  );
}

/** A likelihood × impact grid, likelihood upwards and impact to the right, each cell drawn by `cell`. */
function MatrixGrid({
  likelihood,
  impact,
  label,
  className = 'heatmap',
  cellClass,
  cell,
}: {
  likelihood: Step[];
  impact: Step[];
  label: string;
  className?: string;
  cellClass: (l: number, i: number) => string;
  cell: (l: number, i: number) => ReactNode;
}) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Likelihood</span>
          </th>
          {impact.map((s, i) => (
            <th key={i} scope="col">
              {i + 1} {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {likelihood
          .map((s, l) => ({ s, l }))
          .reverse()
          .map(({ s, l }) => (
            <tr key={l}>
              <th scope="row">
                {l + 1} {s.label}
              </th>
              {impact.map((_, i) => (
                <td key={i} className={cellClass(l, i)} data-cell={`${l + 1}-${i + 1}`}>
                  {cell(l, i)}
                </td>
              ))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function MatrixTable({ c }: { c: Criteria }) {
  const key = (l: number, i: number) => c.matrix[l]?.[i] ?? '';
  return (
    <MatrixGrid
      likelihood={c.likelihood}
      impact={c.impact}
      label="Level by likelihood and impact"
      cellClass={(l, i) => levelClass(key(l, i), c.levels)}
      cell={(l, i) => c.levels.find((x) => x.key === key(l, i))?.label ?? key(l, i)}
    />
  );
}

function VersionHistory({ slug, refresh }: { slug: string; refresh: unknown }) {
  const versions = useData(
    `${slug}|risk-criteria-versions`,
    () => risksApi.criteriaVersions(slug),
    refresh,
  );
  if (!versions.data) return <p className="muted">{versions.error ?? 'Loading…'}</p>;
  if (versions.data.items.length === 0)
    return (
      <p className="muted">
        No version stored yet: the defaults are stored as version 1 when the first risk is scored.
      </p>
    );
  return (
    <div className="table-wrap">
      <table aria-label="Versions of the risk criteria">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Matrix</th>
            <th scope="col">Since</th>
            <th scope="col">By</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {versions.data.items.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.number}</th>
              <td>{v.status === 'active' ? 'In force' : 'Replaced'}</td>
              <td>
                {v.likelihood.length} × {v.impact.length}, {plural(v.levels.length, 'level')}
              </td>
              <td>
                <When at={v.createdAt} />
              </td>
              <td>
                {v.authorMemberId ? (v.names[v.authorMemberId] ?? 'Former member') : 'Defaults'}
              </td>
              <td>{v.changeNote ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CriteriaPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const criteria = useData(`${slug}|risk-criteria`, () => risksApi.criteria(slug));
  const [done, setDone] = useState<string | null>(null);
  const c = criteria.data;
  const accept = c?.levels.find((l) => l.key === c.acceptanceLevel)?.label ?? c?.acceptanceLevel;
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'risks'), label: 'Risks' }]} />
      <PageHeader title="Risk criteria" org={membership.name} />
      <p className="intro">
        The scales risks are scored on, the level each combination gives, and the highest level that
        may be kept without a sign-off. <span className="clause">ISO/IEC 42001: 6.1.1</span>
      </p>
      {!c ? (
        <Loading what={criteria.error ?? 'Loading…'} />
      ) : (
        <>
          <p>
            {c.id
              ? `Version ${c.number} is in force`
              : 'The defaults are in force: the organization has not set its own criteria yet'}
            : {c.likelihood.length} × {c.impact.length}, {plural(c.levels.length, 'level')},
            accepted up to {accept}.
          </p>
          <Alert tone="success">{done}</Alert>
          <h2>Level matrix in force</h2>
          <MatrixTable c={c} />
          {c.abilities.edit && (
            <>
              <h2>Change the criteria</h2>
              <CriteriaEditor
                key={`${c.id}:${c.number}`}
                slug={slug}
                criteria={c}
                onSaved={(saved) => {
                  criteria.set(saved);
                  setDone(
                    `Criteria version ${saved.number} is in force. Risks assessed earlier keep their criteria until re-assessed.`,
                  );
                }}
              />
            </>
          )}
          <h2>Versions</h2>
          <VersionHistory slug={slug} refresh={c.number} />
        </>
      )}
    </>
  );
}
