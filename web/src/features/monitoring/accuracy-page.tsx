// The accuracy log of an AI system (EU AI Act Art. 15(3)): per model version, the declared
// accuracy metrics with their declared levels and every measurement, exportable as CSV or XLSX.
import type { Membership } from '../../api';
import { Badge, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { monitoringApi } from './api';

export function AccuracyLogPage({
  membership,
  aiSystemId,
}: {
  membership: Membership;
  aiSystemId: string;
}) {
  const slug = membership.slug;
  const log = useData(`${slug}|accuracy|${aiSystemId}`, () =>
    monitoringApi.accuracyLog(slug, aiSystemId),
  );
  const l = log.data;
  if (!l) return <Loading what={log.error ?? 'Loading the accuracy log…'} />;
  return (
    <>
      <PageHeader title={`Accuracy log: ${l.aiSystemName}`} org={membership.name}>
        <a className="button" href={monitoringApi.accuracyExport(slug, aiSystemId, 'csv')} download>
          Download CSV
        </a>
        <a
          className="button"
          href={monitoringApi.accuracyExport(slug, aiSystemId, 'xlsx')}
          download
        >
          Download XLSX
        </a>
        <a className="button" href={monitoringApi.accuracyExport(slug, aiSystemId, 'pdf')} download>
          Download PDF
        </a>
      </PageHeader>
      <p className="intro">
        The declared accuracy metrics of each model version with their declared levels, and every
        measurement against them. <span className="clause">EU AI Act Art. 15(3)</span>
      </p>
      {l.models.length === 0 && <p>No model versions registered for this system.</p>}
      {l.models.map((g) => (
        <Section
          key={g.aiModelId ?? 'none'}
          id={`model-${g.aiModelId ?? 'none'}`}
          title={
            g.aiModelId ? `${g.name} ${g.modelVersion}` : 'Measurements naming no model version'
          }
        >
          {g.metrics.length === 0 && <p>No declared accuracy metric applies.</p>}
          {g.metrics.map((m) => {
            const below = m.measurements.filter((x) => !x.meetsDeclared).length;
            return (
              <div key={m.metricId} className="table-wrap">
                <table>
                  <caption>
                    {m.name}: declared {m.declaredLevel}
                    {m.unit ? ` ${m.unit}` : ''}; {m.measurements.length} measurements, {below}{' '}
                    short of the declared level
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Measured at</th>
                      <th scope="col">Value</th>
                      <th scope="col">Meets the declared level</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.measurements
                      .slice(-200)
                      .reverse()
                      .map((x) => (
                        <tr key={x.at + x.value}>
                          <td>
                            <When at={x.at} />
                          </td>
                          <td>{x.value}</td>
                          <td>{x.meetsDeclared ? 'yes' : <Badge tone="warning">no</Badge>}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
                {m.measurements.length > 200 && (
                  <p className="muted">The latest 200 are shown; the export holds them all.</p>
                )}
              </div>
            );
          })}
        </Section>
      ))}
    </>
  );
}
