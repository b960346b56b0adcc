// Monitoring and measurement (9.1, A.6.2.6; EU AI Act Art. 15 and 72): the metrics of each AI
// system with their latest status, a metric's series (chart, trend in words, table of points,
// breach episodes), and the accuracy log of an AI system per model version.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Breadcrumbs, PageHeader, Section } from '../../components/page';
import { orgHref } from '../../router';
import { AccuracyLogPage } from './accuracy-page';
import { MetricForm } from './metric-form';
import { MetricsList } from './metrics-list';
import { SeriesPage } from './series-page';
import './monitoring.css';

function MonitoringHome({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [done, setDone] = useState<string | null>(null);
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
      <MetricsList slug={slug} />
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
