// The impacts an assessment records: who is affected, along which dimension, how badly and how
// likely, and how it is mitigated (with the risks that carry it and the Annex A controls that
// treat it). Impacts change only while the assessment is a draft.
import { useState } from 'react';
import { ApiError, type Membership } from '../../api';
import {
  Alert,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Loading, Section } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { clip, humanize, plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import {
  AFFECTED,
  AFFECTED_LABEL,
  DIMENSIONS,
  impactApi,
  LIKELIHOOD_LABEL,
  SEVERITY_LABEL,
  type Control,
  type Impact,
  type ImpactAssessment,
  type ImpactInput,
  type RiskChoice,
} from './api';
import { likelihoodText, severityText } from './status';

const FIELDS = [
  'affected',
  'dimension',
  'description',
  'severity',
  'likelihood',
  'mitigation',
  'riskIds',
  'controlIds',
] as const;

const scale = (labels: readonly string[]) =>
  labels.map((l, i) => ({ value: String(i + 1), label: `${i + 1} ${l}` }));

const staleMessage = (e: unknown, what = 'make the change again') =>
  e instanceof ApiError && e.code === 'VERSION_MISMATCH'
    ? `Someone changed this impact since the page was loaded. Reload the page, check the change, and ${what}.`
    : null;

function ImpactForm({
  slug,
  assessment,
  item,
  risks,
  controls,
  onSaved,
  onCancel,
}: {
  slug: string;
  assessment: ImpactAssessment;
  item: Impact | null;
  risks: RiskChoice[];
  controls: Control[];
  onSaved: (message: string) => void;
  onCancel?: () => void;
}) {
  const sub = useSubmission(FIELDS, async (data, form) => {
    const body: ImpactInput = {
      affected: textValue(data, 'affected') ?? '',
      dimension: textValue(data, 'dimension') ?? '',
      description: textValue(data, 'description') ?? '',
      severity: Number(textValue(data, 'severity')),
      likelihood: Number(textValue(data, 'likelihood')),
      mitigation: textValue(data, 'mitigation') ?? null,
      riskIds: data.getAll('riskIds').map(String),
      controlIds: data.getAll('controlIds').map(String),
    };
    try {
      if (item) await impactApi.updateImpact(slug, item, body);
      else await impactApi.addImpact(slug, assessment.id, body);
    } catch (e) {
      const m = staleMessage(e);
      if (m) throw new Error(m);
      throw e;
    }
    if (!item) form.reset();
    onSaved(item ? 'The impact is saved.' : 'The impact is recorded.');
  });
  // Risks of this AI system come first: they are the likeliest to carry the impact.
  const ordered = [...risks].sort(
    (a, b) =>
      Number(b.aiSystemIds.includes(assessment.aiSystemId)) -
      Number(a.aiSystemIds.includes(assessment.aiSystemId)),
  );
  const label = item ? 'Change the impact' : 'Record an impact';
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={label}
      noValidate
      className="record-form subform"
    >
      <h3>{label}</h3>
      <div className="form-grid">
        <SelectField
          label="Who is affected"
          name="affected"
          defaultValue={item?.affected ?? 'individuals'}
          options={AFFECTED.map((v) => ({ value: v, label: AFFECTED_LABEL[v]! }))}
          error={sub.fieldErrors.affected}
        />
        <SelectField
          label="Dimension"
          name="dimension"
          defaultValue={item?.dimension ?? 'fairness'}
          options={DIMENSIONS.map((v) => ({ value: v, label: humanize(v) }))}
          error={sub.fieldErrors.dimension}
        />
        <SelectField
          label="Severity"
          name="severity"
          defaultValue={String(item?.severity ?? 3)}
          options={scale(SEVERITY_LABEL)}
          error={sub.fieldErrors.severity}
        />
        <SelectField
          label="Likelihood"
          name="likelihood"
          defaultValue={String(item?.likelihood ?? 3)}
          options={scale(LIKELIHOOD_LABEL)}
          error={sub.fieldErrors.likelihood}
        />
      </div>
      <TextAreaField
        label="Impact"
        name="description"
        required
        rows={3}
        defaultValue={item?.description ?? ''}
        hint="What could happen to whom, and in which situations."
        error={sub.fieldErrors.description}
      />
      <TextAreaField
        label="Mitigation"
        name="mitigation"
        rows={3}
        defaultValue={item?.mitigation ?? ''}
        hint="What is done, or will be done, to prevent or reduce it."
        error={sub.fieldErrors.mitigation}
      />
      {ordered.length > 0 ? (
        <CheckboxGroup
          label="Risks that carry it"
          name="riskIds"
          options={ordered.map((r) => ({ value: r.id, label: r.title }))}
          defaultValue={item?.riskIds ?? []}
          hint="Risks in the register that treat this impact; risks of this AI system are listed first."
          error={sub.fieldErrors.riskIds}
        />
      ) : (
        <p className="hint">
          The risk register is empty.{' '}
          <Link href={sectionHref(slug, 'risks', 'new')}>Record a risk</Link> to link it here.
        </p>
      )}
      <CheckboxGroup
        label="Annex A controls that mitigate it"
        name="controlIds"
        options={controls.map((c) => ({ value: c.id, label: `${c.id} ${c.title}` }))}
        defaultValue={item?.controlIds ?? []}
        error={sub.fieldErrors.controlIds}
      />
      <Alert>{sub.formError}</Alert>
      <div className="actions">
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : item ? 'Save the impact' : 'Add the impact'}
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

function RemoveImpact({
  slug,
  item,
  onRemoved,
}: {
  slug: string;
  item: Impact;
  onRemoved: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = clip(item.description, 60);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await impactApi.removeImpact(slug, item);
      onRemoved();
    } catch (e) {
      setError(staleMessage(e, 'remove it if it should still go') ?? messageOf(e));
      setBusy(false);
    }
  };
  return (
    <>
      {!confirming ? (
        <button
          type="button"
          className="button small danger-outline"
          aria-label={`Remove the impact “${name}”`}
          onClick={() => setConfirming(true)}
        >
          Remove
        </button>
      ) : (
        <span className="confirm" role="group" aria-label={`Confirm removing the impact “${name}”`}>
          <button
            type="button"
            className="button small danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {busy ? 'Removing…' : 'Remove it'}
          </button>
          <button type="button" className="button small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      )}
      <Alert>{error}</Alert>
    </>
  );
}

function Links({
  slug,
  risks,
  riskIds,
  controlIds,
}: {
  slug: string;
  risks: Map<string, string>;
  riskIds: string[];
  controlIds: string[];
}) {
  if (riskIds.length + controlIds.length === 0) return null;
  return (
    <ul className="plain-list impact-links">
      {riskIds.map((id) => (
        <li key={id}>
          Risk:{' '}
          <Link href={sectionHref(slug, 'risks', id)}>
            {risks.get(id) ?? 'a risk no longer listed'}
          </Link>
        </li>
      ))}
      {controlIds.length > 0 && (
        <li>
          {controlIds.length === 1 ? 'Control' : 'Controls'}:{' '}
          {controlIds.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={sectionHref(slug, 'controls', id)}>{id}</Link>
            </span>
          ))}
        </li>
      )}
    </ul>
  );
}

/** `onChanged`: an impact was added, changed or removed, which moves the assessment's version too. */
export function ImpactItems({
  membership,
  assessment,
  onChanged,
}: {
  membership: Membership;
  assessment: ImpactAssessment;
  onChanged: () => void;
}) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const items = useData(
    `${slug}|impacts|${assessment.id}`,
    () => impactApi.impacts(slug, assessment.id),
    refresh,
  );
  const mayAdd = assessment.abilities.addImpact;
  const mayChange = assessment.abilities.updateImpact;
  const mayRemove = assessment.abilities.removeImpact;
  const editable = mayAdd || mayChange || mayRemove;
  const rowActions = mayChange || mayRemove;
  const risks = useData(`${slug}|impact-risks`, () => impactApi.risks(slug), refresh);
  const controls = useData('catalog-controls', () => impactApi.controls());
  const riskNames = new Map((risks.data ?? []).map((r) => [r.id, r.title]));
  const saved = (message: string) => {
    setEditing(null);
    setDone(message);
    setRefresh((n) => n + 1);
    onChanged();
  };
  const list = items.data ?? [];
  const current = list.find((i) => i.id === editing) ?? null;
  return (
    <Section
      id="impacts"
      title="Impacts"
      intro={
        <p>
          Who the system could affect and how, rated from 1 to 5 for severity and likelihood, with
          how each impact is mitigated.
        </p>
      }
    >
      <Alert tone="success">{done}</Alert>
      {!items.data ? (
        <Loading
          what={items.error ? `The impacts could not be loaded: ${items.error}` : 'Loading…'}
        />
      ) : list.length === 0 ? (
        <p className="empty">
          No impact recorded yet. An assessment needs at least one before it can be approved.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="impact-table">
            <caption className="visually-hidden">{plural(list.length, 'impact')}</caption>
            <thead>
              <tr>
                <th scope="col">Impact</th>
                <th scope="col">Who is affected</th>
                <th scope="col">Dimension</th>
                <th scope="col">Severity</th>
                <th scope="col">Likelihood</th>
                <th scope="col">Mitigation</th>
                {rowActions && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.description}</th>
                  <td>{AFFECTED_LABEL[i.affected] ?? humanize(i.affected)}</td>
                  <td>{humanize(i.dimension)}</td>
                  <td className={`impact-scale impact-scale-${i.severity}`}>
                    {severityText(i.severity)}
                  </td>
                  <td className={`impact-scale impact-scale-${i.likelihood}`}>
                    {likelihoodText(i.likelihood)}
                  </td>
                  <td>
                    {i.mitigation ? (
                      <p className="prewrap">{i.mitigation}</p>
                    ) : (
                      <span className="warning-text">None recorded</span>
                    )}
                    <Links
                      slug={slug}
                      risks={riskNames}
                      riskIds={i.riskIds}
                      controlIds={i.controlIds}
                    />
                  </td>
                  {rowActions && (
                    <td className="row-actions">
                      {mayChange && (
                        <>
                          <button
                            type="button"
                            className="button small"
                            aria-label={`Change the impact “${clip(i.description, 60)}”`}
                            onClick={() => {
                              setDone(null);
                              setEditing(i.id);
                            }}
                          >
                            Change
                          </button>{' '}
                        </>
                      )}
                      {mayRemove && (
                        <RemoveImpact
                          slug={slug}
                          item={i}
                          onRemoved={() => saved('The impact is removed.')}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable &&
        (!controls.data || !risks.data ? (
          <Loading what={controls.error ?? risks.error ?? 'Loading the risks and controls…'} />
        ) : current && mayChange ? (
          <ImpactForm
            key={current.id}
            slug={slug}
            assessment={assessment}
            item={current}
            risks={risks.data}
            controls={controls.data}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        ) : mayAdd ? (
          <ImpactForm
            slug={slug}
            assessment={assessment}
            item={null}
            risks={risks.data}
            controls={controls.data}
            onSaved={saved}
          />
        ) : null)}
    </Section>
  );
}
