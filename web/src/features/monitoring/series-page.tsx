// One metric: what it measures and its thresholds, its series as a chart with the trend in words
// and the points as a table, and its breach episodes with the incident or nonconformity of each.
import type { Membership } from '../../api';
import { Badge, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { HistoryPanel } from '../registers/history';
import { monitoringApi, type Metric } from './api';
import { SeriesChart, trendSentence } from './chart';
import { StatusBadge, valueText } from './status';

const DAYS = 30;

function Series({ slug, metric }: { slug: string; metric: Metric }) {
  const last = metric.summary.lastAt;
  const from = last ? new Date(Date.parse(last) - DAYS * 86_400_000).toISOString() : undefined;
  const points = useData(`${slug}|points|${metric.id}|${last}`, () =>
    monitoringApi.points(slug, metric.id, from),
  );
  if (!points.data) return <Loading what={points.error ?? 'Loading the measurements…'} />;
  const list = points.data.items;
  if (!list.length) return <p>No measurements yet.</p>;
  return (
    <>
      <p className="muted">
        The {DAYS} days up to the latest measurement
        {points.data.more ? ' (the first 2,000 points of them)' : ''}.
      </p>
      <SeriesChart metric={metric} points={list} />
      <p className="trend">{trendSentence(metric, list)}</p>
      <details>
        <summary>The measurements as a table ({list.length})</summary>
        <div className="table-wrap">
          <table>
            <caption>Measurements of {metric.name}</caption>
            <thead>
              <tr>
                <th scope="col">Measured at</th>
                <th scope="col">Value</th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {[...list].reverse().map((p) => (
                <tr key={p.id}>
                  <td>
                    <When at={p.at} />
                  </td>
                  <td>{valueText(p.value, metric.unit)}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function Breaches({
  slug,
  metricId,
  version,
}: {
  slug: string;
  metricId: string;
  version: string;
}) {
  const b = useData(`${slug}|breaches|${metricId}|${version}`, () =>
    monitoringApi.breaches(slug, metricId),
  );
  if (!b.data) return <Loading what={b.error ?? 'Loading the breaches…'} />;
  if (!b.data.items.length) return <p>No breach so far.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">First value</th>
            <th scope="col">Ended</th>
            <th scope="col">Acted on</th>
          </tr>
        </thead>
        <tbody>
          {b.data.items.map((x) => (
            <tr key={x.id}>
              <td>
                <When at={x.startedAt} />
              </td>
              <td>{x.startedValue}</td>
              <td>
                {x.endedAt ? <When at={x.endedAt} /> : <Badge tone="danger">in progress</Badge>}
              </td>
              <td>
                {x.incidentId ? (
                  <Link href={sectionHref(slug, 'incidents', x.incidentId)}>Incident opened</Link>
                ) : x.nonconformityId ? (
                  <Link href={sectionHref(slug, 'nonconformities', x.nonconformityId)}>
                    Nonconformity raised
                  </Link>
                ) : (
                  'Not acted on (the metric says nothing is done)'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SeriesPage({ membership, metricId }: { membership: Membership; metricId: string }) {
  const slug = membership.slug;
  const metric = useData(`${slug}|metric|${metricId}`, () => monitoringApi.get(slug, metricId));
  const m = metric.data;
  if (!m) return <Loading what={metric.error ?? 'Loading the metric…'} />;
  return (
    <>
      <PageHeader title={m.name} org={membership.name} />
      <p>
        <StatusBadge status={m.summary.status} /> Latest {valueText(m.summary.lastValue, m.unit)}
        {m.summary.lastAt && (
          <>
            {' '}
            at <When at={m.summary.lastAt} />
          </>
        )}
        . {humanize(m.direction)};{' '}
        {m.warnThreshold !== null && <>warning beyond {m.warnThreshold}, </>}
        breach beyond {m.breachThreshold}. On breach: {humanize(m.breachAction)}.
        {m.accuracy && <> Declared accuracy level (Art. 15): {m.declaredLevel}.</>}
        {m.controlId && <> Serves {m.controlId}.</>} Definition version {m.version}.
      </p>
      {m.accuracy && (
        <p>
          <Link href={sectionHref(slug, 'monitoring', 'accuracy', m.aiSystemId)}>
            Accuracy log of this system
          </Link>
        </p>
      )}
      <Section id="series" title="Measurements">
        <Series slug={slug} metric={m} />
      </Section>
      <Section id="breaches" title="Breaches">
        <Breaches slug={slug} metricId={m.id} version={`${m.summary.points}`} />
      </Section>
      <HistoryPanel
        slug={slug}
        entity="metric_definitions"
        id={m.id}
        title="Versions of the definition"
      />
    </>
  );
}
