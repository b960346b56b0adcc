// What the gates section keeps for an auditor: every version of the criteria, and every move made
// against a failed gate with the justification written for it.
import { Alert } from '../../components/form';
import { Loading, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { memberOf } from '../impact/status';
import { gatesApi } from './api';

export function CriteriaVersions({ slug, refresh }: { slug: string; refresh: unknown }) {
  const versions = useData(
    `${slug}|gate-criteria-versions`,
    () => gatesApi.versions(slug),
    refresh,
  );
  if (!versions.data) return <Loading what={versions.error ?? 'Loading the versions…'} />;
  if (versions.data.items.length === 0) return <p className="muted">No version adopted yet.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Versions of the gate criteria">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Gates</th>
            <th scope="col">Since</th>
            <th scope="col">By</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {versions.data.items.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.number}</th>
              <td>
                {v.status === 'in_force' ? 'In force' : 'Replaced'},{' '}
                {v.enforced ? 'enforced' : 'advisory'}
              </td>
              <td>
                {plural(v.gates.length, 'gate')},{' '}
                {plural(
                  v.gates.reduce((n, g) => n + g.criteria.length, 0),
                  'criterion',
                  'criteria',
                )}
              </td>
              <td>{v.createdAt ? <When at={v.createdAt} /> : '—'}</td>
              <td>{memberOf(v.names, v.authorMemberId)}</td>
              <td>{v.changeNote ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OverrideList({ slug, refresh }: { slug: string; refresh: unknown }) {
  const overrides = useData(`${slug}|gate-overrides`, () => gatesApi.overrides(slug), refresh);
  if (overrides.error) return <Alert>{overrides.error}</Alert>;
  if (!overrides.data) return <Loading what="Loading the overrides…" />;
  if (overrides.data.items.length === 0)
    return <p className="muted">No system has been moved past a failed gate.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Gate overrides">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">AI system</th>
            <th scope="col">Move</th>
            <th scope="col">Criteria not met</th>
            <th scope="col">Justification</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {overrides.data.items.map((o) => (
            <tr key={o.id}>
              <td>
                <When at={o.createdAt} />
              </td>
              <td>
                <Link href={sectionHref(slug, 'systems', o.aiSystemId)}>
                  {o.names[o.aiSystemId] ?? 'AI system'}
                </Link>
              </td>
              <td>
                {humanize(o.fromStage)} → {humanize(o.toStage)}
              </td>
              <td>{o.unmet.map((u) => u.title).join('; ')}</td>
              <td>{o.justification}</td>
              <td>{memberOf(o.names, o.memberId)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
