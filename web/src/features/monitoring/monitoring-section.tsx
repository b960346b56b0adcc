// Monitoring and measurement (9.1, A.6.2.6; EU AI Act Art. 15 and 72): the metrics of each AI
// system with their latest status, a metric's series (chart, trend in words, table of points,
// breach episodes), and the accuracy log of an AI system per model version.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { Link, orgHref, sectionHref } from '../../router';
import { AccuracyLogPage } from './accuracy-page';
import { monitoringApi, type Metric } from './api';
import { MetricForm } from './metric-form';
import { SeriesPage } from './series-page';
import { StatusBadge, valueText } from './status';
import './monitoring.css';

function MetricsTable({ slug, metrics }: { slug: string; metrics: Metric[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Status</th>
            <th scope="col">Latest</th>
            <th scope="col">Thresholds</th>
            <th scope="col">Warnings / breaches</th>
            <th scope="col">On breach</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={sectionHref(slug, 'monitoring', 'metrics', m.id)}>{m.name}</Link>
                {m.accuracy && (
                  <>
                    {' '}
                    <Badge tone="info">Art. 15</Badge>
                  </>
                )}
              </th>
              <td>
                <StatusBadge status={m.summary.status} />
                {m.summary.openBreach && (
                  <>
                    {' '}
                    in breach since <When at={m.summary.openBreach.startedAt} />
                  </>
                )}
              </td>
              <td>
                {valueText(m.summary.lastValue, m.unit)}
                {m.summary.lastAt && (
                  <>
                    {' '}
                    (<When at={m.summary.lastAt} />)
                  </>
                )}
              </td>
              <td>
                {humanize(m.direction)};{' '}
                {m.warnThreshold !== null && <>warning {m.warnThreshold}, </>}
                breach {m.breachThreshold}
              </td>
              <td>
                {m.summary.warn} / {m.summary.breach}
              </td>
              <td>{humanize(m.breachAction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonitoringHome({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [done, setDone] = useState<string | null>(null);
  const metrics = useData(`${slug}|metrics`, () => monitoringApi.metrics(slug));
  const bySystem = new Map<string, Metric[]>();
  for (const m of metrics.data ?? [])
    bySystem.set(m.aiSystemId, [...(bySystem.get(m.aiSystemId) ?? []), m]);
  return (
    <>
      <PageHeader title="Monitoring" org={membership.name} />
      <p className="intro">
        The metrics that show each AI system performs as intended, with thresholds; every batch of
        measurements is checked against them, and a breach opens an incident or a nonconformity when
        the metric says so.{' '}
        <span className="clause">ISO/IEC 42001: 9.1, A.6.2.6; EU AI Act Art. 15, 72</span>
      </p>
      <Alert tone="success">{done}</Alert>
      {!metrics.data ? (
        <Loading what={metrics.error ?? 'Loading the metrics…'} />
      ) : bySystem.size === 0 ? (
        <p>No metrics defined yet.</p>
      ) : (
        [...bySystem.entries()].map(([systemId, list]) => (
          <Section
            key={systemId}
            id={`system-${systemId}`}
            title={list[0]?.names[systemId] ?? 'AI system'}
          >
            <MetricsTable slug={slug} metrics={list} />
            {list.some((m) => m.accuracy) && (
              <p>
                <Link href={sectionHref(slug, 'monitoring', 'accuracy', systemId)}>
                  Accuracy log
                </Link>
              </p>
            )}
          </Section>
        ))
      )}
      {can(membership, 'monitoring.define') && (
        <Section id="define-metric" title="Define a metric">
          <MetricForm
            slug={slug}
            onSaved={(m) => {
              setDone(`The metric ${m.name} is defined.`);
            }}
          />
        </Section>
      )}
    </>
  );
}

export function MonitoringSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const slug = membership.slug;
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'monitoring'), label: 'Monitoring' }]} />
  );
  if (parts[0] === 'metrics' && parts[1])
    return (
      <>
        {crumbs}
        <SeriesPage membership={membership} metricId={parts[1]} />
      </>
    );
  if (parts[0] === 'accuracy' && parts[1])
    return (
      <>
        {crumbs}
        <AccuracyLogPage membership={membership} aiSystemId={parts[1]} />
      </>
    );
  return <MonitoringHome membership={membership} />;
}
