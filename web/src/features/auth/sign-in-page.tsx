import { api, type Session } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { AuthLayout } from './auth-layout';

const FIELDS = ['email', 'password'] as const;

export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice?: string | null;
  onSignedIn: (s: Session) => void;
}) {
  const form = useSubmission(FIELDS, async (data) => {
    const session = await api.login({
      email: textValue(data, 'email') ?? '',
      password: textValue(data, 'password') ?? '',
    });
    onSignedIn(session);
  });
  return (
    <AuthLayout title="Sign in">
      {notice && <Alert tone="info">{notice}</Alert>}
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate>
        <Alert>{form.formError}</Alert>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={form.fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={form.fieldErrors.password}
        />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
