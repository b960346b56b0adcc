// The impacts an assessment records: who is affected, along which dimension, how badly and how
// likely, and how it is mitigated (with the risks that carry it and the Annex A controls that
// treat it, named by the server). Impacts change only while the assessment is a draft; the form
// is impact-form.tsx, removing one impact-remove.tsx.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Loading, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { clip, humanize, plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { AFFECTED_LABEL, impactApi, type ImpactAssessment } from './api';
import { ImpactForm } from './impact-form';
import { RemoveImpact } from './impact-remove';
import { likelihoodText, severityText } from './status';

function Links({
  slug,
  names,
  riskIds,
  controlIds,
}: {
  slug: string;
  /** The impact's names, from the server. */
  names: Readonly<Record<string, string>>;
  riskIds: string[];
  controlIds: string[];
}) {
  if (riskIds.length + controlIds.length === 0) return null;
  return (
    <ul className="plain-list impact-links">
      {riskIds.map((id) => (
        <li key={id}>
          Risk:{' '}
          <Link href={sectionHref(slug, 'risks', id)}>
            {names[id] ?? 'a risk you may not read, or no longer listed'}
          </Link>
        </li>
      ))}
      {controlIds.length > 0 && (
        <li>
          {controlIds.length === 1 ? 'Control' : 'Controls'}:{' '}
          {controlIds.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={sectionHref(slug, 'controls', id)}>{id}</Link>
            </span>
          ))}
        </li>
      )}
    </ul>
  );
}

/** `onChanged`: an impact was added, changed or removed, which moves the assessment's version too. */
export function ImpactItems({
  membership,
  assessment,
  onChanged,
}: {
  membership: Membership;
  assessment: ImpactAssessment;
  onChanged: () => void;
}) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const items = useData(
    `${slug}|impacts|${assessment.id}`,
    () => impactApi.impacts(slug, assessment.id),
    refresh,
  );
  const mayAdd = assessment.abilities.addImpact;
  const mayChange = assessment.abilities.updateImpact;
  const mayRemove = assessment.abilities.removeImpact;
  const editable = mayAdd || mayChange || mayRemove;
  const rowActions = mayChange || mayRemove;
  const controls = useData('catalog-controls', () => impactApi.controls());
  const saved = (message: string) => {
    setEditing(null);
    setDone(message);
    setRefresh((n) => n + 1);
    onChanged();
  };
  const list = items.data ?? [];
  const current = list.find((i) => i.id === editing) ?? null;
  return (
    <Section
      id="impacts"
      title="Impacts"
      intro={
        <p>
          Who the system could affect and how, rated from 1 to 5 for severity and likelihood, with
          how each impact is mitigated.
        </p>
      }
    >
      <Alert tone="success">{done}</Alert>
      {!items.data ? (
        <Loading
          what={items.error ? `The impacts could not be loaded: ${items.error}` : 'Loading…'}
        />
      ) : list.length === 0 ? (
        <p className="empty">
          No impact recorded yet. An assessment needs at least one before it can be approved.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="impact-table">
            <caption className="visually-hidden">{plural(list.length, 'impact')}</caption>
            <thead>
              <tr>
                <th scope="col">Impact</th>
                <th scope="col">Who is affected</th>
                <th scope="col">Dimension</th>
                <th scope="col">Severity</th>
                <th scope="col">Likelihood</th>
                <th scope="col">Mitigation</th>
                {rowActions && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.description}</th>
                  <td>{AFFECTED_LABEL[i.affected] ?? humanize(i.affected)}</td>
                  <td>{humanize(i.dimension)}</td>
                  <td className={`impact-scale impact-scale-${i.severity}`}>
                    {severityText(i.severity)}
                  </td>
                  <td className={`impact-scale impact-scale-${i.likelihood}`}>
                    {likelihoodText(i.likelihood)}
                  </td>
                  <td>
                    {i.mitigation ? (
                      <p className="prewrap">{i.mitigation}</p>
                    ) : (
                      <span className="warning-text">None recorded</span>
                    )}
                    <Links
                      slug={slug}
                      names={i.names}
                      riskIds={i.riskIds}
                      controlIds={i.controlIds}
                    />
                  </td>
                  {rowActions && (
                    <td className="row-actions">
                      {mayChange && (
                        <>
                          <button
                            type="button"
                            className="button small"
                            aria-label={`Change the impact “${clip(i.description, 60)}”`}
                            onClick={() => {
                              setDone(null);
                              setEditing(i.id);
                            }}
                          >
                            Change
                          </button>{' '}
                        </>
                      )}
                      {mayRemove && (
                        <RemoveImpact
                          slug={slug}
                          item={i}
                          onRemoved={() => saved('The impact is removed.')}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable &&
        (!controls.data ? (
          <Loading what={controls.error ?? 'Loading the controls…'} />
        ) : current && mayChange ? (
          <ImpactForm
            key={current.id}
            slug={slug}
            assessment={assessment}
            item={current}
            controls={controls.data}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        ) : mayAdd ? (
          <ImpactForm
            slug={slug}
            assessment={assessment}
            item={null}
            controls={controls.data}
            onSaved={saved}
          />
        ) : null)}
    </Section>
  );
}
