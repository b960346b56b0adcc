// Accepting an invitation by its link: a new person chooses a name and a password; someone who
// already has an account signs in as the invited address (when not already) and accepts.
import { useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken, type Session } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { Link, orgHref } from '../../router';
import { AuthLayout } from '../auth/auth-layout';
import { accountApi, linkSecret, type InvitationPreview } from './api';
import { NewPasswordFields, typedPassword } from './reset-pages';

/** A full load of the organization: the app reads the new session and memberships afresh. */
const open = (slug: string) => window.location.assign(orgHref(slug));

export function InvitationPage() {
  const [token] = useState(linkSecret);
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(
    token ? null : 'This address has no invitation in it: open the link you were given.',
  );
  useEffect(() => {
    if (!token) return;
    Promise.all([accountApi.invitation(token), api.session()])
      .then(([p, s]) => {
        setPreview(p);
        setSession(s);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [token]);

  const asNew = useSubmission(['name', 'password', 'repeat', 'token'], async (data) => {
    const password = typedPassword(data);
    const name = textValue(data, 'name');
    const r = await accountApi.acceptAsNew({ token, password, ...(name ? { name } : {}) });
    await api.login({ email: preview!.email, password });
    open(r.orgSlug);
  });
  const signInAndAccept = useSubmission(['password', 'code', 'token'], async (data) => {
    if (!session || session.user.email !== preview!.email) {
      const code = textValue(data, 'code');
      const s = await api.login({
        email: preview!.email,
        password: textValue(data, 'password') ?? '',
        ...(code ? { code } : {}),
      });
      setCsrfToken(s.csrfToken);
    }
    const r = await accountApi.acceptSignedIn(token);
    open(r.orgSlug);
  });

  const signedInAsInvited = !!session && !!preview && session.user.email === preview.email;
  return (
    <AuthLayout title="Invitation">
      <Alert>{error}</Alert>
      {preview && (
        <>
          <p>
            You are invited to join <strong>{preview.orgName}</strong> as{' '}
            <strong>{preview.role}</strong>, with the address <strong>{preview.email}</strong>.
          </p>
          {!preview.accountExists && (
            <form ref={asNew.formRef} onSubmit={asNew.onSubmit} noValidate>
              <Alert>{asNew.formError}</Alert>
              <TextField
                label="Your name"
                name="name"
                autoComplete="name"
                error={asNew.fieldErrors.name}
              />
              <NewPasswordFields errors={asNew.fieldErrors} label="Password" />
              <button type="submit" className="button primary" disabled={asNew.busy}>
                {asNew.busy ? 'Joining…' : `Join ${preview.orgName}`}
              </button>
            </form>
          )}
          {preview.accountExists && (
            <form ref={signInAndAccept.formRef} onSubmit={signInAndAccept.onSubmit} noValidate>
              <Alert>{signInAndAccept.formError}</Alert>
              {!signedInAsInvited && (
                <>
                  <p>You have an account: sign in as {preview.email} to accept.</p>
                  <TextField
                    label="Password"
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                    error={signInAndAccept.fieldErrors.password}
                  />
                  <TextField
                    label="Authenticator code"
                    name="code"
                    autoComplete="one-time-code"
                    hint="Only if your account has a second factor."
                    error={signInAndAccept.fieldErrors.code}
                  />
                </>
              )}
              <button type="submit" className="button primary" disabled={signInAndAccept.busy}>
                {signInAndAccept.busy ? 'Joining…' : `Accept and open ${preview.orgName}`}
              </button>
            </form>
          )}
        </>
      )}
      <p className="auth-aside">
        <Link href="/">Go to sign in</Link>
      </p>
    </AuthLayout>
  );
}
