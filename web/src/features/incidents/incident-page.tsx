// One incident: what happened, its reporting clocks (with the time left or overdue), its steps,
// timeline, communications and reports, and the risks and evidence linked to it.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { AttachEvidence } from '../evidence/attach-evidence';
import { incidentsApi, type Incident } from './api';
import { ClockList } from './clocks';
import { CommunicationsPanel, RisksPanel, TimelinePanel } from './entry-panels';
import { IncidentForm } from './incident-form';
import { ClassifyPanel, StatusPanel } from './step-panels';
import { CASE_WORD, SEVERITY_TONE, SEVERITY_WORD, STATUS_TONE, STATUS_WORD } from './words';

/** A member the incident names (`names` from the server), else a former or unreadable one. */
const memberOf = (names: Record<string, string>, id: string | null) =>
  id ? (names[id] ?? 'A former member') : '—';

function About({ slug, i }: { slug: string; i: Incident }) {
  return (
    <dl className="fields" aria-label="About this incident">
      <div>
        <dt>Detected</dt>
        <dd>
          <When at={i.detectedAt} />
        </dd>
      </div>
      <div>
        <dt>Occurred</dt>
        <dd>{i.occurredAt ? <When at={i.occurredAt} /> : 'Not known'}</dd>
      </div>
      <div>
        <dt>Recorded by</dt>
        <dd>
          {memberOf(i.names, i.reportedByMemberId)}, from {humanize(i.source).toLowerCase()}
          {i.sourceRef ? ` (${i.sourceRef})` : ''}
        </dd>
      </div>
      <div>
        <dt>Harm</dt>
        <dd>{i.harmTypes.length ? i.harmTypes.map(humanize).join(', ') : 'Not stated'}</dd>
      </div>
      <div>
        <dt>People affected</dt>
        <dd>
          {[i.affectedCount === null ? null : String(i.affectedCount), i.affectedDescription]
            .filter(Boolean)
            .join(': ') || 'Not stated'}
        </dd>
      </div>
      <div>
        <dt>AI systems</dt>
        <dd>
          {i.systems.length === 0
            ? 'None named'
            : i.systems.map((s, n) => (
                <span key={`${s.aiSystemId}|${s.aiModelId ?? ''}`}>
                  {n > 0 && ', '}
                  <Link href={sectionHref(slug, 'systems', s.aiSystemId)}>
                    {i.names[s.aiSystemId] ?? 'AI system'}
                  </Link>
                  {s.aiModelId &&
                    (i.names[s.aiModelId]
                      ? ` (model ${i.names[s.aiModelId]})`
                      : ' (one model version)')}
                </span>
              ))}
        </dd>
      </div>
      <div className="wide">
        <dt>Description</dt>
        <dd className="prewrap">{i.description ?? <span className="muted">None.</span>}</dd>
      </div>
      <div className="wide">
        <dt>Containment</dt>
        <dd className="prewrap">
          {i.containment ?? <span className="muted">Not recorded yet.</span>}
        </dd>
      </div>
      <div className="wide">
        <dt>Root cause</dt>
        <dd className="prewrap">{i.rootCause ?? <span className="muted">Not known yet.</span>}</dd>
      </div>
      {i.nonconformityId && (
        <div>
          <dt>Nonconformity</dt>
          <dd>
            <Link href={sectionHref(slug, 'nonconformities', i.nonconformityId)}>
              {i.names[i.nonconformityId] ?? i.nonconformityId}
            </Link>
          </dd>
        </div>
      )}
      {i.seriousDecidedAt && (
        <div className="wide">
          <dt>Serious?</dt>
          <dd>
            {i.serious ? `Yes: ${CASE_WORD[i.seriousCase ?? 'other']}.` : 'No.'} Decided by{' '}
            {memberOf(i.names, i.seriousDecidedByMemberId)} <When at={i.seriousDecidedAt} />:{' '}
            {i.seriousReason}
            {i.awareAt && (
              <>
                {' '}
                Aware since <When at={i.awareAt} />.
              </>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}

export function IncidentPage({
  membership,
  id,
  editing,
}: {
  membership: Membership;
  id: string;
  editing: boolean;
}) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const incident = useData(`${slug}|incident|${id}`, () => incidentsApi.get(slug, id), refresh);
  const [done, setDone] = useState<string | null>(null);
  const page = sectionHref(slug, 'incidents', id);
  const crumbs = <Breadcrumbs items={[{ href: orgHref(slug, 'incidents'), label: 'Incidents' }]} />;
  if (!incident.data) {
    return (
      <>
        {crumbs}
        {incident.status === 404 && <PageHeader title="Incident not found" org={membership.name} />}
        <Loading
          what={incident.error ? `The incident could not be loaded: ${incident.error}` : 'Loading…'}
        />
      </>
    );
  }
  const i = incident.data;
  const saved = (next: Incident, message: string) => {
    incident.set(next);
    setDone(message);
    setRefresh((n) => n + 1);
  };
  const changed = (message: string) => {
    setDone(message);
    setRefresh((n) => n + 1);
  };
  const overdue = i.clocks.filter((c) => c.state === 'overdue');
  return (
    <>
      {crumbs}
      <PageHeader title={i.ref ? `${i.ref}: ${i.title}` : i.title} org={membership.name}>
        {i.abilities.edit && !editing && (
          <Link className="button" href={sectionHref(slug, 'incidents', id, 'edit')}>
            Edit
          </Link>
        )}
      </PageHeader>
      <p className="intro system-summary">
        <span>
          Status: <Badge tone={STATUS_TONE[i.status]}>{STATUS_WORD[i.status]}</Badge>
        </span>
        <span>
          Severity: <Badge tone={SEVERITY_TONE[i.severity]}>{SEVERITY_WORD[i.severity]}</Badge>
        </span>
        <span>{i.serious ? <Badge tone="danger">Serious incident</Badge> : 'Not serious'}</span>
        <span className="clause">ISO/IEC 42001: A.8.4, A.8.3, A.8.5</span>
      </p>
      <Alert tone="success">{done}</Alert>
      {overdue.length > 0 && (
        <div className="alert alert-error" role="region" aria-label="Reports overdue">
          <strong>
            {overdue.length === 1 ? 'A report is overdue' : `${overdue.length} reports are overdue`}
            :
          </strong>{' '}
          {overdue.map((c) => c.title).join(', ')}.
        </div>
      )}
      {editing ? (
        <Section id="edit" title="Change the incident">
          {i.abilities.edit ? (
            <IncidentForm
              slug={slug}
              incident={i}
              submitLabel="Save the incident"
              onSaved={(next) => {
                saved(next, 'The incident is saved.');
                navigate(page);
              }}
              onCancel={() => navigate(page)}
            />
          ) : (
            <p>A closed incident is kept as it was closed.</p>
          )}
        </Section>
      ) : (
        <About slug={slug} i={i} />
      )}
      <Section
        id="clocks"
        title="Reporting clocks"
        intro={
          <p>
            {i.serious
              ? 'Computed by the server from when the organization became aware of the serious incident; times are shown in your time zone.'
              : 'Only a serious incident has reporting clocks. A manager or owner decides whether it is serious.'}
          </p>
        }
      >
        {i.clocks.length > 0 && <ClockList clocks={i.clocks} />}
      </Section>
      <StatusPanel membership={membership} incident={i} onSaved={saved} />
      <ClassifyPanel membership={membership} incident={i} onSaved={saved} />
      <CommunicationsPanel
        membership={membership}
        incident={i}
        refresh={refresh}
        onAdded={changed}
      />
      <TimelinePanel
        membership={membership}
        incident={i}
        refresh={refresh}
        onAdded={() => changed('Added to the timeline.')}
      />
      <RisksPanel membership={membership} incident={i} onChanged={changed} />
      <AttachEvidence membership={membership} targetType="incident" targetId={i.id} />
    </>
  );
}
