// Recording an incident and changing what is recorded: what happened, when, how severe, the harm
// and who was affected, the AI systems and model versions involved, containment and root cause.
// Times are entered in the reader's time zone and sent as UTC instants.
import { useState } from 'react';
import { ApiError } from '../../api';
import {
  Alert,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { humanize, optionsOf } from '../../lib/format';
import {
  HARM_TYPES,
  incidentsApi,
  SEVERITIES,
  SOURCES,
  type Incident,
  type IncidentInput,
} from './api';
import { fromLocalInput, SEVERITY_WORD, toLocalInput } from './words';

const FIELDS = [
  'title',
  'description',
  'severity',
  'source',
  'sourceRef',
  'detectedAt',
  'occurredAt',
  'harmTypes',
  'affectedCount',
  'affectedDescription',
  'systems',
  'containment',
  'rootCause',
  'nonconformityId',
] as const;

interface Row {
  key: number;
  aiSystemId: string;
  aiModelId: string;
}

function SystemRow({
  slug,
  row,
  n,
  names,
  onChange,
  onRemove,
}: {
  slug: string;
  row: Row;
  n: number;
  /** Names of the systems first chosen (the incident's `names`). */
  names: Readonly<Record<string, string>>;
  onChange: (r: Row) => void;
  onRemove: () => void;
}) {
  const models = useData(row.aiSystemId ? `${slug}|ai-models|${row.aiSystemId}` : null, () =>
    incidentsApi.models(slug, row.aiSystemId),
  );
  // The system the row started with, for the picker's first choice (fixed for the row's life).
  const [first] = useState(() => (row.aiSystemId ? [row.aiSystemId] : []));
  return (
    <div className="system-row">
      <RecordPicker
        org={slug}
        type="ai_systems"
        label={`AI system ${n}`}
        name={`system-${n}`}
        required
        defaultValue={first}
        names={names}
        onChange={(ids) => onChange({ ...row, aiSystemId: ids[0] ?? '', aiModelId: '' })}
      />
      <SelectField
        label={`Model version of AI system ${n}`}
        name={`model-${n}`}
        optional
        value={row.aiModelId}
        disabled={!row.aiSystemId || !models.data}
        onChange={(e) => onChange({ ...row, aiModelId: e.target.value })}
        options={[
          { value: '', label: 'The system as a whole' },
          ...(models.data ?? []).map((m) => ({
            value: m.id,
            label: `${m.name} ${m.modelVersion}`,
          })),
        ]}
      />
      <button type="button" className="button small" onClick={onRemove}>
        Remove AI system {n}
      </button>
    </div>
  );
}

let rowKey = 0;
const NO_NAMES: Readonly<Record<string, string>> = {};

/** A new incident (`incident` null) or a change of one. */
export function IncidentForm({
  slug,
  incident,
  submitLabel,
  onSaved,
  onCancel,
}: {
  slug: string;
  incident: Incident | null;
  submitLabel: string;
  onSaved: (i: Incident) => void;
  onCancel?: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() =>
    (incident?.systems ?? []).map((s) => ({
      key: ++rowKey,
      aiSystemId: s.aiSystemId,
      aiModelId: s.aiModelId ?? '',
    })),
  );
  const sub = useSubmission(FIELDS, async (data) => {
    const count = textValue(data, 'affectedCount');
    const body: IncidentInput = {
      title: textValue(data, 'title') ?? '',
      description: textValue(data, 'description') ?? null,
      severity: (textValue(data, 'severity') ?? 'medium') as IncidentInput['severity'],
      source: textValue(data, 'source') ?? 'internal',
      sourceRef: textValue(data, 'sourceRef') ?? null,

      harmTypes: data.getAll('harmTypes').map(String),
      affectedCount: count === undefined ? null : Number(count),
      affectedDescription: textValue(data, 'affectedDescription') ?? null,
      systems: rows
        .filter((r) => r.aiSystemId)
        .map((r) => ({ aiSystemId: r.aiSystemId, aiModelId: r.aiModelId || null })),
      containment: textValue(data, 'containment') ?? null,
      rootCause: textValue(data, 'rootCause') ?? null,
      nonconformityId: textValue(data, 'nonconformityId') ?? null,
    };
    // A time left as it was shown is not sent: the input holds minutes, the record may hold seconds.
    const detected = textValue(data, 'detectedAt');
    if (detected && detected !== toLocalInput(incident?.detectedAt))
      body.detectedAt = fromLocalInput(detected);
    const occurred = textValue(data, 'occurredAt') ?? '';
    if (!incident || occurred !== toLocalInput(incident.occurredAt))
      body.occurredAt = fromLocalInput(occurred) ?? null;
    try {
      const saved = incident
        ? await incidentsApi.update(slug, incident, body)
        : await incidentsApi.create(slug, body);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'Someone changed this incident since the page was loaded. Reload the page and make the change again.',
        );
      throw e;
    }
  });
  const e = sub.fieldErrors;
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={incident ? 'Change the incident' : 'New incident'}
      noValidate
      className="record-form"
    >
      <TextField
        label="Title"
        name="title"
        required
        defaultValue={incident?.title ?? ''}
        hint="What happened, in a line."
        error={e.title}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={4}
        defaultValue={incident?.description ?? ''}
        error={e.description}
      />
      <div className="form-grid">
        <SelectField
          label="Severity"
          name="severity"
          defaultValue={incident?.severity ?? 'medium'}
          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_WORD[s] }))}
          error={e.severity}
        />
        <SelectField
          label="Source"
          name="source"
          defaultValue={incident?.source ?? 'internal'}
          options={optionsOf(SOURCES)}
          hint="How it became known."
          error={e.source}
        />
        <TextField
          label="Source reference"
          name="sourceRef"
          defaultValue={incident?.sourceRef ?? ''}
          hint="A ticket, a concern or a metric series, if any."
          error={e.sourceRef}
        />
      </div>
      <div className="form-grid">
        <TextField
          label="Detected"
          name="detectedAt"
          type="datetime-local"
          required={false}
          defaultValue={toLocalInput(incident?.detectedAt)}
          hint={incident ? 'In your time zone.' : 'In your time zone. Leave empty for now.'}
          error={e.detectedAt}
        />
        <TextField
          label="Occurred"
          name="occurredAt"
          type="datetime-local"
          defaultValue={toLocalInput(incident?.occurredAt)}
          hint="When it happened, if known (your time zone)."
          error={e.occurredAt}
        />
      </div>
      <CheckboxGroup
        label="Harm"
        name="harmTypes"
        options={HARM_TYPES.map((h) => ({ value: h, label: humanize(h) }))}
        defaultValue={incident?.harmTypes ?? []}
        hint="The kinds of harm caused or risked."
        error={e.harmTypes}
      />
      <div className="form-grid">
        <TextField
          label="People affected"
          name="affectedCount"
          type="number"
          min={0}
          defaultValue={
            incident?.affectedCount === null ? '' : String(incident?.affectedCount ?? '')
          }
          hint="How many, as far as known."
          error={e.affectedCount}
        />
        <TextField
          label="Who was affected"
          name="affectedDescription"
          defaultValue={incident?.affectedDescription ?? ''}
          error={e.affectedDescription}
        />
      </div>
      <fieldset className="field fieldset" aria-describedby="systems-hint">
        <legend>
          AI systems involved<span className="optional"> (optional)</span>
        </legend>
        {rows.map((r, n) => (
          <SystemRow
            key={r.key}
            slug={slug}
            row={r}
            n={n + 1}
            names={incident?.names ?? NO_NAMES}
            onChange={(next) => setRows((all) => all.map((x) => (x.key === r.key ? next : x)))}
            onRemove={() => setRows((all) => all.filter((x) => x.key !== r.key))}
          />
        ))}
        <p className="hint" id="systems-hint">
          Each AI system, and the model version when the incident concerns one.
        </p>
        {e.systems && <p className="field-error">{e.systems}</p>}
        <button
          type="button"
          className="button small"
          onClick={() => setRows([...rows, { key: ++rowKey, aiSystemId: '', aiModelId: '' }])}
        >
          Add an AI system
        </button>
      </fieldset>
      <TextAreaField
        label="Containment"
        name="containment"
        rows={3}
        defaultValue={incident?.containment ?? ''}
        hint="What was done to contain it. Needed to close the incident."
        error={e.containment}
      />
      <TextAreaField
        label="Root cause"
        name="rootCause"
        rows={3}
        defaultValue={incident?.rootCause ?? ''}
        hint="Why it happened, once known. Needed to close the incident."
        error={e.rootCause}
      />
      <RecordPicker
        org={slug}
        type="nonconformities"
        label="Nonconformity"
        name="nonconformityId"
        defaultValue={incident?.nonconformityId ? [incident.nonconformityId] : []}
        names={incident?.names}
        placeholder="None; type its id (NC-0012) or title"
        hint="The nonconformity (10.2) it led to, if any."
        error={e.nonconformityId}
      />
      <Alert>{sub.formError}</Alert>
      <div className="actions">
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : submitLabel}
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
