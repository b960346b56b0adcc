// Invitations by link on the settings page: owners and managers invite an address with a role,
// see the pending invitations, and withdraw them. The link is shown once, to the inviter.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, can, ROLES, type Membership, type Role } from '../../api';
import { Alert, SelectField, TextField, textValue, useSubmission } from '../../components/form';
import { Section, When } from '../../components/page';
import { accountApi, type Invitation } from './api';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) }));

export function InvitationsSection({
  membership,
  onChange,
}: {
  membership: Membership;
  onChange?: () => void;
}) {
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [made, setMade] = useState<{ email: string; link: string; emailed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const allowed = can(membership, 'invitations.read');
  const reload = useCallback(async () => {
    if (!allowed) return;
    try {
      setItems((await accountApi.invitations(membership.slug)).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [allowed, membership.slug]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const invite = useSubmission(['email', 'role'], async (data, form) => {
    const r = await accountApi.invite(membership.slug, {
      email: textValue(data, 'email') ?? '',
      role: (textValue(data, 'role') ?? 'viewer') as Role,
    });
    form.reset();
    setMade({ email: r.email, link: r.link, emailed: r.emailed });
    await reload();
    onChange?.();
  });

  if (!allowed) return null;
  return (
    <Section
      id="invitations"
      title="Invitations"
      intro={
        <p>
          Invite someone by a link instead of choosing a password for them: they choose their own
          when they accept. A link works once, for 7 days.
        </p>
      }
    >
      <form ref={invite.formRef} onSubmit={invite.onSubmit} noValidate className="subform">
        <h3>Invite someone</h3>
        <Alert>{invite.formError}</Alert>
        <div className="grid">
          <TextField
            label="Email"
            name="email"
            type="email"
            required
            autoComplete="off"
            error={invite.fieldErrors.email}
          />
          <SelectField
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            defaultValue="contributor"
            error={invite.fieldErrors.role}
          />
        </div>
        <button type="submit" className="button primary" disabled={invite.busy}>
          {invite.busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {made && (
        <Alert tone="success">
          Invited {made.email}.{' '}
          {made.emailed ? 'The link was e-mailed; here it is too' : 'Pass this link on'} (shown only
          now): <code className="break-anywhere">{made.link}</code>
        </Alert>
      )}
      <Alert>{error}</Alert>
      {items && items.length === 0 && <p className="muted">No pending invitations.</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Pending invitations</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>
                    <When at={i.expiresAt} />
                  </td>
                  <td>
                    {can(membership, 'invitations.revoke') && (
                      <button
                        type="button"
                        className="button"
                        aria-label={`Withdraw the invitation of ${i.email}`}
                        onClick={() => {
                          accountApi
                            .revokeInvitation(membership.slug, i)
                            .then(reload)
                            .catch((e: unknown) =>
                              setError(e instanceof ApiError ? e.message : String(e)),
                            );
                        }}
                      >
                        Withdraw
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
