// Readiness for certification on the dashboard: the overall figure, bars per clause and per
// Annex A domain, the gap list with links to the records and to where each gap is closed, and
// the coverage of other frameworks (framework-coverage.tsx).
import { interchangeHref } from '../interchange/api';
import type { Membership, Page } from '../../api';
import { Badge } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { useCatalog, type Catalog } from '../../lib/lookups';
import { Link, orgHref, useSearch } from '../../router';
import { readinessApi, type Readiness, type Requirement, type ReqStatus } from './api';
import { fixHref, knownWithoutCatalog, refHref, refLabel } from './links';

export { FrameworkCoverage } from './framework-coverage';

const STATUS_WORD: Record<ReqStatus, string> = {
  met: 'Met',
  partial: 'Partly met',
  missing: 'Missing',
  not_applicable: 'Not applicable',
};
const TONE: Record<ReqStatus, 'success' | 'warning' | 'danger' | 'neutral'> = {
  met: 'success',
  partial: 'warning',
  missing: 'danger',
  not_applicable: 'neutral',
};

export const StatusBadge = ({ status }: { status: ReqStatus }) => (
  <Badge tone={TONE[status]}>{STATUS_WORD[status]}</Badge>
);

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

function GroupBars({
  label,
  groups,
  href,
}: {
  label: string;
  groups: Readiness['byGroup'];
  href: (id: string) => string;
}) {
  return (
    <figure className="readiness-chart">
      <figcaption>{label}</figcaption>
      <ul className="rbars" aria-label={label}>
        {groups.map((g) => {
          const counted = g.met + g.partial + g.missing;
          return (
            <li key={g.id}>
              {href(g.id).startsWith('#') ? (
                <a href={href(g.id)} className="rbar-label" title={g.title}>
                  <span className="mono">{g.id}</span> {g.title}
                </a>
              ) : (
                <Link href={href(g.id)} className="rbar-label" title={g.title}>
                  <span className="mono">{g.id}</span> {g.title}
                </Link>
              )}
              <span className="rbar-track" aria-hidden="true">
                <span
                  className="rbar-met"
                  style={{ width: `${counted ? (100 * g.met) / counted : 0}%` }}
                />
                <span
                  className="rbar-partial"
                  style={{ width: `${counted ? (100 * g.partial) / counted : 0}%` }}
                />
              </span>
              <span className="rbar-value">
                {pct(g.readiness)}
                <span className="visually-hidden">
                  {' '}
                  ready: {g.met} met, {g.partial} partly met, {g.missing} missing
                  {g.notApplicable ? `, ${g.notApplicable} not applicable` : ''}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

export function ReadinessOverview({
  membership,
  data,
}: {
  membership: Membership;
  data: Pick<Readiness, 'overall' | 'byGroup'>;
}) {
  const slug = membership.slug;
  const o = data.overall;
  const clauses = data.byGroup.filter((g) => !g.id.startsWith('A.'));
  const domains = data.byGroup.filter((g) => g.id.startsWith('A.'));
  return (
    <section className="panel readiness" aria-labelledby="readiness-title">
      <h2 id="readiness-title">Readiness for certification</h2>
      <p>
        <a
          className="button small"
          href={interchangeHref.oscal(slug, 'assessment-results')}
          download
        >
          Export as OSCAL assessment results
        </a>
      </p>
      <div className="readiness-top">
        <p className="readiness-figure" aria-label="Overall readiness">
          <strong data-readiness={o.readiness}>{pct(o.readiness)}</strong>
          <span>ready overall</span>
        </p>
        <ul className="readiness-counts" aria-label="Requirements by status">
          <li>
            <StatusBadge status="met" /> {o.met}
          </li>
          <li>
            <StatusBadge status="partial" /> {o.partial}
          </li>
          <li>
            <StatusBadge status="missing" /> {o.missing}
          </li>
          <li>
            <StatusBadge status="not_applicable" /> {o.notApplicable}
          </li>
        </ul>
        <p className="muted readiness-note">
          Computed from the records each time this page opens: a requirement counts fully when met
          and half when partly met; excluded controls do not count.
        </p>
      </div>
      <div className="two-columns">
        <GroupBars label="By clause" groups={clauses} href={() => '#gaps-title'} />
        <GroupBars
          label="By Annex A domain"
          groups={domains}
          href={(id) => `${orgHref(slug, 'controls')}?domain=${encodeURIComponent(id)}`}
        />
      </div>
    </section>
  );
}

/** A record a gap names: a link to its page; the register catalog is read only for registers. */
function RefLink({
  slug,
  gap,
  r,
  index,
  count,
}: {
  slug: string;
  gap: Requirement;
  r: { type: string; id: string };
  index: number;
  count: number;
}) {
  return knownWithoutCatalog(r.type) ? (
    <RefShown slug={slug} gap={gap} r={r} index={index} count={count} catalog={null} />
  ) : (
    <RegisterRef slug={slug} gap={gap} r={r} index={index} count={count} />
  );
}

function RegisterRef(props: {
  slug: string;
  gap: Requirement;
  r: { type: string; id: string };
  index: number;
  count: number;
}) {
  const { catalog } = useCatalog();
  return <RefShown {...props} catalog={catalog} />;
}

function RefShown({
  slug,
  gap,
  r,
  index,
  count,
  catalog,
}: {
  slug: string;
  gap: Requirement;
  r: { type: string; id: string };
  index: number;
  count: number;
  catalog: Catalog | null;
}) {
  const href = refHref(slug, r, gap, catalog);
  const label = `${refLabel(r.type, catalog)} ${count > 1 ? index + 1 : ''}`.trim();
  return (
    <span>
      {index > 0 && ', '}
      {href ? <Link href={href}>{label}</Link> : label}
    </span>
  );
}

function GapItem({ slug, gap }: { slug: string; gap: Requirement }) {
  const fix = fixHref(slug, gap);
  return (
    <li className="gap">
      <div className="gap-head">
        <span className="mono">{gap.id}</span> <strong>{gap.title}</strong>{' '}
        <StatusBadge status={gap.status} />
        {fix && (
          <Link
            href={fix}
            className="button small gap-fix"
            aria-label={`Do it: ${gap.id} ${gap.title}`}
          >
            Do it
          </Link>
        )}
      </div>
      <ul className="gap-reasons">
        {gap.reasons
          .filter((r) => r.status !== 'met')
          .map((r, i) => (
            <li key={i}>
              {r.detail}
              {r.refs.length > 0 && (
                <span className="gap-refs">
                  {' '}
                  See{' '}
                  {r.refs.map((ref, j) => (
                    <RefLink
                      key={`${ref.type}:${ref.id}`}
                      slug={slug}
                      gap={gap}
                      r={ref}
                      index={j}
                      count={r.refs.length}
                    />
                  ))}
                  .
                </span>
              )}
            </li>
          ))}
      </ul>
    </li>
  );
}

const GAP_PARAMS = ['q', 'status', 'kind', 'sort'] as const;
type GapFilter = Record<(typeof GAP_PARAMS)[number], string>;

/**
 * The gap list under the list toolbar every list has; `initial`, when given, is its first page
 * as the dashboard's one call brought it (null while that call is under way): while nothing
 * narrows or orders the list, only further pages are fetched here.
 */
export function GapList({
  membership,
  initial,
}: {
  membership: Membership;
  initial?: { data: Page<Requirement> | null; error: string | null };
}) {
  const slug = membership.slug;
  const params = new URLSearchParams(useSearch());
  const fromDashboard = initial !== undefined && !GAP_PARAMS.some((n) => params.get(n));
  // The dashboard's one call brings the first page (a list of its own, under its own key).
  const list = useRecordPages<Requirement, GapFilter>(
    !fromDashboard ? `${slug}|gaps` : initial.data ? `${slug}|gaps|dashboard` : null,
    GAP_PARAMS,
    (f) => readinessApi.gaps(slug, f, f.cursor ? 25 : 15),
    fromDashboard ? (initial.data ?? undefined) : undefined,
  );
  const failed = fromDashboard && !list.error && initial.error;

  return (
    <section className="panel" aria-labelledby="gaps-title">
      <h2 id="gaps-title">Gap list</h2>
      <p className="intro">
        What still stands between the organization and certification, most pressing first. Each gap
        says why, links the records involved and where to close it.
      </p>
      <RecordList
        list={failed ? { ...list, error: failed } : list}
        noun="gaps"
        one="gap"
        searchLabel="Search identifier or title"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: [
              { value: 'missing', label: STATUS_WORD.missing },
              { value: 'partial', label: STATUS_WORD.partial },
            ],
          },
          {
            name: 'kind',
            label: 'Requirement',
            options: [
              { value: 'clause', label: 'Clauses' },
              { value: 'control', label: 'Annex A controls' },
            ],
          },
        ]}
        sorts={[
          { value: 'id', label: 'Number' },
          { value: 'title', label: 'Title' },
        ]}
        unsorted="Most pressing first"
        none="No gaps: every requirement is met or excluded with a justification."
        noMatch="No gap matches these filters."
      >
        {(items) => (
          <ol className="gaps">
            {items.map((g) => (
              <GapItem key={g.id} slug={slug} gap={g} />
            ))}
          </ol>
        )}
      </RecordList>
    </section>
  );
}
