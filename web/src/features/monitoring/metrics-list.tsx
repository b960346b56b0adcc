// The metrics of every AI system as one register: search in the name and description, filter by
// AI system, latest status, what a breach does and accuracy metrics, sort, and "Show more". The
// server filters and names each metric's AI system; the row links to the metric's series and,
// for a declared accuracy metric, to its system's accuracy log.
import { Badge, When } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { RecordList, useRecordPages } from '../../components/record-list';
import { humanize } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { BREACH_ACTIONS, monitoringApi, type Metric } from './api';
import { StatusBadge, valueText } from './status';

const FILTERS = ['q', 'aiSystemId', 'status', 'breachAction', 'accuracy', 'sort'] as const;

const METRIC_SORTS = [
  { value: 'name', label: 'Metric' },
  { value: 'breachAction', label: 'On breach' },
  { value: 'createdAt', label: 'Defined on' },
  { value: 'updatedAt', label: 'Last changed' },
];

const STATUS_OPTIONS = [
  { value: 'ok', label: 'ok' },
  { value: 'warn', label: 'warn' },
  { value: 'breach', label: 'breach' },
  { value: 'no_data', label: 'no data' },
];

function MetricsTable({ slug, metrics }: { slug: string; metrics: Metric[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Metrics</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">AI system</th>
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
                <Link href={sectionHref(slug, 'systems', m.aiSystemId)}>
                  {m.names[m.aiSystemId] ?? 'AI system'}
                </Link>
                {m.accuracy && (
                  <>
                    {' · '}
                    <Link href={sectionHref(slug, 'monitoring', 'accuracy', m.aiSystemId)}>
                      Accuracy log
                    </Link>
                  </>
                )}
              </td>
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

export function MetricsList({ slug }: { slug: string }) {
  const list = useRecordPages(`${slug}|metrics`, FILTERS, (f) => monitoringApi.list(slug, f));
  const system = list.filter.aiSystemId ?? '';
  const systemName = list.items?.find((m) => m.aiSystemId === system)?.names[system];
  return (
    <RecordList
      list={list}
      noun="metrics"
      one="metric"
      searchLabel="Search name or description"
      filters={[
        { name: 'status', label: 'Latest status', options: STATUS_OPTIONS },
        {
          name: 'breachAction',
          label: 'On breach',
          options: BREACH_ACTIONS.map((v) => ({ value: v, label: humanize(v) })),
        },
        {
          name: 'accuracy',
          label: 'Accuracy (Art. 15)',
          options: [
            { value: 'true', label: 'Declared accuracy metrics' },
            { value: 'false', label: 'Other metrics' },
          ],
        },
      ]}
      tools={
        <RecordPicker
          // A new choice from the address (Clear, a link) starts the picker again.
          key={system}
          org={slug}
          type="ai_systems"
          label="AI system"
          name="metrics-system"
          placeholder="Any; type to choose one"
          defaultValue={system ? [system] : []}
          names={system && systemName ? { [system]: systemName } : {}}
          onChange={(ids) => list.setParam('aiSystemId', ids[0] ?? '')}
        />
      }
      sorts={METRIC_SORTS}
      unsorted="In the order defined"
      none="No metrics defined yet."
      noMatch="No metric matches these filters."
    >
      {(items) => <MetricsTable slug={slug} metrics={items} />}
    </RecordList>
  );
}
