import { api, type Session } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { AuthLayout } from '../auth/auth-layout';

const FIELDS = ['orgName', 'name', 'email', 'password'] as const;

/** First-run setup: the first organization and its owner, then an automatic sign-in. */
export function SetupPage({
  onSignedIn,
  onSetUp,
}: {
  onSignedIn: (s: Session, orgSlug: string) => void;
  onSetUp: (notice: string) => void;
}) {
  const form = useSubmission(FIELDS, async (data) => {
    const email = textValue(data, 'email') ?? '';
    const password = textValue(data, 'password') ?? '';
    const name = textValue(data, 'name');
    const withExample = data.get('withExample') === 'on';
    const out = await api.setup({
      orgName: textValue(data, 'orgName') ?? '',
      email,
      password,
      ...(name ? { name } : {}),
      ...(withExample ? { withExample } : {}),
    });
    let session: Session;
    try {
      session = await api.login({ email, password });
    } catch {
      // Setup cannot run twice, so never leave the user on this form once it has succeeded.
      onSetUp(
        `${out.org.name} is set up, but signing in did not work. Sign in with the email and password you chose.`,
      );
      return;
    }
    onSignedIn(session, out.org.slug);
  });
  return (
    <AuthLayout
      title="Set up aims"
      intro={
        <p>
          This instance is empty. Name your organization and create the owner account; you will be
          signed in right after.
        </p>
      }
    >
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate>
        <Alert>{form.formError}</Alert>
        <TextField
          label="Organization name"
          name="orgName"
          required
          autoComplete="organization"
          error={form.fieldErrors.orgName}
        />
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          error={form.fieldErrors.name}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="username"
          error={form.fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 12 characters."
          error={form.fieldErrors.password}
        />
        <label className="checkbox">
          <input type="checkbox" name="withExample" />
          Load an example AIMS: AI systems, an AI policy, risks, an impact assessment and a
          Statement of Applicability with evidence, to explore before entering your own
        </label>
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Setting up…' : 'Create organization'}
        </button>
      </form>
    </AuthLayout>
  );
}
