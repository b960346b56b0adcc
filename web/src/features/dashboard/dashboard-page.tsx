// The dashboard: readiness for certification first (overall, per clause and domain, the gap list,
// other frameworks), then what falls due, then the registers at a glance.
import type { ReactNode } from 'react';
import { can, type Membership } from '../../api';
import { DateOnly, PageHeader } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { Link, orgHref, sectionHref } from '../../router';
import { STAGES } from '../ai-systems/api';
import { OpenClockList } from '../incidents/clocks';
import { FrameworkCoverage, GapList, ReadinessOverview } from '../readiness/readiness-panels';
import { dashboardApi } from './api';
import { ReadinessTrend } from './readiness-trend';

function Card({ title, href, children }: { title: string; href: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2>
        <Link href={href}>{title}</Link>
      </h2>
      {children}
    </section>
  );
}

const Pending = ({ error }: { error: string | null }) => (
  <p className="muted">{error ? `Not available: ${error}` : 'Loading…'}</p>
);

export function DashboardPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  // Everything below comes in this one call; a part the caller may not read is null.
  const dash = useData(`${slug}|dashboard`, () => dashboardApi.get(slug));
  const d = dash.data;
  const pending = <Pending error={dash.error} />;
  const systems = d?.aiSystems ?? null;
  const byStage = new Map<string, number>();
  for (const s of systems?.byStage ?? []) byStage.set(String(s.stage), s.count);
  const most = Math.max(1, ...byStage.values());
  const soon = d?.evidenceExpiring?.before ?? '';
  const clocks = d?.incidentClocks ?? null;
  const expiring = d?.evidenceExpiring ?? null;
  const overview = d?.risks ?? null;
  const scope = d?.scope ?? null;
  const policies = d?.policies ?? null;
  /** A part: loading, not available to this caller, or shown. */
  const part = <T,>(value: T | null, show: (v: T) => ReactNode) =>
    !d ? (
      pending
    ) : value === null ? (
      <p className="muted">Not available to your role.</p>
    ) : (
      show(value)
    );

  return (
    <>
      <PageHeader title="Dashboard" org={membership.name} />
      <p className="intro">Where the AI management system of {membership.name} stands today.</p>
      {d ? (
        <ReadinessOverview membership={membership} data={d.readiness} />
      ) : (
        <section className="panel" aria-label="Readiness for certification">
          {pending}
        </section>
      )}
      <GapList membership={membership} initial={{ data: d?.gaps ?? null, error: dash.error }} />
      <div className="cards">
        <Card title="Incident reports due" href={orgHref(slug, 'incidents')}>
          {part(clocks, (c) =>
            c.total === 0 ? (
              <p className="muted">No report to an authority is due.</p>
            ) : (
              <>
                <p className={c.overdue ? 'warning-text' : undefined}>
                  {plural(c.total, 'report')} due
                  {c.overdue ? `, ${c.overdue} overdue` : ''}.
                </p>
                <OpenClockList slug={slug} items={c.items} />
              </>
            ),
          )}
        </Card>
        <Card
          title="Evidence expiring within 30 days"
          href={`${orgHref(slug, 'evidence')}${soon ? `?expiringBefore=${soon}` : ''}`}
        >
          {part(expiring, (x) =>
            x.items.length === 0 ? (
              <p className="muted">Nothing expires in the next 30 days.</p>
            ) : (
              <ul className="plain-list">
                {x.items.map((e) => (
                  <li key={e.id} className={e.state === 'expired' ? 'warning-text' : undefined}>
                    <Link href={sectionHref(slug, 'evidence', e.id)}>{e.title}</Link>
                    {e.validUntil && (
                      <>
                        {' '}
                        — {e.state === 'expired' ? 'expired' : 'valid until'}{' '}
                        <DateOnly value={e.validUntil} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ),
          )}
        </Card>
        <Card title="Risks falling due" href={orgHref(slug, 'risks')}>
          {part(overview, (o) =>
            o.reviewsDue.length + o.acceptancesDue.length + o.overdueTreatments.length === 0 ? (
              <p className="muted">No risk review, acceptance or treatment is overdue.</p>
            ) : (
              <ul className="plain-list">
                {o.reviewsDue.map((r) => (
                  <li key={`r${r.id}`} className="warning-text">
                    Review due: <Link href={sectionHref(slug, 'risks', r.id)}>{r.title}</Link>
                  </li>
                ))}
                {o.acceptancesDue.map((r) => (
                  <li key={`a${r.id}`} className="warning-text">
                    Acceptance {r.acceptance.state === 'expired' ? 'lapsed' : 'needed'}:{' '}
                    <Link href={sectionHref(slug, 'risks', r.id)}>{r.title}</Link>
                  </li>
                ))}
                {o.overdueTreatments.map((t) => (
                  <li key={`t${t.id}`} className="warning-text">
                    Treatment overdue:{' '}
                    <Link href={sectionHref(slug, 'risks', t.riskId)}>{t.title}</Link>
                  </li>
                ))}
              </ul>
            ),
          )}
        </Card>
        <Card title="AI systems" href={orgHref(slug, 'systems')}>
          {part(systems, (sys) =>
            sys.total === 0 ? (
              <p>
                None registered yet.{' '}
                <Link href={sectionHref(slug, 'systems', 'new')}>Register the first one</Link>.
              </p>
            ) : (
              <>
                <p className="big-number">
                  {sys.total} <span>in the inventory</span>
                </p>
                <ul className="bars" aria-label="AI systems by life cycle stage">
                  {STAGES.filter((s) => byStage.has(s)).map((s) => (
                    <li key={s}>
                      <Link href={`${orgHref(slug, 'systems')}?lifecycleStage=${s}`}>
                        {humanize(s)}
                      </Link>
                      <span
                        className="bar"
                        style={{ width: `${(100 * (byStage.get(s) ?? 0)) / most}%` }}
                        aria-hidden="true"
                      />
                      <span className="bar-count">{byStage.get(s)}</span>
                    </li>
                  ))}
                </ul>
              </>
            ),
          )}
        </Card>
        <Card title="Scope" href={orgHref(slug, 'scope')}>
          {part(scope, (sc) => (
            <>
              <p>
                {sc.current
                  ? `Version ${sc.current.number} is in force.`
                  : 'No scope is approved yet.'}
              </p>
              {sc.draft && (
                <p className="warning-text">Draft {sc.draft.number} is waiting for approval.</p>
              )}
            </>
          ))}
        </Card>
        <Card title="Policies" href={orgHref(slug, 'policies')}>
          {part(policies, (p) =>
            p.total === 0 ? (
              <p>No policies yet: start with the AI policy.</p>
            ) : (
              <>
                <p>
                  {plural(p.total, 'policy', 'policies')}, {p.unpublished} not yet published.
                </p>
                {p.overdue > 0 ? (
                  <ul className="plain-list">
                    {p.overdueItems.map((x) => (
                      <li key={x.id} className="warning-text">
                        Review overdue:{' '}
                        <Link href={sectionHref(slug, 'policies', x.id)}>{x.title}</Link>
                      </li>
                    ))}
                    {p.overdue > p.overdueItems.length && (
                      <li className="warning-text">
                        and {p.overdue - p.overdueItems.length} more overdue.
                      </li>
                    )}
                  </ul>
                ) : (
                  <p className="muted">No review is overdue.</p>
                )}
              </>
            ),
          )}
        </Card>
        {can(membership, 'concerns.read') ? (
          <Card title="Concerns" href={orgHref(slug, 'concerns')}>
            {part(d?.concerns ?? null, (c) => (
              <p className={c.open ? 'warning-text' : undefined}>
                {c.open === 0
                  ? 'No open concerns.'
                  : `${plural(c.open, 'open concern')} to follow up.`}
              </p>
            ))}
          </Card>
        ) : null}
        {can(membership, 'competences.read') ? (
          <Card title="Competence" href={sectionHref(slug, 'registers', 'competences')}>
            {part(d?.competences ?? null, (c) => (
              <p className={c.membersMissing ? 'warning-text' : undefined}>
                {c.membersMissing === 0
                  ? 'Everyone holds the competences their role requires.'
                  : `${plural(c.membersMissing, 'member')} missing a required competence.`}
              </p>
            ))}
          </Card>
        ) : null}
      </div>
      <FrameworkCoverage
        membership={membership}
        totals={{ data: d?.frameworks ?? null, error: dash.error }}
      />
      {/* Its own call, made once the panel is scrolled into view (not part of the first load). */}
      {d && <ReadinessTrend slug={slug} />}
    </>
  );
}
