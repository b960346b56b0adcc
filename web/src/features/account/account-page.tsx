// The signed-in user's account: the password, the sessions, the second factor.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { PageHeader, Section, When } from '../../components/page';
import { useSession } from '../auth/session';
import { accountApi, type AccountSession } from './api';
import { NewPasswordFields, typedPassword } from './reset-pages';
import { SecondFactorSection } from './second-factor-section';

export function AccountPage() {
  const { session } = useSession();
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const reload = useCallback(async () => {
    try {
      setSessions((await accountApi.sessions()).items);
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const change = useSubmission(['currentPassword', 'newPassword', 'repeat'], async (data, form) => {
    const r = await accountApi.changePassword({
      currentPassword: textValue(data, 'currentPassword') ?? '',
      newPassword: typedPassword(data),
    });
    form.reset();
    setMessage({
      tone: 'success',
      text: `Your password is changed; ${r.sessionsEnded} other session(s) ended.`,
    });
    await reload();
  });

  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage({ tone: 'success', text: what });
      await reload();
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  return (
    <>
      <PageHeader title="Your account" />
      <p>
        Signed in as <strong>{session.user.email}</strong> ({session.user.name}).
      </p>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Section
        id="password"
        title="Password"
        intro={<p>Changing it ends your other sessions; this one stays.</p>}
      >
        <form ref={change.formRef} onSubmit={change.onSubmit} noValidate className="subform">
          <Alert>{change.formError}</Alert>
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={change.fieldErrors.currentPassword}
          />
          <NewPasswordFields
            errors={{ ...change.fieldErrors, password: change.fieldErrors.newPassword ?? '' }}
          />
          <button type="submit" className="button primary" disabled={change.busy}>
            {change.busy ? 'Changing…' : 'Change password'}
          </button>
        </form>
      </Section>
      <Section
        id="sessions"
        title="Sessions"
        intro={<p>Where you are signed in. End any you do not recognise.</p>}
      >
        {sessions === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Your sessions</caption>
              <thead>
                <tr>
                  <th scope="col">Browser</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.userAgent ?? 'Unknown browser'}
                      {s.ip && <span className="muted"> · {s.ip}</span>}
                      {s.current && <strong> · this session</strong>}
                    </td>
                    <td>
                      <When at={s.createdAt} />
                    </td>
                    <td>{s.lastSeenAt ? <When at={s.lastSeenAt} /> : '—'}</td>
                    <td>
                      {!s.current && (
                        <button
                          type="button"
                          className="button"
                          onClick={() =>
                            void act('The session ended.', () => accountApi.endSession(s.id))
                          }
                        >
                          End
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {sessions && sessions.length > 1 && (
          <button
            type="button"
            className="button"
            onClick={() =>
              void act('Your other sessions ended.', () => accountApi.endOtherSessions())
            }
          >
            End all other sessions
          </button>
        )}
      </Section>
      <SecondFactorSection />
    </>
  );
}
