// The audit programme as shown on the internal audit page: one version of it (current or draft,
// with its approval) and the form that drafts a new version.
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, When } from '../../components/page';
import { auditApi, type Programme } from './api';

const PROGRAMME_FIELDS = [
  'periodStart',
  'periodEnd',
  'frequency',
  'methods',
  'responsibilities',
  'importance',
  'previousResults',
] as const;

/** One version of the programme; `onApprove` shows the approve button when the caller may. */
export function ProgrammeView({ p, onApprove }: { p: Programme; onApprove?: () => void }) {
  return (
    <>
      <dl className="fields" aria-label={`Audit programme version ${p.number}`}>
        <div>
          <dt>Version</dt>
          <dd>
            {p.number} <Badge tone={p.status === 'approved' ? 'success' : 'info'}>{p.status}</Badge>
            {p.approvedAt && (
              <>
                {' '}
                approved <When at={p.approvedAt} date />
              </>
            )}
          </dd>
        </div>
        {p.authorMemberId && (
          <div>
            <dt>Drafted by</dt>
            <dd>{p.names[p.authorMemberId] ?? 'A former member'}</dd>
          </div>
        )}
        {p.approverMemberId && (
          <div>
            <dt>Approved by</dt>
            <dd>{p.names[p.approverMemberId] ?? 'A former member'}</dd>
          </div>
        )}
        <div>
          <dt>Period</dt>
          <dd>
            {p.periodStart} to {p.periodEnd}
          </dd>
        </div>
        <div className="wide">
          <dt>Frequency</dt>
          <dd className="prewrap">{p.frequency}</dd>
        </div>
        <div className="wide">
          <dt>Methods</dt>
          <dd className="prewrap">{p.methods}</dd>
        </div>
        <div className="wide">
          <dt>Responsibilities</dt>
          <dd className="prewrap">{p.responsibilities}</dd>
        </div>
        <div className="wide">
          <dt>Importance of the processes</dt>
          <dd className="prewrap">{p.importance}</dd>
        </div>
        <div className="wide">
          <dt>Results of previous audits</dt>
          <dd className="prewrap">{p.previousResults}</dd>
        </div>
        <div className="wide">
          <dt>Audits planned in the period</dt>
          <dd>
            {p.plannedAudits.length ? p.plannedAudits.map((a) => a.title).join(', ') : 'None yet'}
          </dd>
        </div>
      </dl>
      {p.abilities.approve && onApprove && (
        <button type="button" className="button primary" onClick={onApprove}>
          Approve version {p.number}
        </button>
      )}
    </>
  );
}

/** The form that drafts a new version of the programme; `onSaved` runs once the draft is saved. */
export function ProgrammeDraftForm({ slug, onSaved }: { slug: string; onSaved: () => void }) {
  const draft = useSubmission(PROGRAMME_FIELDS, async (data) => {
    const body = Object.fromEntries(PROGRAMME_FIELDS.map((f) => [f, textValue(data, f) ?? '']));
    await auditApi.draftProgramme(
      slug,
      body as unknown as Parameters<typeof auditApi.draftProgramme>[1],
    );
    onSaved();
  });
  return (
    <form
      ref={draft.formRef}
      onSubmit={draft.onSubmit}
      noValidate
      aria-label="Draft the audit programme"
      className="record-form"
    >
      <TextField
        label="Period starts"
        name="periodStart"
        type="date"
        required
        error={draft.fieldErrors.periodStart}
      />
      <TextField
        label="Period ends"
        name="periodEnd"
        type="date"
        required
        error={draft.fieldErrors.periodEnd}
      />
      <TextAreaField
        label="Frequency"
        name="frequency"
        rows={2}
        required
        error={draft.fieldErrors.frequency}
      />
      <TextAreaField
        label="Methods"
        name="methods"
        rows={2}
        required
        error={draft.fieldErrors.methods}
      />
      <TextAreaField
        label="Responsibilities"
        name="responsibilities"
        rows={2}
        required
        error={draft.fieldErrors.responsibilities}
      />
      <TextAreaField
        label="How the importance of the processes was taken into account"
        name="importance"
        rows={2}
        required
        error={draft.fieldErrors.importance}
      />
      <TextAreaField
        label="How the results of previous audits were taken into account"
        name="previousResults"
        rows={2}
        required
        error={draft.fieldErrors.previousResults}
      />
      <Alert tone="error">{draft.formError}</Alert>
      <button type="submit" className="button primary" disabled={draft.busy}>
        Save the draft
      </button>
    </form>
  );
}
