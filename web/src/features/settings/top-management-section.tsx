// Which roles are top management (clauses 5.1 and 5.2): readiness counts the AI policy and the
// scope as approved by top management only when their approver holds one of these roles.
import { useState } from 'react';
import { call, can, client, ifMatch, type Body, type Membership } from '../../api';
import { Alert, CheckboxField, useSubmission } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';

const ROLES = [
  { value: 'owner', label: 'Owners' },
  { value: 'manager', label: 'Managers' },
] as const;

const path = (org: string) => ({ params: { path: { org } } });

export function TopManagementSection({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  // Every change the API accepts refetches what is on screen (the query layer).
  const org = useData(`${slug}|top-management`, () =>
    call(client.GET('/api/v1/orgs/{org}', path(slug))),
  );
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmission(['topManagementRoles'], async (data) => {
    const roles = ROLES.map((r) => r.value).filter((r) => data.get(r) === 'on');
    await call(
      client.PATCH('/api/v1/orgs/{org}', {
        ...path(slug),
        headers: ifMatch(org.data!.version),
        body: { topManagementRoles: roles } as Body<'orgs.update'>,
      }),
    );
    setSaved('Top management is saved.');
  });
  const editable = can(membership, 'orgs.update');
  const named = org.data?.topManagementRoles ?? [];
  return (
    <Section
      id="top-management"
      title="Top management"
      intro={
        <p>
          The members who direct the organization (clauses 5.1 and 5.2). Readiness counts the AI
          policy and the scope as approved by top management only when the member who approved them
          holds one of these roles.
        </p>
      }
    >
      <Alert>{org.error}</Alert>
      {saved && <Alert tone="success">{saved}</Alert>}
      {org.data &&
        (editable ? (
          <form
            ref={submit.formRef}
            onSubmit={submit.onSubmit}
            noValidate
            aria-label="Top management"
          >
            <Alert>{submit.formError}</Alert>
            <fieldset className="field">
              <legend>Roles that are top management</legend>
              {ROLES.map((r) => (
                <CheckboxField
                  key={`${r.value}-${org.data!.version}`}
                  label={r.label}
                  name={r.value}
                  defaultChecked={named.includes(r.value)}
                />
              ))}
            </fieldset>
            {submit.fieldErrors.topManagementRoles && (
              <Alert>{submit.fieldErrors.topManagementRoles}</Alert>
            )}
            <button type="submit" className="button" disabled={submit.busy}>
              Save
            </button>
          </form>
        ) : (
          <p>
            {named.length
              ? `Top management: ${named.join(', ')}.`
              : 'No role is named top management yet.'}
          </p>
        ))}
    </Section>
  );
}
