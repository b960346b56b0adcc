// The findings of every internal audit in one list (/audits/findings): searched by title,
// description or readable id, filtered by audit, grade, clause or control, the audit's state and
// what the finding led to, sorted; each row names its audit, its requirement and the
// nonconformity or opportunity it raised, all named by the server, and links to the finding.
import type { Membership } from '../../api';
import { Breadcrumbs, PageHeader, When } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Link, orgHref, sectionHref } from '../../router';
import { AUDIT_STATES, auditApi, GRADE_WORD, GRADES, STATUS_WORD, type FindingFilter } from './api';
import { findingHref } from './finding-page';

const PARAMS = ['q', 'sort', 'auditId', 'grade', 'requirementId', 'auditStatus', 'raised'] as const;
type Params = Record<(typeof PARAMS)[number], string>;

export function FindingsPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages<
    Awaited<ReturnType<typeof auditApi.findings>>['items'][number],
    Params
  >(`${slug}|audit-findings`, PARAMS, (f: FindingFilter) => auditApi.findings(slug, f));
  const auditNames = Object.fromEntries((list.items ?? []).map((f) => [f.audit.id, f.audit.title]));
  const requirement = list.filter.requirementId;
  const isControl = requirement.startsWith('A.');
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'audits'), label: 'Internal audit' }]} />
      <PageHeader title="Audit findings" org={membership.name} />
      <p className="intro">
        What every internal audit found: nonconformities, observations and opportunities for
        improvement, with the requirement each is about and what was raised from it.{' '}
        <span className="clause">ISO/IEC 42001: 9.2.2, 10.2</span>
      </p>
      <RecordList
        list={list}
        noun="findings"
        one="finding"
        searchLabel="Search title, description or id (F-0003)"
        filters={[
          {
            name: 'grade',
            label: 'Grade',
            options: GRADES.map((v) => ({ value: v, label: GRADE_WORD[v] })),
          },
          {
            name: 'raised',
            label: 'Led to',
            options: [
              { value: 'nonconformity', label: 'A nonconformity' },
              { value: 'improvement', label: 'An opportunity logged' },
              { value: 'none', label: 'Nothing raised' },
            ],
          },
          {
            name: 'auditStatus',
            label: 'Audit status',
            options: AUDIT_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
        ]}
        sorts={[
          { value: 'ref', label: 'Id' },
          { value: 'title', label: 'Title' },
          { value: 'grade', label: 'Grade' },
          { value: 'requirementId', label: 'Requirement' },
          { value: 'audit', label: 'Audit' },
          { value: 'createdAt', label: 'Recorded' },
        ]}
        tools={
          <>
            <RecordPicker
              org={slug}
              type="audits"
              label="Found in audit"
              name="finding-audit"
              placeholder="Any; type to choose one"
              defaultValue={list.filter.auditId ? [list.filter.auditId] : []}
              names={auditNames}
              onChange={(ids) => list.setParam('auditId', ids[0] ?? '')}
            />
            <RecordPicker
              key={`clause-${isControl ? '' : requirement}`}
              org={slug}
              type="requirements"
              label="Clause"
              name="finding-clause"
              placeholder="Any; type to choose one"
              defaultValue={requirement && !isControl ? [requirement] : []}
              onChange={(ids) => list.setParam('requirementId', ids[0] ?? '')}
            />
            <RecordPicker
              key={`control-${isControl ? requirement : ''}`}
              org={slug}
              type="controls"
              label="Annex A control"
              name="finding-control"
              placeholder="Any; type to choose one"
              defaultValue={isControl ? [requirement] : []}
              onChange={(ids) => list.setParam('requirementId', ids[0] ?? '')}
            />
          </>
        }
        none="No audit has recorded a finding yet."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption>Audit findings</caption>
              <thead>
                <tr>
                  <th scope="col">Finding</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Audit</th>
                  <th scope="col">Raised</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {items.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">
                      <Link href={findingHref(slug, f)}>
                        {f.ref ? `${f.ref} ${f.title}` : f.title}
                      </Link>
                    </th>
                    <td>{GRADE_WORD[f.grade]}</td>
                    <td>
                      {f.requirementId} {f.names[f.requirementId] ?? ''}
                    </td>
                    <td>
                      <Link href={sectionHref(slug, 'audits', f.audit.id)}>{f.audit.title}</Link> (
                      {STATUS_WORD[f.audit.status].toLowerCase()})
                    </td>
                    <td>
                      {f.nonconformityId ? (
                        <Link href={sectionHref(slug, 'nonconformities', f.nonconformityId)}>
                          {f.names[f.nonconformityId] ?? 'The nonconformity raised'}
                        </Link>
                      ) : f.improvementId ? (
                        <Link href={sectionHref(slug, 'improvements', f.improvementId)}>
                          {f.names[f.improvementId] ?? 'The opportunity logged'}
                        </Link>
                      ) : (
                        <span className="muted">Nothing</span>
                      )}
                    </td>
                    <td>
                      <When at={f.createdAt} date />
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
