// The form that records an impact of an assessment or changes one: who is affected, along which
// dimension, how badly and how likely, how it is mitigated, the risks that carry it (chosen with
// the record picker, searched on the server) and the Annex A controls that treat it.
import {
  Alert,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  textValue,
  useSubmission,
} from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { humanize } from '../../lib/format';
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
} from './api';
import { staleMessage } from './impact-remove';

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

export function ImpactForm({
  slug,
  assessment,
  item,
  controls,
  onSaved,
  onCancel,
}: {
  slug: string;
  assessment: ImpactAssessment;
  item: Impact | null;
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
      <RecordPicker
        org={slug}
        type="risks"
        label="Risks that carry it"
        name="riskIds"
        multiple
        defaultValue={item?.riskIds ?? []}
        names={item?.names}
        placeholder="Type part of a risk's title or its id (R-0042)"
        hint="Risks in the register that treat this impact."
        error={sub.fieldErrors.riskIds}
      />
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
