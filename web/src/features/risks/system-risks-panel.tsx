// The risks of one AI system, on its page: the other half of the risk ↔ AI system link, with a
// way to record a new risk for the system directly.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Section } from '../../components/page';
import { humanize } from '../../lib/format';
import { useData } from '../../lib/data';
import { type RecordData } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { risksApi } from './api';
import { LevelBadge } from './risks-section';

export function SystemRisksPanel({
  membership,
  system,
}: {
  membership: Membership;
  system: RecordData;
}) {
  const slug = membership.slug;
  const list = useData(`${slug}|risks-of|${system.id}`, () =>
    risksApi.list(slug, { aiSystemId: system.id }),
  );
  const criteria = useData(`${slug}|risk-criteria`, () => risksApi.criteria(slug));
  const items = list.data?.items ?? [];
  const name = String(system.name || 'this system');
  const filtered = `${sectionHref(slug, 'risks')}?aiSystemId=${encodeURIComponent(system.id)}`;
  return (
    <Section
      id="risks"
      title="Risks"
      intro={
        <p>
          The risks recorded for this system, with their levels before and after treatment.{' '}
          <span className="clause">ISO/IEC 42001: 6.1.2, 8.2</span>
        </p>
      }
    >
      <Alert>{list.error}</Alert>
      {list.data && items.length === 0 && (
        <p className="warning-text">No risk has been recorded for {name} yet.</p>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Risks of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Risk</th>
                <th scope="col">Status</th>
                <th scope="col">Inherent</th>
                <th scope="col">Residual</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={sectionHref(slug, 'risks', r.ref ?? r.id)}>{r.title}</Link>
                  </td>
                  <td>{humanize(r.status)}</td>
                  <td>
                    <LevelBadge level={r.inherentLevel} criteria={criteria.data ?? null} />
                  </td>
                  <td>
                    <LevelBadge level={r.residualLevel} criteria={criteria.data ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.nextCursor && (
        <p className="muted">
          More are listed under <Link href={filtered}>Risks</Link>.
        </p>
      )}
      {can(membership, 'risks.create') && (
        <p>
          <Link
            className={items.length === 0 ? 'button primary' : 'button'}
            href={`${sectionHref(slug, 'risks', 'new')}?aiSystemId=${encodeURIComponent(system.id)}`}
          >
            New risk for this system
          </Link>
        </p>
      )}
    </Section>
  );
}
