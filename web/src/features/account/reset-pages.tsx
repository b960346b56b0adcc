// Signed-out pages: asking for a reset link, and setting a new password with one. The link's
// secret is in the address after #, which the browser never sends to a server.
import { useState } from 'react';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { Link } from '../../router';
import { AuthLayout } from '../auth/auth-layout';
import { accountApi, linkSecret } from './api';

export function ForgotPasswordPage() {
  const [answer, setAnswer] = useState<{ channel: string; message: string } | null>(null);
  const form = useSubmission(['email'], async (data) => {
    setAnswer(await accountApi.askReset(textValue(data, 'email') ?? ''));
  });
  return (
    <AuthLayout
      title="Forgot your password?"
      intro={<p>Give the e-mail address you sign in with.</p>}
    >
      {answer ? (
        <Alert tone={answer.channel === 'email' ? 'success' : 'info'}>{answer.message}</Alert>
      ) : (
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
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Sending…' : 'Send a reset link'}
          </button>
        </form>
      )}
      <p className="auth-aside">
        <Link href="/">Back to sign in</Link>
      </p>
    </AuthLayout>
  );
}

/** A new password typed twice; the second must match before anything is sent. */
export function NewPasswordFields({
  errors,
  label = 'New password',
}: {
  errors: Record<string, string>;
  label?: string;
}) {
  return (
    <>
      <TextField
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        error={errors.password}
      />
      <TextField
        label={`${label}, again`}
        name="repeat"
        type="password"
        autoComplete="new-password"
        required
        error={errors.repeat}
      />
    </>
  );
}

/** The password of a form with NewPasswordFields, or an error naming the repeat field. */
export function typedPassword(data: FormData): string {
  const password = textValue(data, 'password') ?? '';
  if (password !== (textValue(data, 'repeat') ?? ''))
    throw new Error('The two passwords differ: type the same password twice.');
  return password;
}

export function ResetPasswordPage() {
  const [token] = useState(linkSecret);
  const [done, setDone] = useState(false);
  const form = useSubmission(['password', 'repeat', 'token'], async (data) => {
    await accountApi.completeReset({ token, password: typedPassword(data) });
    setDone(true);
  });
  return (
    <AuthLayout title="Set a new password">
      {!token && (
        <Alert>This address has no reset link in it: open the link from the e-mail.</Alert>
      )}
      {done ? (
        <Alert tone="success">
          Your password is set, and every session you had has ended. <Link href="/">Sign in</Link>{' '}
          with the new password.
        </Alert>
      ) : (
        token && (
          <form ref={form.formRef} onSubmit={form.onSubmit} noValidate>
            <Alert>{form.formError}</Alert>
            <NewPasswordFields errors={form.fieldErrors} />
            <button type="submit" className="button primary" disabled={form.busy}>
              {form.busy ? 'Saving…' : 'Set the password'}
            </button>
          </form>
        )
      )}
      <p className="auth-aside">
        <Link href="/forgot-password">Ask for a new link</Link>
      </p>
    </AuthLayout>
  );
}
