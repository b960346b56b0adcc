// The reporter's side of a public report after sending it: with the reference they were given,
// they can see where the report stands, without an account. Nothing of its content is shown.
import { useState } from 'react';
import { ApiError } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { concernsApi, type ConcernStatus, type ReportStatus } from './api';

/** The state of a report in the reporter's words. */
const IN_WORDS: Record<ConcernStatus, string> = {
  received: 'Received: it has not been looked at yet.',
  triage: 'Being assessed: someone is deciding how to look into it.',
  investigating: 'Being looked into.',
  resolved: 'Closed: the organization has dealt with it.',
  dismissed: 'Closed: the organization decided no action was needed.',
};

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

export function ReportStatusCheck({ slug, name }: { slug: string; name: string }) {
  const [found, setFound] = useState<ReportStatus | null>(null);
  const form = useSubmission(['concernId'], async (data) => {
    setFound(null);
    const reference = textValue(data, 'concernId') ?? '';
    try {
      setFound(await concernsApi.publicStatus(slug, reference));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        throw new Error(`${name} has no report with this reference. Check the reference you kept.`);
      if (e instanceof ApiError && e.status === 429)
        throw new Error('Too many tries from your connection. Please wait a little and try again.');
      throw e;
    }
  });
  return (
    <section className="status-check" aria-labelledby="status-check-title">
      <h2 id="status-check-title">Check a report you made</h2>
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-label="Check a report">
        <Alert>{form.formError}</Alert>
        <TextField
          label="Reference"
          name="concernId"
          required
          hint="The reference shown when you sent the report."
          error={form.fieldErrors.concernId}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="button" disabled={form.busy}>
          {form.busy ? 'Checking…' : 'Check'}
        </button>
      </form>
      {found && (
        <div className="alert alert-info" role="status">
          <p>
            <strong>{IN_WORDS[found.status]}</strong>
          </p>
          <p>
            Received {day(found.receivedAt)}; last changed {day(found.lastChangedAt)}
            {found.closedAt ? `; closed ${day(found.closedAt)}` : ''}.
          </p>
        </div>
      )}
    </section>
  );
}
