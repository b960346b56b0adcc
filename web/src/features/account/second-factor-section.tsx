// The TOTP second factor: turn on (secret and otpauth URI shown once, confirmed by a code; ten
// recovery codes shown once), or off (password and a code).
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { Section } from '../../components/page';
import { accountApi, type SecondFactor } from './api';

export function SecondFactorSection() {
  const [state, setState] = useState<SecondFactor | null>(null);
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setState(await accountApi.secondFactor());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const enrol = useSubmission(['password'], async (data) => {
    setEnrolment(await accountApi.enrol(textValue(data, 'password') ?? ''));
    setCodes(null);
  });
  const confirm = useSubmission(['code'], async (data) => {
    const r = await accountApi.confirm(textValue(data, 'code') ?? '');
    setEnrolment(null);
    setCodes(r.recoveryCodes);
    await reload();
  });
  const disable = useSubmission(['password', 'code'], async (data, form) => {
    await accountApi.disable({
      password: textValue(data, 'password') ?? '',
      code: textValue(data, 'code') ?? '',
    });
    form.reset();
    setCodes(null);
    await reload();
  });

  return (
    <Section
      id="second-factor"
      title="Second factor"
      intro={
        <p>
          With a second factor, signing in asks for the 6-digit code of an authenticator app as well
          as your password.
        </p>
      }
    >
      <Alert>{error}</Alert>
      {state && (
        <p>
          Status: <strong>{state.enabled ? 'on' : 'off'}</strong>
          {state.enabled && `, ${state.recoveryCodesLeft} recovery code(s) left`}
        </p>
      )}
      {codes && (
        <div className="subform" role="status">
          <h3>Your recovery codes</h3>
          <p>
            Keep these somewhere safe: each one signs you in once in place of a code, if you lose
            the authenticator. They are shown only now.
          </p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state && !state.enabled && !enrolment && (
        <form ref={enrol.formRef} onSubmit={enrol.onSubmit} noValidate className="subform">
          <h3>Turn on</h3>
          <Alert>{enrol.formError}</Alert>
          <TextField
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={enrol.fieldErrors.password}
          />
          <button type="submit" className="button primary" disabled={enrol.busy}>
            {enrol.busy ? 'Starting…' : 'Set up an authenticator app'}
          </button>
        </form>
      )}
      {enrolment && (
        <form ref={confirm.formRef} onSubmit={confirm.onSubmit} noValidate className="subform">
          <h3>Add aims to your authenticator app</h3>
          <p>Type this key into the app (or open the URI on the device that has it):</p>
          <p>
            Key: <code className="secret">{enrolment.secret}</code>
          </p>
          <p className="break-anywhere">
            URI: <code>{enrolment.otpauthUri}</code>
          </p>
          <Alert>{confirm.formError}</Alert>
          <TextField
            label="The code the app shows"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            error={confirm.fieldErrors.code}
          />
          <button type="submit" className="button primary" disabled={confirm.busy}>
            {confirm.busy ? 'Checking…' : 'Turn on'}
          </button>
        </form>
      )}
      {state?.enabled && (
        <form ref={disable.formRef} onSubmit={disable.onSubmit} noValidate className="subform">
          <h3>Turn off</h3>
          <Alert>{disable.formError}</Alert>
          <TextField
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={disable.fieldErrors.password}
          />
          <TextField
            label="A code of the app, or a recovery code"
            name="code"
            autoComplete="one-time-code"
            required
            error={disable.fieldErrors.code}
          />
          <button type="submit" className="button" disabled={disable.busy}>
            {disable.busy ? 'Turning off…' : 'Turn off the second factor'}
          </button>
        </form>
      )}
    </Section>
  );
}
