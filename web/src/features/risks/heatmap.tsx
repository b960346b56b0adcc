// The heat map: risks counted per likelihood × impact cell of the active criteria, each cell
// coloured by the level the criteria give it. Likelihood runs upwards, impact to the right.
import { useState } from 'react';
import { RecordPicker } from '../../components/record-picker';
import { plural } from '../../lib/format';
import { useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';
import { risksApi } from './api';

export const levelClass = (key: string | null | undefined, levels: { key: string }[]) => {
  if (!key) return 'level';
  const i = levels.findIndex((l) => l.key === key);
  // Levels are ordered low to high; spread them over four tones.
  const tone = levels.length <= 1 ? 0 : Math.round((3 * i) / (levels.length - 1));
  return `level level-${tone}`;
};

export function RiskHeatmap({ slug, refresh }: { slug: string; refresh: unknown }) {
  const [kind, setKind] = useState<'inherent' | 'residual'>('residual');
  const [system, setSystem] = useState('');
  const map = useData(
    `${slug}|heatmap|${kind}|${system}`,
    () => risksApi.heatmap(slug, kind, system || null),
    refresh,
  );
  const h = map.data;
  const cellHref = (l: number, i: number) => {
    const q = new URLSearchParams({ [`${kind}Cell`]: `${l}-${i}` });
    if (h?.criteria.id) q.set('criteriaId', h.criteria.id);
    if (system) q.set('aiSystemId', system);
    return `${sectionHref(slug, 'risks')}?${q.toString()}`;
  };
  return (
    <section className="panel" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">Heat map</h2>
      <div className="toolbar">
        <div role="radiogroup" aria-label="Which assessment" className="checks">
          <label className="check">
            <input
              type="radio"
              name="heat-kind"
              checked={kind === 'inherent'}
              onChange={() => setKind('inherent')}
            />
            Inherent
          </label>
          <label className="check">
            <input
              type="radio"
              name="heat-kind"
              checked={kind === 'residual'}
              onChange={() => setKind('residual')}
            />
            Residual
          </label>
        </div>
        <RecordPicker
          org={slug}
          type="ai_systems"
          label="AI system"
          name="heat-system"
          placeholder="All; type to choose one"
          onChange={(ids) => setSystem(ids[0] ?? '')}
        />
      </div>
      {!h ? (
        <p className="muted">{map.error ? `Not available: ${map.error}` : 'Loading…'}</p>
      ) : (
        <>
          <div className="heatmap-wrap">
            <table
              className="heatmap"
              aria-label={`${kind === 'inherent' ? 'Inherent' : 'Residual'} risks by likelihood and impact`}
            >
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Likelihood</span>
                  </th>
                  {h.criteria.impact.map((imp, i) => (
                    <th key={i} scope="col">
                      {i + 1} {imp.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {h.criteria.likelihood
                  .map((lik, l) => ({ lik, l }))
                  .reverse()
                  .map(({ lik, l }) => (
                    <tr key={l}>
                      <th scope="row">
                        {l + 1} {lik.label}
                      </th>
                      {h.criteria.impact.map((imp, i) => {
                        const level = h.criteria.matrix[l]?.[i] ?? null;
                        const label =
                          h.criteria.levels.find((x) => x.key === level)?.label ?? level ?? '';
                        const n = h.cells[l]?.[i] ?? 0;
                        return (
                          <td
                            key={i}
                            className={levelClass(level, h.criteria.levels)}
                            data-cell={`${l + 1}-${i + 1}`}
                            title={`Likelihood ${lik.label}, impact ${imp.label}: ${label}`}
                          >
                            {n > 0 ? (
                              // A cell with risks opens the register filtered to them.
                              <Link href={cellHref(l + 1, i + 1)} className="heat-link">
                                <span className="heat-count">{n}</span>
                                <span className="visually-hidden">
                                  {' '}
                                  {plural(n, 'risk')}, level {label}
                                </span>
                              </Link>
                            ) : (
                              <>
                                <span className="heat-count">{n}</span>
                                <span className="visually-hidden">
                                  {' '}
                                  {plural(n, 'risk')}, level {label}
                                </span>
                              </>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            Rows: likelihood; columns: impact. Levels above “
            {h.criteria.levels.find((x) => x.key === h.criteria.acceptanceLevel)?.label ??
              h.criteria.acceptanceLevel}
            ” need an acceptance.
            {h.unassessed ? ` ${plural(h.unassessed, 'risk')} not assessed yet.` : ''}
            {h.otherCriteria
              ? ` ${plural(h.otherCriteria, 'risk')} assessed on earlier criteria, not shown.`
              : ''}
          </p>
        </>
      )}
    </section>
  );
}
