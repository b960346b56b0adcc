// Coverage of other frameworks: per entry, what credits it (crosswalk links that count, from met
// requirements, or evidence linked to the entry itself) and which links are pointers only, each
// with its relationship, confidence and source.
import { useState, type SyntheticEvent } from 'react';
import type { Membership } from '../../api';
import { Badge } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import {
  readinessApi,
  type CoverageLegend,
  type CoverageLink,
  type EntryStatus,
  type FrameworkEntry,
  type FrameworkTotals,
} from './api';

const ENTRY_WORD: Record<EntryStatus, string> = {
  met: 'Met',
  partial: 'Partly met',
  missing: 'Missing',
  not_credited: 'Not credited',
  not_applicable: 'Not applicable',
};
const ENTRY_TONE: Record<EntryStatus, 'success' | 'warning' | 'danger' | 'neutral'> = {
  met: 'success',
  partial: 'warning',
  missing: 'danger',
  not_credited: 'neutral',
  not_applicable: 'neutral',
};
const REQ_WORD: Record<CoverageLink['status'], string> = {
  met: 'met',
  partial: 'partly met',
  missing: 'missing',
  not_applicable: 'not applicable',
};

/** The crosswalk's source keys in words (the legend below the tables says what each is). */
const SOURCE: Record<string, string> = {
  'nist-airc-crosswalk': 'NIST AI RMF crosswalk',
  'harmonized-structure': 'Harmonized structure',
  'own-judgement': 'Own judgement',
};
const source = (key: string) => SOURCE[key] ?? humanize(key.replaceAll('-', '_'));

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

/** "equivalent, high" or, when no source states one, "no stated strength". */
const strength = (l: CoverageLink) =>
  l.relationship && l.confidence ? `${l.relationship}, ${l.confidence}` : 'no stated strength';

function LinkItem({ slug, link }: { slug: string; link: CoverageLink }) {
  const id = link.requirement;
  return (
    <li data-requirement={id} data-counts={link.counts}>
      {id.startsWith('A.') ? (
        <Link href={sectionHref(slug, 'controls', id)}>{id}</Link>
      ) : (
        <abbr title={link.requirementTitle}>{id}</abbr>
      )}{' '}
      ({REQ_WORD[link.status]}): {strength(link)}{' '}
      <span className="muted">· source: {link.provenance.map(source).join(', ')}</span>
    </li>
  );
}

function EntryRow({ slug, entry }: { slug: string; entry: FrameworkEntry }) {
  const credited = entry.links.filter((l) => l.counts);
  const pointers = entry.links.filter((l) => !l.counts);
  return (
    <tr data-entry={entry.ref} data-status={entry.status}>
      <th scope="row">
        {entry.ref} <span className="muted">{entry.title}</span>
      </th>
      <td>
        <Badge tone={ENTRY_TONE[entry.status]}>{ENTRY_WORD[entry.status]}</Badge>
      </td>
      <td>
        {credited.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain-list" aria-label={`Links that count for ${entry.ref}`}>
            {credited.map((l) => (
              <LinkItem key={l.requirement} slug={slug} link={l} />
            ))}
          </ul>
        )}
        {entry.evidence.length > 0 && (
          <ul className="plain-list" aria-label={`Evidence linked to ${entry.ref}`}>
            {entry.evidence.map((e) => (
              <li key={e.id}>
                Evidence{' '}
                {e.id ? <Link href={sectionHref(slug, 'evidence', e.id)}>{e.title}</Link> : e.title}{' '}
                <span className="muted">
                  (
                  {e.state === 'valid'
                    ? 'valid'
                    : `${humanize(e.state).toLowerCase()}, not counted`}
                  )
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {pointers.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain-list" aria-label={`Pointers to ${entry.ref}`}>
            {pointers.map((l) => (
              <LinkItem key={l.requirement} slug={slug} link={l} />
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function Legend({
  legend,
  onToggle,
}: {
  legend: CoverageLegend | null;
  onToggle: (e: SyntheticEvent<HTMLDetailsElement>) => void;
}) {
  return (
    <details className="framework" onToggle={onToggle}>
      <summary>What the relationships, confidences and sources mean</summary>
      {!legend ? (
        <p className="muted">Loading…</p>
      ) : (
        <dl className="legend">
          {Object.entries({ ...legend.relationship, ...legend.confidence }).map(([k, v]) => (
            <div key={k}>
              <dt>{humanize(k)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
          {Object.entries(legend.provenance).map(([k, v]) => (
            <div key={k}>
              <dt>Source: {source(k)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}

/**
 * Coverage per framework. Given `totals` (the dashboard's one call brought the figures; null while
 * it is under way), the entries are fetched only when a framework or the legend is first opened.
 */
export function FrameworkCoverage({
  membership,
  totals,
}: {
  membership: Membership;
  totals?: { data: FrameworkTotals[] | null; error: string | null };
}) {
  const slug = membership.slug;
  const [opened, setOpened] = useState(false);
  const fw = useData(!totals || opened ? `${slug}|frameworks` : null, () =>
    readinessApi.frameworks(slug),
  );
  const summary: { data: FrameworkTotals[] | null; error: string | null } = totals ?? {
    data: fw.data?.items ?? null,
    error: fw.error,
  };
  const entriesOf = (id: string) => fw.data?.items.find((f) => f.id === id)?.entries;
  const open = (e: SyntheticEvent<HTMLDetailsElement>) => {
    if (e.currentTarget.open) setOpened(true);
  };
  return (
    <section className="panel" aria-labelledby="frameworks-title">
      <h2 id="frameworks-title">Other frameworks</h2>
      <p className="intro">
        How far the ISO/IEC 42001 work goes towards other frameworks. An entry is credited only by a
        link that counts (equivalent or intersecting, medium or high confidence) from a requirement
        that is met, or by valid evidence linked to the entry itself (on an evidence page: supports
        a framework requirement, such as iso27001:A.5.24). Weaker links, and pairs whose source
        states no strength, are pointers: where to look, not credit.
      </p>
      {!summary.data ? (
        <p className="muted">{summary.error ? `Not available: ${summary.error}` : 'Loading…'}</p>
      ) : summary.data.length === 0 ? (
        <p className="muted">No crosswalks are loaded.</p>
      ) : (
        <>
          {summary.data.map((f) => {
            const entries = entriesOf(f.id);
            return (
              <details key={f.id} className="framework" data-framework={f.id} onToggle={open}>
                <summary>
                  <strong>{f.title}</strong>: {f.met} of {plural(f.reached, 'entry', 'entries')} met
                  ({pct(f.coverage)}){f.partial > 0 && `, ${f.partial} partly`}
                  {f.notCredited > 0 && `; ${f.notCredited} reached by pointers only`}
                </summary>
                {!entries ? (
                  <p className="muted">
                    {fw.error ? `Not available: ${fw.error}` : 'Loading the entries…'}
                  </p>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Entry</th>
                          <th scope="col">Status</th>
                          <th scope="col">Credited by</th>
                          <th scope="col">Pointers (no credit)</th>
                        </tr>
                      </thead>
                      <tbody>
                        {entries.map((e) => (
                          <EntryRow key={e.ref} slug={slug} entry={e} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </details>
            );
          })}
          <Legend legend={fw.data?.legend ?? null} onToggle={open} />
        </>
      )}
    </section>
  );
}
