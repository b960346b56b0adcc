// Defining a metric: its AI system, what is measured, direction and thresholds, what it serves,
// whether it is a declared accuracy metric, and what a breach does. The server checks the
// thresholds against the direction and answers with pointers the fields show.
import { useState } from 'react';
import {
  Alert,
  CheckboxField,
  SelectField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { humanize, optionsOf } from '../../lib/format';
import {
  BREACH_ACTIONS,
  DIRECTIONS,
  monitoringApi,
  type Metric,
  type MetricDefinition,
  type MetricInput,
} from './api';

const FIELDS = [
  'aiSystemId',
  'name',
  'unit',
  'direction',
  'warnThreshold',
  'breachThreshold',
  'controlId',
  'accuracy',
  'declaredLevel',
  'breachAction',
] as const;

const num = (data: FormData, name: string) => {
  const v = textValue(data, name);
  return v === undefined ? null : Number(v);
};

const ACTION_LABEL: Record<string, string> = {
  none: 'Nothing (record the breach only)',
  incident: 'Open an incident',
  nonconformity: 'Raise a nonconformity',
};

export function MetricForm({
  slug,
  onSaved,
}: {
  slug: string;
  onSaved: (m: MetricDefinition) => void;
}) {
  const [accuracy, setAccuracy] = useState(false);
  const s = useSubmission(FIELDS, async (data) => {
    const body: MetricInput = {
      aiSystemId: textValue(data, 'aiSystemId') ?? '',
      name: textValue(data, 'name') ?? '',
      unit: textValue(data, 'unit') ?? null,
      direction: (textValue(data, 'direction') ?? 'higher_is_better') as Metric['direction'],
      warnThreshold: num(data, 'warnThreshold'),
      breachThreshold: num(data, 'breachThreshold') ?? Number.NaN,
      controlId: textValue(data, 'controlId') ?? null,
      accuracy: data.get('accuracy') === 'on',
      declaredLevel: num(data, 'declaredLevel'),
      breachAction: (textValue(data, 'breachAction') ?? 'none') as Metric['breachAction'],
    };
    onSaved(await monitoringApi.define(slug, body));
  });
  const e = s.fieldErrors;
  return (
    <form ref={s.formRef} onSubmit={s.onSubmit} noValidate aria-label="Define a metric">
      <Alert>{s.formError}</Alert>
      <RecordPicker
        org={slug}
        type="ai_systems"
        label="AI system"
        name="aiSystemId"
        required
        error={e.aiSystemId}
      />
      <TextField
        label="Metric"
        name="name"
        required
        error={e.name}
        hint="What is measured, e.g. top-1 accuracy on the weekly sample."
      />
      <TextField label="Unit" name="unit" error={e.unit} hint="%, ms, ratio…" />
      <SelectField
        label="Direction"
        name="direction"
        error={e.direction}
        options={DIRECTIONS.map((d) => ({ value: d, label: humanize(d) }))}
      />
      <TextField
        label="Warning threshold"
        name="warnThreshold"
        inputMode="decimal"
        error={e.warnThreshold}
        hint="Beyond it a value is a warning; on the good side of the breach threshold."
      />
      <TextField
        label="Breach threshold"
        name="breachThreshold"
        inputMode="decimal"
        required
        error={e.breachThreshold}
        hint="Beyond it a value is a breach (a value equal to it is not)."
      />
      <TextField
        label="Annex A control served"
        name="controlId"
        error={e.controlId}
        hint="e.g. A.6.2.6"
      />
      <CheckboxField
        label="A declared accuracy metric (EU AI Act Art. 15)"
        name="accuracy"
        checked={accuracy}
        onChange={(ev) => setAccuracy(ev.target.checked)}
        error={e.accuracy}
      />
      {accuracy && (
        <TextField
          label="Declared level"
          name="declaredLevel"
          inputMode="decimal"
          required
          error={e.declaredLevel}
        />
      )}
      <SelectField
        label="When it breaches"
        name="breachAction"
        error={e.breachAction}
        options={optionsOf(BREACH_ACTIONS).map((o) => ({
          ...o,
          label: ACTION_LABEL[o.value] ?? o.label,
        }))}
      />
      <button type="submit" className="button primary" disabled={s.busy}>
        Define the metric
      </button>
    </form>
  );
}
