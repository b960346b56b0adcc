// The members assigned to one AI system, on the system's page.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, SelectField, useSubmission } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { useMembers } from '../../lib/lookups';
import { accessApi } from './api';

export function AssignmentsPanel({
  membership,
  systemId,
}: {
  membership: Membership;
  systemId: string;
}) {
  const slug = membership.slug;
  const [gen, setGen] = useState(0);
  const list = useData(
    `${slug}|assignments|${systemId}`,
    () => accessApi.assignments(slug, systemId),
    gen,
  );
  const members = useMembers(slug);
  const [error, setError] = useState<string | null>(null);
  const submit = useSubmission(['memberId'], async (data) => {
    await accessApi.assign(slug, { memberId: String(data.get('memberId')), aiSystemId: systemId });
    setGen((g) => g + 1);
  });
  const assigned = new Set((list.data?.items ?? []).map((a) => a.memberId));
  const candidates = (members?.list ?? []).filter((m) => !assigned.has(m.id));
  const emailOf = (id: string) => members?.byId.get(id)?.email ?? id;
  return (
    <Section
      id="assignments"
      title="Assigned members"
      intro={
        <p>
          When the organization matches access to responsibilities, these members (and those
          Responsible or Accountable above) are the contributors who may change this system&rsquo;s
          records.
        </p>
      }
    >
      <Alert>{list.error ?? error}</Alert>
      {list.data && list.data.items.length === 0 && <p className="muted">Nobody assigned.</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list">
          {list.data.items.map((a) => (
            <li key={a.id}>
              {emailOf(a.memberId)}{' '}
              {can(membership, 'access.unassign') && (
                <button
                  type="button"
                  className="button small"
                  aria-label={`Withdraw the assignment of ${emailOf(a.memberId)}`}
                  onClick={() => {
                    setError(null);
                    accessApi.unassign(slug, a.id).then(
                      () => setGen((g) => g + 1),
                      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
                    );
                  }}
                >
                  Withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {can(membership, 'access.assign') && candidates.length > 0 && (
        <form ref={submit.formRef} onSubmit={submit.onSubmit} noValidate className="inline-form">
          <Alert>{submit.formError}</Alert>
          <SelectField
            label="Member"
            name="memberId"
            options={candidates.map((m) => ({ value: m.id, label: `${m.email} (${m.role})` }))}
            error={submit.fieldErrors.memberId}
          />
          <button type="submit" className="button" disabled={submit.busy}>
            Assign
          </button>
        </form>
      )}
    </Section>
  );
}
