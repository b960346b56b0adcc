// What the gates section keeps for an auditor: every version of the criteria, and every move made
// against a failed gate with the justification written for it, as a register with the common
// toolbar.
import { Loading, When } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { RecordList, useRecordPages } from '../../components/record-list';
import { useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { STAGES } from '../ai-systems/api';
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

const OVERRIDE_SORTS = [
  { value: 'createdAt', label: 'When' },
  { value: 'toStage', label: 'Stage moved into' },
  { value: 'fromStage', label: 'Stage moved from' },
];

/** Every move made past a failed gate, as a register: search, filters, sort, "Show more". */
export function OverrideList({ slug }: { slug: string }) {
  const list = useRecordPages(
    `${slug}|gate-overrides`,
    ['q', 'aiSystemId', 'toStage', 'sort'],
    (f) => gatesApi.overrides(slug, f),
  );
  const system = list.filter.aiSystemId ?? '';
  const systemName = list.items?.find((o) => o.aiSystemId === system)?.names[system];
  return (
    <RecordList
      list={list}
      noun="overrides"
      one="override"
      searchLabel="Search justification or AI system"
      filters={[
        {
          name: 'toStage',
          label: 'Moved into',
          options: STAGES.map((s) => ({ value: s, label: humanize(s) })),
        },
      ]}
      tools={
        <RecordPicker
          // A new choice from the address (Clear, a link) starts the picker again.
          key={system}
          org={slug}
          type="ai_systems"
          label="AI system"
          name="overrides-system"
          placeholder="Any; type to choose one"
          defaultValue={system ? [system] : []}
          names={system && systemName ? { [system]: systemName } : {}}
          onChange={(ids) => list.setParam('aiSystemId', ids[0] ?? '')}
        />
      }
      sorts={OVERRIDE_SORTS}
      none="No system has been moved past a failed gate."
      noMatch="No override matches these filters."
    >
      {(items) => (
        <div className="table-wrap">
          <table aria-label="Gate overrides">
            <thead>
              <tr>
                <th scope="col">AI system</th>
                <th scope="col">When</th>
                <th scope="col">Move</th>
                <th scope="col">Criteria not met</th>
                <th scope="col">Justification</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'systems', o.aiSystemId)}>
                      {o.names[o.aiSystemId] ?? 'AI system'}
                    </Link>
                  </th>
                  <td>
                    <When at={o.createdAt} />
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
      )}
    </RecordList>
  );
}
