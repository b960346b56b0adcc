// The root cause (10.2 b): shown as it was found, and the form that records it by one of three
// methods. Five whys: a chain of answers, each to "why?" about the one before, that can grow to
// ten; fishbone: the causes found under each category; or the conclusion in words. Every method
// ends with the root cause as concluded.
import { useState } from 'react';
import { Alert, SelectField, TextAreaField, textValue } from '../../components/form';
import { FISHBONE_CATEGORIES, ncApi, type RootCause } from './api';
import type { PanelProps } from './nonconformity-page';
import { useStep } from './status';
import { FISHBONE_WORD } from './words';

const METHOD_WORD: Record<RootCause['method'], string> = {
  five_whys: 'Five whys',
  fishbone: 'Fishbone (cause categories)',
  free_text: 'In words',
};

export function RootCauseView({ cause }: { cause: RootCause }) {
  return (
    <div className="nc-root-cause">
      <p>
        <strong>{cause.cause}</strong> <span className="muted">({METHOD_WORD[cause.method]})</span>
      </p>
      {cause.method === 'five_whys' && (
        <ol className="nc-whys" aria-label="Five whys">
          {cause.whys.map((w, i) => (
            <li key={i}>
              <span className="nc-why-label">Why {i + 1}?</span> {w}
            </li>
          ))}
        </ol>
      )}
      {cause.method === 'fishbone' && (
        <dl className="fields">
          {cause.categories.map((c) => (
            <div key={c.category}>
              <dt>{FISHBONE_WORD[c.category] ?? c.category}</dt>
              <dd>{c.causes.join('; ')}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function RootCausePanel({ slug, nc, onDone, onStale }: PanelProps) {
  const current = nc.rootCause;
  const [method, setMethod] = useState<RootCause['method']>(current?.method ?? 'five_whys');
  const [whys, setWhys] = useState<string[]>(
    current?.method === 'five_whys' ? current.whys : ['', ''],
  );
  const sub = useStep(['rootCause'], onStale, async (data) => {
    const cause = textValue(data, 'cause') ?? '';
    const rootCause: RootCause =
      method === 'five_whys'
        ? { method, whys: whys.map((w) => w.trim()).filter(Boolean), cause }
        : method === 'fishbone'
          ? {
              method,
              cause,
              categories: FISHBONE_CATEGORIES.map((category) => ({
                category,
                causes: lines(textValue(data, `fishbone-${category}`)),
              })).filter((c) => c.causes.length > 0),
            }
          : { method, cause };
    const next = await ncApi.rootCause(slug, nc, rootCause);
    onDone(next, 'The root cause is recorded.');
  });
  const setWhy = (i: number, value: string) =>
    setWhys((list) => list.map((w, j) => (j === i ? value : w)));
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      noValidate
      aria-label="Record the root cause"
      className="record-form"
    >
      <SelectField
        label="Method"
        name="method"
        value={method}
        onChange={(e) => setMethod(e.target.value as RootCause['method'])}
        options={Object.entries(METHOD_WORD).map(([value, label]) => ({ value, label }))}
      />
      {method === 'five_whys' && (
        <fieldset className="field fieldset nc-whys-form">
          <legend>Ask why, and why again</legend>
          <p className="hint">
            Start with why the nonconformity happened; ask why of each answer until you reach a
            cause you can act on.
          </p>
          {whys.map((w, i) => (
            <div key={i} className="nc-why-row">
              <label htmlFor={`why-${i}`}>Why {i + 1}?</label>
              <input
                id={`why-${i}`}
                value={w}
                onChange={(e) => setWhy(i, e.target.value)}
                autoComplete="off"
              />
              {whys.length > 1 && (
                <button
                  type="button"
                  className="button small"
                  aria-label={`Remove why ${i + 1}`}
                  onClick={() => setWhys((list) => list.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          {whys.length < 10 && (
            <button
              type="button"
              className="button small"
              onClick={() => setWhys((list) => [...list, ''])}
            >
              Ask another why
            </button>
          )}
        </fieldset>
      )}
      {method === 'fishbone' && (
        <fieldset className="field fieldset">
          <legend>Possible causes by category</legend>
          <p className="hint">One cause per line; leave a category empty when none applies.</p>
          {FISHBONE_CATEGORIES.map((c) => (
            <TextAreaField
              key={c}
              label={FISHBONE_WORD[c]!}
              name={`fishbone-${c}`}
              rows={2}
              defaultValue={
                current?.method === 'fishbone'
                  ? (current.categories.find((x) => x.category === c)?.causes.join('\n') ?? '')
                  : ''
              }
            />
          ))}
        </fieldset>
      )}
      <TextAreaField
        label="Root cause"
        name="cause"
        required
        rows={2}
        defaultValue={current?.cause ?? ''}
        hint="The cause the corrective actions will remove, as concluded."
        error={sub.fieldErrors.rootCause}
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button primary" disabled={sub.busy}>
        {sub.busy ? 'Recording…' : 'Record the root cause'}
      </button>
    </form>
  );
}
