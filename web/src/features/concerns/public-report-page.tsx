// The public page for reporting a concern about an organization's AI, without an account. It
// shows only the organization's name; the report gets a reference the reporter can quote.
import { useState } from 'react';
import { ApiError } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { useData } from '../../lib/data';
import { AuthLayout } from '../auth/auth-layout';
import { concernsApi } from './api';
import { ReportStatusCheck } from './status-check';

const FIELDS = ['summary', 'details', 'aiSystem', 'contact'] as const;

export function PublicReportPage({ slug }: { slug: string }) {
  const org = useData(`public|${slug}`, () => concernsApi.publicOrg(slug));
  const [reference, setReference] = useState<string | null>(null);
  const form = useSubmission(FIELDS, async (data, el) => {
    const details = textValue(data, 'details');
    const aiSystem = textValue(data, 'aiSystem');
    const contact = textValue(data, 'contact');
    try {
      const out = await concernsApi.reportPublic(slug, {
        summary: textValue(data, 'summary') ?? '',
        ...(details ? { details } : {}),
        ...(aiSystem ? { aiSystem } : {}),
        ...(contact ? { contact } : {}),
      });
      el.reset();
      setReference(out.reference);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        throw new Error(
          `Too many reports have come from your connection in a short time. Please wait a little and send it again. (${e.message})`,
        );
      }
      throw e;
    }
  });

  if (org.error && !org.data) {
    return (
      <AuthLayout title="Report a concern">
        <Alert>
          {org.status === 404
            ? 'This reporting link does not lead to an organization. Check the address you were given.'
            : org.error}
        </Alert>
      </AuthLayout>
    );
  }
  if (!org.data) {
    return (
      <main className="auth" id="main" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }

  const name = org.data.name;
  if (reference) {
    return (
      <AuthLayout title="Thank you">
        <div className="alert alert-success" role="status">
          <p>{name} has received your report.</p>
          <p>
            Your reference: <strong className="mono reference">{reference}</strong>
          </p>
        </div>
        <p>
          Keep the reference: quote it if you contact {name} about this report, and use it on this
          page to see where the report stands.
        </p>
        <button type="button" className="button" onClick={() => setReference(null)}>
          Report something else
        </button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={`Report a concern to ${name}`}
      intro={
        <p>
          Tell {name} about a problem you see with one of its AI systems or services: harm, unfair
          treatment, errors or misuse. You do not need an account. Unless you leave a way to contact
          you, the report is anonymous.
        </p>
      }
    >
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-label="Report a concern">
        <Alert>{form.formError}</Alert>
        <TextField
          label="What is the concern?"
          name="summary"
          required
          maxLength={300}
          hint="One line."
          error={form.fieldErrors.summary}
          autoComplete="off"
        />
        <TextAreaField
          label="What happened"
          name="details"
          rows={5}
          hint="When and where it happened, and anything that helps to look into it."
          error={form.fieldErrors.details}
        />
        <TextField
          label="Which AI system or service"
          name="aiSystem"
          hint="In your own words."
          error={form.fieldErrors.aiSystem}
          autoComplete="off"
        />
        <TextField
          label="How to reach you"
          name="contact"
          hint="An email or phone number, only if you want an answer. Leave it empty to stay anonymous."
          error={form.fieldErrors.contact}
          autoComplete="email"
        />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Sending…' : 'Send the report'}
        </button>
      </form>
      <ReportStatusCheck slug={slug} name={name} />
    </AuthLayout>
  );
}
