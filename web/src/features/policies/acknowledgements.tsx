// Who has acknowledged the version in force, and who has not yet.
import { Alert } from '../../components/form';
import { Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { policiesApi, type AckPage } from './api';

function People({
  id,
  title,
  page,
  done,
}: {
  id: string;
  title: string;
  page: AckPage;
  done: boolean;
}) {
  return (
    <section className="ack-list" aria-labelledby={id}>
      <h3 id={id}>
        {title}{' '}
        <span className="count">
          ({page.items.length}
          {page.nextCursor ? '+' : ''})
        </span>
      </h3>
      {page.items.length === 0 ? (
        <p className="muted">{done ? 'Nobody yet.' : 'Everyone has.'}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              {done && <th scope="col">When</th>}
            </tr>
          </thead>
          <tbody>
            {page.items.map((a) => (
              <tr key={a.memberId}>
                <td>
                  {page.names[a.memberId] ?? a.email}
                  {page.names[a.memberId] && page.names[a.memberId] !== a.email && (
                    <span className="muted"> ({a.email})</span>
                  )}
                </td>
                <td>{humanize(a.role)}</td>
                {done && <td>{a.acknowledgedAt ? <When at={a.acknowledgedAt} /> : null}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextCursor && <p className="muted">Only the first {page.items.length} are listed.</p>}
    </section>
  );
}

export function AcknowledgementsPanel({
  slug,
  policyId,
  versionNumber,
}: {
  slug: string;
  policyId: string;
  versionNumber: number;
}) {
  const done = useData(`${slug}|acks-done|${policyId}`, () =>
    policiesApi.acknowledgements(slug, policyId, 'acknowledged'),
  );
  const pending = useData(`${slug}|acks-pending|${policyId}`, () =>
    policiesApi.acknowledgements(slug, policyId, 'pending'),
  );
  const total = done.data ?? pending.data;
  return (
    <Section
      id="acknowledgements"
      title="Acknowledgements"
      intro={
        <p>Members confirm that they have read the version in force (clause 7.3, awareness).</p>
      }
    >
      <Alert>{done.error ?? pending.error}</Alert>
      {total && (
        <p className="ack-summary">
          <strong>
            {total.acknowledged} of {total.members}
          </strong>{' '}
          members have acknowledged version {versionNumber}.
        </p>
      )}
      {total && (
        <meter
          className="ack-meter"
          min={0}
          max={Math.max(total.members, 1)}
          value={total.acknowledged}
          aria-label="Share of members who have acknowledged"
        >
          {total.acknowledged} of {total.members}
        </meter>
      )}
      <div className="two-columns">
        {done.data && <People id="acks-done" title="Acknowledged" page={done.data} done />}
        {pending.data && (
          <People id="acks-pending" title="Not yet" page={pending.data} done={false} />
        )}
      </div>
    </Section>
  );
}
