// Nonconformities and corrective action (10.2): the list with its filters and exports, and the
// form that raises one. Each nonconformity's page (nonconformity-page.tsx) takes it through
// correction, root cause, corrective actions and the independent effectiveness check.
import { interchangeHref } from '../interchange/api';
import { can, type Membership } from '../../api';
import { RecordList, useRecordPages } from '../../components/record-list';
import { DateOnly, PageHeader } from '../../components/page';
import { Link, sectionHref } from '../../router';
import { NC_STATES, ncApi, SEVERITIES, SOURCE_TYPES, type Nonconformity } from './api';
import { NonconformityPage } from './nonconformity-page';
import { RaisePage } from './raise-page';
import { StatusBadge, useRequirements } from './status';
import { SEVERITY_WORD, SOURCE_WORD, STATUS_WORD } from './words';
import './nonconformities.css';

export function NonconformitiesSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'new') return <RaisePage membership={membership} />;
  if (first) return <NonconformityPage key={first} membership={membership} id={first} />;
  return <NonconformityList membership={membership} />;
}

const FILTERS = ['q', 'sort', 'status', 'severity', 'sourceType', 'requirementId'] as const;

function NonconformityList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages<Nonconformity, Record<(typeof FILTERS)[number], string>>(
    `${slug}|nonconformities`,
    FILTERS,
    (f) => ncApi.page(slug, f),
  );
  const { sort: _sort, ...filters } = list.filter;
  const requirements = useRequirements();
  return (
    <>
      <PageHeader title="Nonconformities" org={membership.name}>
        {can(membership, 'nonconformities.raise') && (
          <Link className="button primary" href={sectionHref(slug, 'nonconformities', 'new')}>
            Raise a nonconformity
          </Link>
        )}
        {(['xlsx', 'pdf', 'csv'] as const).map((f) => (
          <a key={f} className="button small" href={ncApi.exportHref(slug, f, filters)} download>
            Export {f.toUpperCase()}
          </a>
        ))}
        <a className="button small" href={interchangeHref.oscal(slug, 'poam')} download>
          Export as OSCAL POA&amp;M
        </a>
      </PageHeader>
      <p className="intro">
        Where a requirement is not met: what was done to contain it, its root cause, the corrective
        actions against that cause, and a check by someone independent of those actions that they
        worked. <span className="clause">ISO/IEC 42001: 10.2</span>
      </p>
      <RecordList
        list={list}
        noun="nonconformities"
        one="nonconformity"
        searchLabel="Search title or id (NC-0012)"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: NC_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
          {
            name: 'severity',
            label: 'Severity',
            options: SEVERITIES.map((v) => ({ value: v, label: SEVERITY_WORD[v] })),
          },
          {
            name: 'sourceType',
            label: 'Found through',
            options: SOURCE_TYPES.map((v) => ({ value: v, label: SOURCE_WORD[v] })),
          },
          {
            name: 'requirementId',
            label: 'Requirement',
            options: (requirements.data ?? []).map((r) => ({
              value: r.id,
              label: `${r.id} ${r.title}`,
            })),
          },
        ]}
        sorts={[
          { value: 'ref', label: 'Id' },
          { value: 'title', label: 'Title' },
          { value: 'status', label: 'Status' },
          { value: 'detectedOn', label: 'Detected' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        none="No nonconformities raised yet."
        noMatch="No nonconformities match."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Nonconformity</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Detected</th>
                </tr>
              </thead>
              <tbody>
                {items.map((nc) => (
                  <tr key={nc.id}>
                    <td className="nowrap">{nc.reference}</td>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'nonconformities', nc.reference ?? nc.id)}>
                        {nc.title}
                      </Link>
                    </th>
                    <td title={nc.requirementTitle}>{nc.requirementId}</td>
                    <td>{SEVERITY_WORD[nc.severity]}</td>
                    <td>
                      <StatusBadge nc={nc} />
                    </td>
                    <td className={nc.overdueActions ? 'warning-text' : undefined}>
                      {nc.openActions === 0
                        ? '—'
                        : `${nc.openActions} open${nc.overdueActions ? `, ${nc.overdueActions} overdue` : ''}`}
                    </td>
                    <td>
                      {nc.ownerMemberId ? (nc.names[nc.ownerMemberId] ?? 'A former member') : '—'}
                    </td>
                    <td>
                      <DateOnly value={nc.detectedOn} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RecordList>
    </>
  );
}
