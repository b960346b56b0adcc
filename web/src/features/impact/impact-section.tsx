// AI system impact assessments (6.1.4, 8.4, A.5.2–A.5.5): for each AI system, who it could affect
// and how, with mitigations linked to risks and controls, approved by someone other than the
// author, and due again when the system changes or the review cycle ends.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Breadcrumbs, PageHeader, Section } from '../../components/page';
import { awaitingMe, RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, navigate, orgHref, sectionHref, useSearch } from '../../router';
import { ASSESSMENT_STATUSES, impactApi } from './api';
import { AssessmentForm } from './assessment-form';
import { AssessmentPage } from './assessment-page';
import { AssessmentTable, statusWord } from './status';
import './impact.css';

export function ImpactSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const [first, second] = parts;
  if (first === 'new') return <NewAssessmentPage membership={membership} />;
  if (first)
    return (
      <AssessmentPage key={first} membership={membership} id={first} editing={second === 'edit'} />
    );
  return <AssessmentList membership={membership} />;
}

/** How many assessments due again the box lists before pointing to the filtered list. */
const DUE_SHOWN = 20;

function DuePanel({ slug, filtered }: { slug: string; filtered: boolean }) {
  const first = useData(`${slug}|impact-due`, () =>
    impactApi.list(slug, { due: 'true' }, DUE_SHOWN),
  );
  if (first.error) return <Alert>Which assessments are due could not be read: {first.error}</Alert>;
  if (!first.data) return null;
  const due = first.data.items;
  if (due.length === 0) {
    return <p className="alert alert-info">No approved assessment is due for re-assessment.</p>;
  }
  const more = first.data.nextCursor !== null;
  return (
    <section className="alert alert-error impact-due" aria-labelledby="due-title">
      <h2 id="due-title">
        Re-assessment due:{' '}
        {more ? `more than ${plural(due.length, 'assessment')}` : plural(due.length, 'assessment')}
      </h2>
      <ul>
        {due.map((a) => (
          <li key={a.id}>
            <Link href={sectionHref(slug, 'impact', a.id)}>{a.title}</Link> (
            {a.names[a.aiSystemId] ?? 'AI system'}): {a.dueReasons.join(' ')}
          </li>
        ))}
      </ul>
      {more && !filtered && (
        <p>
          <Link href={`${sectionHref(slug, 'impact')}?due=true`}>List every assessment due</Link>
        </p>
      )}
    </section>
  );
}

/** The fields the assessment list sorts by (the server's ASSESSMENT_SORTS). */
const ASSESSMENT_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'status', label: 'Status' },
  { value: 'nextDueDate', label: 'Next due' },
  { value: 'approvedAt', label: 'Approved on' },
  { value: 'createdAt', label: 'Started on' },
  { value: 'updatedAt', label: 'Last changed' },
];

function AssessmentList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(
    `${slug}|impact-assessments`,
    ['q', 'aiSystemId', 'status', 'due', 'awaiting', 'sort'],
    (f) => impactApi.list(slug, f),
  );
  return (
    <>
      <PageHeader title="Impact assessments" org={membership.name}>
        {can(membership, 'impact_assessments.create') && (
          <Link className="button primary" href={sectionHref(slug, 'impact', 'new')}>
            New assessment
          </Link>
        )}
        <a className="button small" href={impactApi.exportHref(slug, 'xlsx')} download>
          Export XLSX
        </a>
        <a className="button small" href={impactApi.exportHref(slug, 'pdf')} download>
          Export PDF
        </a>
        <a className="button small" href={impactApi.exportHref(slug, 'csv')} download>
          Export CSV
        </a>
      </PageHeader>
      <p className="intro">
        For each AI system, the people, groups and society it could affect and how: fairness,
        privacy, safety, human rights, autonomy, transparency, the environment and work. Each
        assessment is approved by someone other than its author and falls due again when the system
        changes stage, gets a new model version, or its review cycle ends.{' '}
        <span className="clause">ISO/IEC 42001: 6.1.4, 8.4, A.5.2–A.5.5</span>
      </p>
      <DuePanel slug={slug} filtered={list.filter.due === 'true'} />
      <RecordList
        list={list}
        noun="assessments"
        one="assessment"
        searchLabel="Search title or summary"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: ASSESSMENT_STATUSES.map((s) => ({ value: s, label: statusWord(s) })),
          },
          {
            name: 'due',
            label: 'Re-assessment',
            options: [
              { value: 'true', label: 'Due now' },
              { value: 'false', label: 'Not due' },
            ],
          },
          ...(can(membership, 'impact_assessments.approve')
            ? [awaitingMe('Approval', 'Awaiting my approval')]
            : []),
        ]}
        sorts={ASSESSMENT_SORTS}
        tools={
          <RecordPicker
            org={slug}
            type="ai_systems"
            label="AI system"
            name="impact-system"
            placeholder="Any; type to choose one"
            defaultValue={list.filter.aiSystemId ? [list.filter.aiSystemId] : []}
            names={Object.fromEntries(list.names)}
            onChange={(ids) => list.setParam('aiSystemId', ids[0] ?? '')}
          />
        }
        none="No impact assessment yet. Start one for each AI system in scope."
        noMatch="No assessment matches these filters."
      >
        {(items) => <AssessmentTable slug={slug} items={items} withSystem />}
      </RecordList>
    </>
  );
}

function NewAssessmentPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const search = useSearch();
  const aiSystemId = new URLSearchParams(search).get('aiSystemId') ?? '';
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'impact'), label: 'Impact assessments' }]} />
      <PageHeader title="New impact assessment" org={membership.name} />
      {can(membership, 'impact_assessments.create') ? (
        <Section
          id="new-assessment"
          title="What is assessed"
          intro={
            <p>
              The assessment starts as a draft. Record its impacts, then ask another manager or
              owner to approve it.
            </p>
          }
        >
          <AssessmentForm
            slug={slug}
            assessment={null}
            initialSystem={aiSystemId}
            submitLabel="Start the assessment"
            onSaved={(a) => navigate(sectionHref(slug, 'impact', a.id))}
          />
        </Section>
      ) : (
        <p>Your role lets you read impact assessments but not start one.</p>
      )}
    </>
  );
}
