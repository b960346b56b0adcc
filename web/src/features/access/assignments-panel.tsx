// The members assigned to one AI system, on the system's page.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, useSubmission } from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
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
  const [error, setError] = useState<string | null>(null);
  const submit = useSubmission(['memberId'], async (data) => {
    // Sent as chosen, even none: the API says what is missing.
    await accessApi.assign(slug, {
      memberId: String(data.get('memberId') ?? ''),
      aiSystemId: systemId,
    });
    setGen((g) => g + 1);
  });
  // Who is assigned, by the names the server gives with each assignment.
  const nameOf = (a: { memberId: string; names: Record<string, string> }) =>
    a.names[a.memberId] ?? 'A former member';
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
              {nameOf(a)}{' '}
              {can(membership, 'access.unassign') && (
                <button
                  type="button"
                  className="button small"
                  aria-label={`Withdraw the assignment of ${nameOf(a)}`}
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
      {can(membership, 'access.assign') && (
        <form
          key={gen}
          ref={submit.formRef}
          onSubmit={submit.onSubmit}
          noValidate
          className="inline-form"
        >
          <Alert>{submit.formError}</Alert>
          <RecordPicker
            org={slug}
            type="members"
            label="Member"
            name="memberId"
            required
            placeholder="Type part of a name or email"
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
