// Data protection impact assessments (GDPR Art. 35, 36) beside the AI system impact assessments:
// the list, a new screening, and one DPIA.
import { can, type Membership } from '../../api';
import { PageHeader, Section } from '../../components/page';
import { awaitingMe, RecordList, useRecordPages } from '../../components/record-list';
import { Link, navigate, sectionHref, useSearch } from '../../router';
import { DPIA_STATE_WORD, DPIA_STATES, dpiaApi, type Dpia } from './api';
import { DpiaForm } from './dpia-form';
import { DpiaPage, DpiaStatus, outcomeWord } from './dpia-page';

export function DpiaSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const [first] = parts;
  if (first === 'new') return <NewDpia membership={membership} />;
  if (first) return <DpiaPage key={first} membership={membership} id={first} />;
  return <DpiaList membership={membership} />;
}

function NewDpia({ membership }: { membership: Membership }) {
  const params = new URLSearchParams(useSearch());
  const slug = membership.slug;
  return (
    <>
      <PageHeader title="New DPIA" org={membership.name} />
      <Section
        id="new-dpia"
        title="Screen the processing"
        intro={
          <p>
            Answer the screening questions; aims says whether a DPIA is required and why. When it
            is, write the assessment now or later.
          </p>
        }
      >
        <DpiaForm
          slug={slug}
          dpia={null}
          initialSystem={params.get('aiSystemId') ?? ''}
          impactAssessmentId={params.get('impactAssessmentId')}
          onSaved={(d) => navigate(sectionHref(slug, 'dpia', d.id))}
        />
      </Section>
    </>
  );
}

export function DpiaTable({ slug, items, label }: { slug: string; items: Dpia[]; label: string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{label}</caption>
      <thead>
        <tr>
          <th scope="col">DPIA</th>
          <th scope="col">AI system</th>
          <th scope="col">Screening</th>
          <th scope="col">Status</th>
          <th scope="col">Consultation</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td>
              <Link href={sectionHref(slug, 'dpia', d.id)}>{d.title}</Link>
            </td>
            <td>{d.names[d.aiSystemId] ?? 'AI system'}</td>
            <td>{outcomeWord(d)}</td>
            <td>
              <DpiaStatus d={d} />
            </td>
            <td>{d.consultationOpen ? 'Open' : d.consultationRequired ? 'Done' : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The fields the DPIA list sorts by (the server's DPIA_SORTS). */
const DPIA_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'status', label: 'Status' },
  { value: 'screeningOutcome', label: 'Screening outcome' },
  { value: 'approvedAt', label: 'Approved on' },
  { value: 'createdAt', label: 'Started on' },
  { value: 'updatedAt', label: 'Last changed' },
];

function DpiaList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|dpias`, ['q', 'status', 'awaiting', 'sort'], (f) =>
    dpiaApi.list(slug, f, 100),
  );
  return (
    <>
      <PageHeader title="Data protection impact assessments" org={membership.name}>
        {can(membership, 'dpia.create') && (
          <Link className="button primary" href={sectionHref(slug, 'dpia', 'new')}>
            New DPIA
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        Whether the processing of personal data by each AI system needs a DPIA (GDPR Art. 35), the
        assessment itself, the data protection officer's advice and the prior consultation of the
        supervisory authority when high risk remains (Art. 36).
      </p>
      <RecordList
        list={list}
        noun="DPIAs"
        one="DPIA"
        searchLabel="Search title"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: DPIA_STATES.map((s) => ({ value: s, label: DPIA_STATE_WORD[s] })),
          },
          ...(can(membership, 'dpia.approve')
            ? [awaitingMe('Approval', 'Awaiting my approval')]
            : []),
        ]}
        sorts={DPIA_SORTS}
        none="No DPIA yet."
        noMatch="No DPIA matches these filters."
      >
        {(items) => <DpiaTable slug={slug} items={items} label="DPIAs" />}
      </RecordList>
    </>
  );
}
