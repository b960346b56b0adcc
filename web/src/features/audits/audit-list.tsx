// The register of audits on the internal audit page, with the shared list toolbar.
import { RecordList, useRecordPages } from '../../components/record-list';
import { Link, sectionHref } from '../../router';
import { AUDIT_STATES, auditApi, STATUS_WORD } from './api';

/** The audits, searched, filtered and sorted with the list toolbar (its state in the address). */
export function AuditList({ slug }: { slug: string }) {
  const list = useRecordPages(`${slug}|audits`, ['q', 'sort', 'status'], (f) =>
    auditApi.list(slug, f),
  );
  return (
    <RecordList
      list={list}
      noun="audits"
      one="audit"
      searchLabel="Search title or criteria"
      filters={[
        {
          name: 'status',
          label: 'Status',
          options: AUDIT_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
        },
      ]}
      sorts={[
        { value: 'title', label: 'Title' },
        { value: 'status', label: 'Status' },
        { value: 'plannedStart', label: 'Planned start' },
        { value: 'updatedAt', label: 'Last changed' },
      ]}
      none="No audits planned yet."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption>Internal audits</caption>
            <thead>
              <tr>
                <th scope="col">Audit</th>
                <th scope="col">Status</th>
                <th scope="col">Planned</th>
                <th scope="col">Lead auditor</th>
                <th scope="col">Scope</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'audits', a.id)}>{a.title}</Link>
                  </th>
                  <td>{STATUS_WORD[a.status]}</td>
                  <td>
                    {a.plannedStart} to {a.plannedEnd}
                  </td>
                  <td>{a.names[a.leadAuditorMemberId] ?? 'A former member'}</td>
                  <td>{a.scope.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </RecordList>
  );
}
