// Members of the organization: list, add, change role, remove. What is offered follows the
// abilities the API reports: for the membership (adding) and for each member (changing the role,
// removing: only an owner manages owners, and the last owner stays).
import { useId, useState } from 'react';
import { api, ApiError, can, ROLES, type Member, type Membership, type Role } from '../../api';
import { Alert, SelectField, TextField, textValue, useSubmission } from '../../components/form';
import { Section, When } from '../../components/page';
import { useSession } from '../auth/session';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) }));
const ADD_FIELDS = ['email', 'name', 'role', 'password'] as const;

/** A failed row action in words; a stale version gets advice instead of the raw detail. */
function describe(e: unknown, what: string): string {
  if (e instanceof ApiError) {
    if (e.code === 'VERSION_MISMATCH')
      return `Could not ${what}: someone changed this member after the list was loaded. Reload the list and try again.`;
    return `Could not ${what}: ${e.message}`;
  }
  return `Could not ${what}: ${String(e)}`;
}

interface Props {
  membership: Membership;
  members: Member[] | null;
  /** Whether the list stops at the page limit. */
  more: boolean;
  reload: () => Promise<void>;
}

export function MembersSection({ membership, members, more, reload }: Props) {
  const { session, refresh } = useSession();
  const [message, setMessage] = useState<{
    tone: 'error' | 'success';
    text: string;
    stale?: boolean;
  } | null>(null);
  const canAdd = can(membership, 'members.add');
  const canRemove = can(membership, 'members.remove');

  /** After a change: reload the list, and the session too when the change was about oneself. */
  const changed = async (m: Member, text: string) => {
    setMessage({ tone: 'success', text });
    await reload();
    if (m.userId === session.user.id) await refresh();
  };
  const failed = (e: unknown, what: string) =>
    setMessage({
      tone: 'error',
      text: describe(e, what),
      stale: e instanceof ApiError && e.code === 'VERSION_MISMATCH',
    });

  const add = useSubmission(ADD_FIELDS, async (data, form) => {
    const name = textValue(data, 'name');
    const password = textValue(data, 'password');
    const m = await api.addMember(membership.slug, {
      email: textValue(data, 'email') ?? '',
      role: (textValue(data, 'role') ?? 'viewer') as Role,
      ...(name ? { name } : {}),
      ...(password ? { password } : {}),
    });
    form.reset();
    setMessage({ tone: 'success', text: `Added ${m.email} as ${m.role}.` });
    await reload();
  });

  return (
    <Section
      id="members"
      title="Members"
      intro={
        <p>The people who can sign in to {membership.name}, and the role each one holds here.</p>
      }
    >
      {!canAdd && (
        <p className="muted">Your role in {membership.name} does not include adding members.</p>
      )}
      {canAdd && (
        <form
          ref={add.formRef}
          onSubmit={add.onSubmit}
          noValidate
          className="subform"
          aria-labelledby="add-member-title"
        >
          <h3 id="add-member-title">Add a member</h3>
          <Alert>{add.formError}</Alert>
          <div className="grid">
            <TextField
              label="Email"
              name="email"
              type="email"
              required
              autoComplete="off"
              error={add.fieldErrors.email}
            />
            <TextField label="Name" name="name" autoComplete="off" error={add.fieldErrors.name} />
            <SelectField
              label="Role"
              name="role"
              options={ROLE_OPTIONS}
              defaultValue="contributor"
              error={add.fieldErrors.role}
            />
            <TextField
              label="Initial password"
              name="password"
              type="password"
              autoComplete="new-password"
              hint="Only for someone new to aims: at least 12 characters, passed on privately."
              error={add.fieldErrors.password}
            />
          </div>
          <button type="submit" className="button primary" disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add member'}
          </button>
        </form>
      )}
      {message && (
        <Alert tone={message.tone}>
          {message.text}{' '}
          {message.stale && (
            <button
              type="button"
              className="button small"
              onClick={() => void reload().then(() => setMessage(null))}
            >
              Reload the list
            </button>
          )}
        </Alert>
      )}
      {members === null ? (
        <p className="muted">Loading members…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Members of {membership.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                {canRemove && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.name || <span className="muted">—</span>}
                    {m.userId === session.user.id && <span className="you"> (you)</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    {m.abilities.update ? (
                      <RoleEditor
                        key={m.version}
                        member={m}
                        onSave={(role) =>
                          api.updateMember(membership.slug, m, { role }).then(
                            () => changed(m, `${m.email} is now ${role}.`),
                            (e: unknown) => failed(e, `change the role of ${m.email}`),
                          )
                        }
                      />
                    ) : (
                      m.role
                    )}
                  </td>
                  <td>
                    <When at={m.createdAt} date />
                  </td>
                  {canRemove && (
                    <td className="row-actions">
                      {m.abilities.remove && (
                        <RemoveButton
                          member={m}
                          onRemove={() =>
                            api.removeMember(membership.slug, m).then(
                              () => changed(m, `Removed ${m.email}.`),
                              (e: unknown) => failed(e, `remove ${m.email}`),
                            )
                          }
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {more && <p className="muted">Only the first {members.length} members are listed.</p>}
        </div>
      )}
    </Section>
  );
}

function RoleEditor({ member, onSave }: { member: Member; onSave: (role: Role) => Promise<void> }) {
  const id = useId();
  const [role, setRole] = useState<Role>(member.role);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        onSave(role).finally(() => setBusy(false));
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Role of {member.email}
      </label>
      <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {role !== member.role && (
        <button
          type="submit"
          className="button small"
          disabled={busy}
          aria-label={`Save the role of ${member.email}`}
        >
          Save
        </button>
      )}
    </form>
  );
}

function RemoveButton({ member, onRemove }: { member: Member; onRemove: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="button small danger-outline"
        onClick={() => setAsking(true)}
        aria-label={`Remove ${member.email}`}
      >
        Remove
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm removing ${member.email}`}>
      <span>Remove?</span>
      <button
        type="button"
        className="button small danger"
        disabled={busy}
        autoFocus
        onClick={() => {
          setBusy(true);
          onRemove().finally(() => {
            setBusy(false);
            setAsking(false);
          });
        }}
      >
        Yes, remove
      </button>
      <button type="button" className="button small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
