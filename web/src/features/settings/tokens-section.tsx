// API tokens: list, create (the secret is shown once), revoke.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, can, type ApiToken, type Member, type Membership } from '../../api';
import { Alert, SelectField, TextField, textValue, useSubmission } from '../../components/form';
import { Section, When } from '../../components/page';

const CREATE_FIELDS = ['name', 'scopes', 'expiresAt'] as const;
const SCOPE_OPTIONS = [
  { value: 'read', label: 'Read: look, never change' },
  { value: 'write', label: 'Write: look and change' },
];

/** The end of the chosen day in the browser's time zone, as RFC 3339. */
function endOfDay(date: string): string | undefined {
  const d = new Date(`${date}T23:59:59`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function status(t: ApiToken, now: number): string {
  if (t.revokedAt) return 'Revoked';
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return 'Expired';
  return 'Active';
}

export function TokensSection({
  membership,
  members,
}: {
  membership: Membership;
  members: Member[] | null;
}) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [more, setMore] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const canCreate = can(membership, 'tokens.create');
  const canRevoke = can(membership, 'tokens.revoke');
  const emails = new Map((members ?? []).map((m) => [m.userId, m.email]));

  const reload = useCallback(async () => {
    try {
      const page = await api.tokens(membership.slug);
      setTokens(page.items);
      setMore(page.nextCursor !== null);
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  }, [membership.slug]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const create = useSubmission(CREATE_FIELDS, async (data, form) => {
    const day = textValue(data, 'expiresAt');
    const expiresAt = day ? endOfDay(day) : undefined;
    const out = await api.createToken(membership.slug, {
      name: textValue(data, 'name') ?? '',
      scopes: [textValue(data, 'scopes') ?? 'read'],
      ...(expiresAt ? { expiresAt } : {}),
    });
    form.reset();
    setMessage(null);
    setSecret({ name: out.name, token: out.token });
    await reload();
  });

  const revoke = async (t: ApiToken) => {
    try {
      await api.revokeToken(membership.slug, t);
      setMessage({ tone: 'success', text: `Revoked “${t.name}”. It no longer works.` });
    } catch (e) {
      const stale = e instanceof ApiError && e.code === 'VERSION_MISMATCH';
      setMessage({
        tone: 'error',
        text: stale
          ? `“${t.name}” changed after the list was loaded; the list is reloaded, try again.`
          : `Could not revoke “${t.name}”: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    await reload();
  };

  const now = Date.now();
  return (
    <Section
      id="tokens"
      title="API tokens"
      intro={
        <p>
          Tokens let scripts and pipelines call the aims API as the member who created them, never
          with more than that member’s role allows.
        </p>
      }
    >
      {!canCreate && (
        <p className="muted">
          Your role in {membership.name} does not include creating API tokens.
        </p>
      )}
      {canCreate && (
        <form
          ref={create.formRef}
          onSubmit={create.onSubmit}
          noValidate
          className="subform"
          aria-labelledby="create-token-title"
        >
          <h3 id="create-token-title">Create a token</h3>
          <p className="intro">The token acts as you, in this organization only.</p>
          <Alert>{create.formError}</Alert>
          <div className="grid">
            <TextField
              label="Token name"
              name="name"
              required
              autoComplete="off"
              hint="What it is for, such as a pipeline’s name."
              error={create.fieldErrors.name}
            />
            <SelectField
              label="Scope"
              name="scopes"
              options={SCOPE_OPTIONS}
              defaultValue="read"
              error={create.fieldErrors.scopes}
            />
            <TextField
              label="Expires on"
              name="expiresAt"
              type="date"
              hint="Left empty, it works until revoked."
              error={create.fieldErrors.expiresAt}
            />
          </div>
          <button type="submit" className="button primary" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create token'}
          </button>
        </form>
      )}
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {secret && (
        <NewSecret name={secret.name} token={secret.token} onDone={() => setSecret(null)} />
      )}
      {tokens === null ? (
        <p className="muted">Loading tokens…</p>
      ) : tokens.length === 0 ? (
        <p className="muted">No API tokens yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">API tokens of {membership.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scope</th>
                <th scope="col">Member</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                {canRevoke && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const st = status(t, now);
                return (
                  <tr key={t.id} className={st === 'Active' ? undefined : 'inactive'}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>{emails.get(t.userId) ?? <span className="muted">former member</span>}</td>
                    <td>{t.expiresAt ? <When at={t.expiresAt} /> : 'Never'}</td>
                    <td>
                      <span className={`status status-${st.toLowerCase()}`}>{st}</span>
                    </td>
                    {canRevoke && (
                      <td className="row-actions">
                        {t.abilities.revoke && (
                          <button
                            type="button"
                            className="button small danger-outline"
                            onClick={() => void revoke(t)}
                            aria-label={`Revoke ${t.name}`}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {more && <p className="muted">Only the first {tokens.length} tokens are listed.</p>}
        </div>
      )}
    </Section>
  );
}

function NewSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [token]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('Copied to the clipboard.');
    } catch {
      input.current?.select();
      setCopied('The browser did not allow copying: the token is selected, press Ctrl+C (or ⌘C).');
    }
  };

  return (
    <div className="secret" role="region" aria-labelledby="secret-title">
      <h3 id="secret-title">Token “{name}” created</h3>
      <p>
        <strong>Copy it now.</strong> aims keeps only a hash of it, so this is the only time it is
        shown.
      </p>
      <div className="secret-row">
        <label htmlFor="new-token-secret" className="visually-hidden">
          New token
        </label>
        <input
          id="new-token-secret"
          ref={input}
          readOnly
          value={token}
          spellCheck={false}
          className="mono"
        />
        <button type="button" className="button primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="muted" role="status">
        {copied}
      </p>
      <button type="button" className="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
