// The dashboard: readiness for certification first (overall, per clause and domain, the gap list,
// other frameworks), then what falls due, then the registers at a glance.
import type { ReactNode } from 'react';
import { can, type Membership } from '../../api';
import { PageHeader } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { loadCatalog } from '../../lib/lookups';
import { Link, orgHref, sectionHref } from '../../router';
import { STAGES } from '../ai-systems/api';
import { concernsApi } from '../concerns/api';
import { policiesApi } from '../policies/api';
import { peopleApi, registersApi } from '../registers/api';
import { scopeApi } from '../scope/api';
import { readinessApi } from '../readiness/api';
import { FrameworkCoverage, GapList, ReadinessOverview } from '../readiness/readiness-panels';
import { dayFromNow, evidenceApi } from '../evidence/api';
import { risksApi } from '../risks/api';
import { DateOnly } from '../../components/page';
import { incidentsApi } from '../incidents/api';
import { OpenClockList } from '../incidents/clocks';

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
  const systems = useData(`${slug}|dash-systems`, async () => {
    const catalog = await loadCatalog();
    const reg = catalog.byKey.get('ai_systems')!;
    return registersApi.list(slug, reg, { limit: 500 });
  });
  const policies = useData(`${slug}|dash-policies`, () => policiesApi.list(slug));
  const scope = useData(`${slug}|dash-scope`, () => scopeApi.get(slug));
  const concerns = useData(can(membership, 'concerns.read') ? `${slug}|dash-concerns` : null, () =>
    concernsApi.list(slug, null),
  );
  const gaps = useData(can(membership, 'competences.read') ? `${slug}|dash-gaps` : null, () =>
    peopleApi.competenceGaps(slug),
  );
  const readiness = useData(`${slug}|readiness`, () => readinessApi.get(slug));
  const soon = dayFromNow(30);
  const expiring = useData(`${slug}|dash-expiring`, () =>
    evidenceApi.list(slug, { expiringBefore: soon, limit: 20 }),
  );
  const overview = useData(`${slug}|dash-risk-overview`, () => risksApi.overview(slug));
  const clocks = useData(`${slug}|dash-incident-clocks`, () => incidentsApi.openClocks(slug, 10));

  const byStage = new Map<string, number>();
  for (const s of systems.data?.items ?? [])
    byStage.set(String(s.lifecycleStage), (byStage.get(String(s.lifecycleStage)) ?? 0) + 1);
  const most = Math.max(1, ...byStage.values());
  const openConcerns = (concerns.data?.items ?? []).filter(
    (c) => c.status !== 'resolved' && c.status !== 'dismissed',
  );
  const overdue = (policies.data?.items ?? []).filter((p) => p.reviewOverdue);
  const unpublished = (policies.data?.items ?? []).filter((p) => !p.currentVersionId);

  return (
    <>
      <PageHeader title="Dashboard" org={membership.name} />
      <p className="intro">Where the AI management system of {membership.name} stands today.</p>
      {readiness.data ? (
        <ReadinessOverview membership={membership} data={readiness.data} />
      ) : (
        <section className="panel" aria-label="Readiness for certification">
          <Pending error={readiness.error} />
        </section>
      )}
      <GapList membership={membership} refresh={0} />
      <div className="cards">
        <Card title="Incident reports due" href={orgHref(slug, 'incidents')}>
          {!clocks.data ? (
            <Pending error={clocks.error} />
          ) : clocks.data.total === 0 ? (
            <p className="muted">No report to an authority is due.</p>
          ) : (
            <>
              <p className={clocks.data.overdue ? 'warning-text' : undefined}>
                {plural(clocks.data.total, 'report')} due
                {clocks.data.overdue ? `, ${clocks.data.overdue} overdue` : ''}.
              </p>
              <OpenClockList slug={slug} items={clocks.data.items} />
            </>
          )}
        </Card>
        <Card
          title="Evidence expiring within 30 days"
          href={`${orgHref(slug, 'evidence')}?expiringBefore=${soon}`}
        >
          {!expiring.data ? (
            <Pending error={expiring.error} />
          ) : expiring.data.items.length === 0 ? (
            <p className="muted">Nothing expires in the next 30 days.</p>
          ) : (
            <ul className="plain-list">
              {expiring.data.items.map((e) => (
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
          )}
        </Card>
        <Card title="Risks falling due" href={orgHref(slug, 'risks')}>
          {!overview.data ? (
            <Pending error={overview.error} />
          ) : overview.data.reviewsDue.length +
              overview.data.acceptancesDue.length +
              overview.data.overdueTreatments.length ===
            0 ? (
            <p className="muted">No risk review, acceptance or treatment is overdue.</p>
          ) : (
            <ul className="plain-list">
              {overview.data.reviewsDue.map((r) => (
                <li key={`r${r.id}`} className="warning-text">
                  Review due: <Link href={sectionHref(slug, 'risks', r.id)}>{r.title}</Link>
                </li>
              ))}
              {overview.data.acceptancesDue.map((r) => (
                <li key={`a${r.id}`} className="warning-text">
                  Acceptance {r.acceptance.state === 'expired' ? 'lapsed' : 'needed'}:{' '}
                  <Link href={sectionHref(slug, 'risks', r.id)}>{r.title}</Link>
                </li>
              ))}
              {overview.data.overdueTreatments.map((t) => (
                <li key={`t${t.id}`} className="warning-text">
                  Treatment overdue:{' '}
                  <Link href={sectionHref(slug, 'risks', t.riskId)}>{t.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="AI systems" href={orgHref(slug, 'systems')}>
          {!systems.data ? (
            <Pending error={systems.error} />
          ) : systems.data.items.length === 0 ? (
            <p>
              None registered yet.{' '}
              <Link href={sectionHref(slug, 'systems', 'new')}>Register the first one</Link>.
            </p>
          ) : (
            <>
              <p className="big-number">
                {systems.data.items.length}
                {systems.data.nextCursor ? '+' : ''} <span>in the inventory</span>
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
          )}
        </Card>
        <Card title="Scope" href={orgHref(slug, 'scope')}>
          {!scope.data ? (
            <Pending error={scope.error} />
          ) : (
            <>
              <p>
                {scope.data.current
                  ? `Version ${scope.data.current.number} is in force.`
                  : 'No scope is approved yet.'}
              </p>
              {scope.data.draft && (
                <p className="warning-text">
                  Draft {scope.data.draft.number} is waiting for approval.
                </p>
              )}
            </>
          )}
        </Card>
        <Card title="Policies" href={orgHref(slug, 'policies')}>
          {!policies.data ? (
            <Pending error={policies.error} />
          ) : policies.data.items.length === 0 ? (
            <p>No policies yet: start with the AI policy.</p>
          ) : (
            <>
              <p>
                {plural(policies.data.items.length, 'policy', 'policies')}, {unpublished.length} not
                yet published.
              </p>
              {overdue.length > 0 ? (
                <ul className="plain-list">
                  {overdue.map((p) => (
                    <li key={p.id} className="warning-text">
                      Review overdue:{' '}
                      <Link href={sectionHref(slug, 'policies', p.id)}>{p.title}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">No review is overdue.</p>
              )}
            </>
          )}
        </Card>
        {can(membership, 'concerns.read') ? (
          <Card title="Concerns" href={orgHref(slug, 'concerns')}>
            {!concerns.data ? (
              <Pending error={concerns.error} />
            ) : (
              <p className={openConcerns.length ? 'warning-text' : undefined}>
                {openConcerns.length === 0
                  ? 'No open concerns.'
                  : `${plural(openConcerns.length, 'open concern')} to follow up.`}
              </p>
            )}
          </Card>
        ) : null}
        {can(membership, 'competences.read') ? (
          <Card title="Competence" href={sectionHref(slug, 'registers', 'competences')}>
            {!gaps.data ? (
              <Pending error={gaps.error} />
            ) : (
              <p className={gaps.data.items.length ? 'warning-text' : undefined}>
                {gaps.data.items.length === 0
                  ? 'Everyone holds the competences their role requires.'
                  : `${plural(gaps.data.items.length, 'member')} missing a required competence.`}
              </p>
            )}
          </Card>
        ) : null}
      </div>
      <FrameworkCoverage membership={membership} refresh={0} />
    </>
  );
}
