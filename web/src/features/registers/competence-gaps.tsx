// Members missing a competence their role requires (no valid training record for it).
import { Alert } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import type { Catalog } from '../../lib/lookups';
import { Link } from '../../router';
import { peopleApi } from './api';
import { recordHref, registerHref } from './links';

export function CompetenceGaps({ slug, catalog }: { slug: string; catalog: Catalog }) {
  const gaps = useData(`${slug}|competence-gaps`, () => peopleApi.competenceGaps(slug));
  const competences = catalog.byKey.get('competences');
  const training = catalog.byKey.get('training_records');
  return (
    <Section
      id="competence-gaps"
      title="Competence gaps"
      intro={
        <p>
          Members whose role requires a competence for which they have no training or qualification
          record that is still valid today.
        </p>
      }
    >
      <Alert>{gaps.error}</Alert>
      {!gaps.data && !gaps.error && <p className="muted">Loading…</p>}
      {gaps.data && gaps.data.items.length === 0 && (
        <p className="empty">No gaps: everyone holds the competences their role requires.</p>
      )}
      {gaps.data && gaps.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Competence gaps</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Missing</th>
              </tr>
            </thead>
            <tbody>
              {gaps.data.items.map((g) => (
                <tr key={g.memberId}>
                  <td>{g.email}</td>
                  <td>{humanize(g.role)}</td>
                  <td>
                    <ul className="inline-list">
                      {g.missing.map((m) => (
                        <li key={m.competenceId}>
                          {competences ? (
                            <Link href={recordHref(slug, competences, m.competenceId)}>
                              {m.name}
                            </Link>
                          ) : (
                            m.name
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {gaps.data.nextCursor && (
            <p className="muted">The first {gaps.data.items.length} members with gaps are shown.</p>
          )}
        </div>
      )}
      {training && (
        <p>
          Close a gap by adding a{' '}
          <Link href={`${registerHref(slug, training)}/new`}>training or qualification record</Link>
          .
        </p>
      )}
    </Section>
  );
}
