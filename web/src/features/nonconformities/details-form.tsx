// Changing what a nonconformity says while it is worked on: its title, description, the
// requirement, severity, owner and when it was found. Where it came from does not change.
import { SelectField, Alert, TextAreaField, TextField, textValue } from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { ncApi, SEVERITIES, type Severity } from './api';
import type { PanelProps } from './nonconformity-page';
import { useRequirements, useStep } from './status';
import { SEVERITY_WORD } from './words';

const FIELDS = ['title', 'description', 'requirementId', 'severity', 'ownerMemberId', 'detectedOn'];

export function DetailsForm({ slug, nc, onDone, onStale }: PanelProps) {
  const requirements = useRequirements();
  const sub = useStep(FIELDS, onStale, async (data) => {
    const next = await ncApi.update(slug, nc, {
      // Sent blank when emptied, so the API says it is required rather than keeping the old one.
      title: textValue(data, 'title') ?? '',
      description: textValue(data, 'description') ?? null,
      requirementId: textValue(data, 'requirementId') ?? nc.requirementId,
      severity: (textValue(data, 'severity') ?? nc.severity) as Severity,
      ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
      ...(textValue(data, 'detectedOn') ? { detectedOn: textValue(data, 'detectedOn') } : {}),
    });
    onDone(next, 'The details are saved.');
  });
  return (
    <details className="nc-change">
      <summary>Edit the details</summary>
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Edit the details"
        className="record-form"
      >
        <TextField
          label="Nonconformity"
          name="title"
          required
          defaultValue={nc.title}
          error={sub.fieldErrors.title}
        />
        <TextAreaField
          label="Description"
          name="description"
          rows={3}
          defaultValue={nc.description ?? ''}
          error={sub.fieldErrors.description}
        />
        <SelectField
          label="Requirement not met"
          name="requirementId"
          defaultValue={nc.requirementId}
          options={(
            requirements.data ?? [{ id: nc.requirementId, title: nc.requirementTitle }]
          ).map((r) => ({ value: r.id, label: `${r.id} ${r.title}` }))}
          error={sub.fieldErrors.requirementId}
        />
        <SelectField
          label="Severity"
          name="severity"
          defaultValue={nc.severity}
          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_WORD[s] }))}
          error={sub.fieldErrors.severity}
        />
        <RecordPicker
          org={slug}
          type="members"
          label="Owner"
          name="ownerMemberId"
          defaultValue={nc.ownerMemberId ? [nc.ownerMemberId] : []}
          names={nc.names}
          hint="Nobody when left empty."
          error={sub.fieldErrors.ownerMemberId}
        />
        <TextField
          label="Detected on"
          name="detectedOn"
          type="date"
          defaultValue={nc.detectedOn}
          error={sub.fieldErrors.detectedOn}
        />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : 'Save the details'}
        </button>
      </form>
    </details>
  );
}
