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
import { humanize, optionsOf } from '../../lib/format';
import {
  HARM_TYPES,
  incidentsApi,
  SEVERITIES,
  SOURCES,
  type Incident,
  type IncidentInput,
} from './api';
import { rowsOf, SystemsFieldset, type Row } from './system-rows';
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
  const [rows, setRows] = useState<Row[]>(() => rowsOf(incident));
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
      <SystemsFieldset
        slug={slug}
        incident={incident}
        rows={rows}
        setRows={setRows}
        error={e.systems}
      />
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
