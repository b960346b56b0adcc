import { useState } from 'react';
import { api, ApiError, type Session } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { Link } from '../../router';
import { AuthLayout } from './auth-layout';

const FIELDS = ['email', 'password', 'code'] as const;

export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice?: string | null;
  onSignedIn: (s: Session) => void;
}) {
  // Asked for after a right password, when the account has a second factor.
  const [needsCode, setNeedsCode] = useState(false);
  const form = useSubmission(FIELDS, async (data) => {
    const code = textValue(data, 'code');
    try {
      const session = await api.login({
        email: textValue(data, 'email') ?? '',
        password: textValue(data, 'password') ?? '',
        ...(code ? { code } : {}),
      });
      onSignedIn(session);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SECOND_FACTOR_REQUIRED' && !needsCode) {
        setNeedsCode(true);
        return;
      }
      throw e;
    }
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
        {needsCode && (
          <TextField
            label="Authenticator code"
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            required
            autoFocus
            hint="The 6 digits your authenticator app shows for aims, or one of your recovery codes."
            error={form.fieldErrors.code}
          />
        )}
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-aside">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthLayout>
  );
}
