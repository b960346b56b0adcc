// AI incidents (A.8.4; EU AI Act Art. 73; NIS2 Art. 23; DORA Art. 19): the list with filters and
// the reports that are due, a new incident, one incident, and whether NIS2 and DORA apply.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Breadcrumbs, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { incidentsApi, SEVERITIES, STATUSES, type Incident } from './api';
import { OpenClockList } from './clocks';
import { IncidentForm } from './incident-form';
import { IncidentPage } from './incident-page';
import { SettingsPanel } from './settings-panel';
import {
  CLOCK_TONE,
  CLOCK_WORD,
  clockSentence,
  SEVERITY_TONE,
  SEVERITY_WORD,
  STATUS_TONE,
  STATUS_WORD,
} from './words';
import './incidents.css';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';

export function IncidentsSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first, second] = parts;
  if (first === 'new') return <NewIncidentPage membership={membership} />;
  if (first)
    return (
      <IncidentPage key={first} membership={membership} id={first} editing={second === 'edit'} />
    );
  return <IncidentList membership={membership} />;
}

/** The clock of an incident that needs attention first: overdue, else the soonest running. */
function firstClock(i: Incident) {
  return i.clocks.find((c) => c.state === 'overdue') ?? i.clocks.find((c) => c.state === 'running');
}

function IncidentTable({ slug, items }: { slug: string; items: Incident[] }) {
  return (
    <div className="table-wrap">
      <table aria-label="Incidents">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Incident</th>
            <th scope="col">Status</th>
            <th scope="col">Severity</th>
            <th scope="col">Detected</th>
            <th scope="col">AI systems</th>
            <th scope="col">Reporting</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const c = firstClock(i);
            return (
              <tr
                key={i.id}
                className={c?.state === 'overdue' ? 'incident-row-overdue' : undefined}
              >
                <td className="nowrap">{i.ref ?? '—'}</td>
                <th scope="row">
                  <Link href={sectionHref(slug, 'incidents', i.ref ?? i.id)}>{i.title}</Link>
                  {i.serious && (
                    <>
                      {' '}
                      <Badge tone="danger">Serious</Badge>
                    </>
                  )}
                </th>
                <td>
                  <Badge tone={STATUS_TONE[i.status]}>{STATUS_WORD[i.status]}</Badge>
                </td>
                <td>
                  <Badge tone={SEVERITY_TONE[i.severity]}>{SEVERITY_WORD[i.severity]}</Badge>
                </td>
                <td>
                  <When at={i.detectedAt} />
                </td>
                <td>
                  {i.systems.map((s) => i.names[s.aiSystemId] ?? 'AI system').join(', ') || '—'}
                </td>
                <td>
                  {c ? (
                    <>
                      <Badge tone={CLOCK_TONE[c.state]}>{CLOCK_WORD[c.state]}</Badge> {c.title}:{' '}
                      {clockSentence(c)}
                    </>
                  ) : i.serious ? (
                    'Every report sent'
                  ) : (
                    <span className="muted">No report due</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DuePanel({ slug }: { slug: string }) {
  const due = useData(`${slug}|incident-clocks`, () => incidentsApi.openClocks(slug, 20));
  if (due.error) return <Alert>Which reports are due could not be read: {due.error}</Alert>;
  if (!due.data || due.data.total === 0) return null;
  return (
    <section
      className={due.data.overdue ? 'alert alert-error' : 'alert alert-info'}
      aria-labelledby="due-title"
    >
      <h2 id="due-title">
        Reports due: {plural(due.data.total, 'report')}
        {due.data.overdue ? `, ${due.data.overdue} overdue` : ''}
      </h2>
      <OpenClockList slug={slug} items={due.data.items} />
    </section>
  );
}

function IncidentList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(
    `${slug}|incidents`,
    ['q', 'sort', 'status', 'severity', 'serious', 'aiSystemId'],
    (f) => incidentsApi.list(slug, f),
  );
  return (
    <>
      <PageHeader title="Incidents" org={membership.name}>
        {can(membership, 'incidents.create') && (
          <Link className="button primary" href={sectionHref(slug, 'incidents', 'new')}>
            New incident
          </Link>
        )}
        <a className="button small" href={incidentsApi.exportHref(slug, 'xlsx')} download>
          Export XLSX
        </a>
        <a className="button small" href={incidentsApi.exportHref(slug, 'pdf')} download>
          Export PDF
        </a>
        <a className="button small" href={incidentsApi.exportHref(slug, 'csv')} download>
          Export CSV
        </a>
      </PageHeader>
      <p className="intro">
        AI incidents: what happened, to whom, which AI systems were involved, how they were
        contained and why they happened, and what was communicated. A serious incident starts the
        reporting clocks of the EU AI Act and, where they apply, NIS2 and DORA.{' '}
        <span className="clause">ISO/IEC 42001: A.8.4, A.8.3, A.8.5</span>
      </p>
      <DuePanel slug={slug} />
      <RecordList
        list={list}
        noun="incidents"
        one="incident"
        searchLabel="Search title or id (INC-0007)"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: STATUSES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
          {
            name: 'severity',
            label: 'Severity',
            options: SEVERITIES.map((v) => ({ value: v, label: SEVERITY_WORD[v] })),
          },
          {
            name: 'serious',
            label: 'Serious',
            options: [
              { value: 'true', label: 'Serious incidents' },
              { value: 'false', label: 'Not serious' },
            ],
          },
        ]}
        sorts={[
          { value: 'ref', label: 'Id' },
          { value: 'title', label: 'Title' },
          { value: 'status', label: 'Status' },
          { value: 'detectedAt', label: 'Detected' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        tools={
          <RecordPicker
            org={slug}
            type="ai_systems"
            label="AI system"
            name="incident-system"
            placeholder="Any; type to choose one"
            defaultValue={list.filter.aiSystemId ? [list.filter.aiSystemId] : []}
            names={Object.fromEntries(list.names)}
            onChange={(ids) => list.setParam('aiSystemId', ids[0] ?? '')}
          />
        }
        none="No incident recorded."
      >
        {(items) => <IncidentTable slug={slug} items={items} />}
      </RecordList>
      <SettingsPanel membership={membership} />
    </>
  );
}

function NewIncidentPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'incidents'), label: 'Incidents' }]} />
      <PageHeader title="New incident" org={membership.name} />
      {can(membership, 'incidents.create') ? (
        <Section
          id="new-incident"
          title="What happened"
          intro={<p>Record it now and complete it as you learn more. It starts open.</p>}
        >
          <IncidentForm
            slug={slug}
            incident={null}
            submitLabel="Record the incident"
            onSaved={(i) => navigate(sectionHref(slug, 'incidents', i.id))}
          />
        </Section>
      ) : (
        <p>Your role lets you read incidents but not record one.</p>
      )}
    </>
  );
}
