// The signed-in frame: header (organization switcher, user, sign out), navigation and the page.
import { InterchangePage } from '../interchange/interchange-page';
import { useEffect, useRef, useState } from 'react';
import {
  Link,
  navigate,
  orgHref,
  parseRoute,
  SECTIONS,
  usePath,
  type SectionId,
} from '../../router';
import { membershipFor, useSession } from '../auth/session';
import { ComingPage } from './coming-page';
import { NewOrgDialog } from './new-org-dialog';
import { LedgerPage } from '../ledger/ledger-page';
import { SettingsPage } from '../settings/settings-page';
import { SystemsSection } from '../ai-systems/systems-section';
import { RegistersSection } from '../registers/registers-section';
import { PoliciesSection } from '../policies/policies-section';
import { ScopePage } from '../scope/scope-page';
import { DocumentsSection } from '../documents/documents-section';
import { ConcernsSection } from '../concerns/concerns-section';
import { DashboardPage } from '../dashboard/dashboard-page';
import { ControlsSection } from '../controls/controls-section';
import { EvidenceSection } from '../evidence/evidence-section';
import { RisksSection } from '../risks/risks-section';
import { ImpactSection } from '../impact/impact-section';
import { DpiaSection } from '../dpia/dpia-section';
import { ObjectivesSection } from '../planning/objectives-section';
import { ChangesSection } from '../planning/changes-section';
import { OperationsSection } from '../operations/operations-section';
import { GatesSection } from '../gates/gates-section';
import { IncidentsSection } from '../incidents/incidents-section';
import { MonitoringSection } from '../monitoring/monitoring-section';
import { NonconformitiesSection } from '../nonconformities/nonconformities-section';
import { ImprovementsSection } from '../nonconformities/improvements-section';
import { AuditsSection } from '../audits/audits-section';
import { ReviewsSection } from '../reviews/reviews-section';
import { InboxPage } from '../inbox/inbox-page';
import { useInboxCount } from '../inbox/count';
import { AccountPage } from '../account/account-page';
import { focusRequest, PageHeader } from '../../components/page';
import type { Membership } from '../../api';
import { useKeyboardScrollRegions } from '../../lib/scroll-regions';
import { AsOfBanner, AsOfPicker, readOnly, useAsOf } from './as-of';
import { NoOrgPage } from './no-org-page';
import { SignOutButton } from './sign-out-button';

export function Frame() {
  const { session } = useSession();
  const path = usePath();
  const route = parseRoute(path);
  const [creating, setCreating] = useState(false);
  // On a narrow screen the sections fold behind a Menu button; choosing one folds them again.
  const [navOpen, setNavOpen] = useState(false);
  const first = session.memberships[0];
  const slug = route.kind === 'org' ? route.slug : null;
  const current = slug ? membershipFor(session, slug) : undefined;
  const [asOf, setAsOf] = useAsOf();
  const section: SectionId | null = route.kind === 'org' ? route.section : null;
  const parts = route.kind === 'org' ? route.parts : [];
  const waiting = useInboxCount(current?.slug ?? null, path);
  useKeyboardScrollRegions('main');

  // `/` and old-style `/o/<slug>` addresses land on a real page of an organization.
  useEffect(() => {
    if (route.kind === 'root' && first) navigate(orgHref(first.slug), { replace: true });
  }, [route.kind, first]);

  // After navigating, put keyboard and screen-reader focus on the new page's heading.
  const lastPath = useRef(path);
  useEffect(() => {
    if (lastPath.current === path) return;
    lastPath.current = path;
    setNavOpen(false);
    const heading = document.querySelector<HTMLElement>('#main h1');
    // A page still loading has no heading yet: it takes the focus when it appears.
    focusRequest.pending = !heading;
    heading?.focus();
  }, [path]);

  const onSwitch = (next: string) => navigate(orgHref(next, section ?? 'dashboard'));

  // With no organization, every section would be empty: a page that says so instead.
  if (session.memberships.length === 0 && route.kind !== 'account') return <NoOrgPage />;

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        {current && (
          <button
            type="button"
            className="button nav-toggle"
            aria-expanded={navOpen}
            aria-controls="sections-nav"
            onClick={() => setNavOpen((o) => !o)}
          >
            Menu
          </button>
        )}
        <Link href={first ? orgHref(current?.slug ?? first.slug) : '/'} className="brand">
          aims
        </Link>
        <div className="org-switcher">
          <label htmlFor="org-switcher">Organization</label>
          <select
            id="org-switcher"
            value={current?.slug ?? ''}
            onChange={(e) => onSwitch(e.target.value)}
            disabled={session.memberships.length === 0}
          >
            {!current && <option value="">Choose…</option>}
            {session.memberships.map((m) => (
              <option key={m.orgId} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New organization
          </button>
        </div>
        {current && <AsOfPicker key={asOf ?? 'now'} moment={asOf} onChange={setAsOf} />}
        <div className="user">
          <Link
            href="/account"
            className="user-email"
            title={`${session.user.name}: your account`}
            aria-current={route.kind === 'account' ? 'page' : undefined}
          >
            {session.user.email}
          </Link>
          {current && <span className="role-badge">{current.role}</span>}
          <SignOutButton />
        </div>
      </header>
      <div className="body">
        {current && (
          <nav
            id="sections-nav"
            className={navOpen ? 'sidenav open' : 'sidenav'}
            aria-label="Sections"
          >
            <ul>
              {SECTIONS.map((s) => (
                <li key={s.id}>
                  <Link
                    href={orgHref(current.slug, s.id)}
                    aria-current={s.id === section ? 'page' : undefined}
                  >
                    <span>{s.label}</span>
                    {/* The count is part of the link's name, as it is seen: "My work 3 waiting". */}
                    {s.id === 'inbox' && waiting !== null && waiting > 0 && (
                      <>
                        {' '}
                        <span className="nav-count">{waiting}</span>
                        <span className="visually-hidden"> waiting</span>
                      </>
                    )}
                    {s.coming && <span className="nav-tag"> coming</span>}
                  </Link>
                </li>
              ))}
            </ul>
            <p className="nav-footer">
              <a href="/api/docs">API documentation</a>
            </p>
          </nav>
        )}
        <main id="main" className="content">
          {current && <LedgerAlarmBanner membership={current} />}
          {route.kind === 'account' ? (
            <AccountPage />
          ) : (
            <>
              {current && asOf && <AsOfBanner moment={asOf} onNow={() => setAsOf(null)} />}
              <Content
                key={asOf ?? 'now'}
                membership={current && asOf ? readOnly(current) : current}
                section={section}
                parts={parts}
                slug={slug}
              />
            </>
          )}
        </main>
      </div>
      <NewOrgDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

/**
 * Owners and managers are told when the organization's ledger is in alarm: the server refuses
 * every change to it until the operator has found out why.
 */
function LedgerAlarmBanner({ membership }: { membership: Membership }) {
  if (!membership.ledgerAlarm || (membership.role !== 'owner' && membership.role !== 'manager'))
    return null;
  return (
    <div className="alert alert-error ledger-alarm" role="alert">
      <p>
        <strong>The ledger of {membership.name} is in alarm.</strong> Its stored history no longer
        matches what aims signed, or part of it is missing. Changes to this organization are
        refused, so that nothing new is vouched for; everything can still be read.
      </p>
      <p>
        Ask whoever runs this server to run <code>aims ledger verify</code>, restore the database or
        the data folder from a backup if it shows tampering, and restart the server.
      </p>
    </div>
  );
}

function Content({
  membership,
  section,
  parts,
  slug,
}: {
  membership: Membership | undefined;
  section: SectionId | null;
  parts: string[];
  slug: string | null;
}) {
  const { session } = useSession();
  if (!slug) return <p className="muted">Opening your organization…</p>;
  if (!membership) {
    return (
      <>
        <PageHeader title="Organization not found" />
        <p>There is no organization “{slug}” among yours. Pick one of these:</p>
        <ul>
          {session.memberships.map((m) => (
            <li key={m.orgId}>
              <Link href={orgHref(m.slug)}>{m.name}</Link>
            </li>
          ))}
        </ul>
      </>
    );
  }
  if (!section) {
    return (
      <>
        <PageHeader title="Page not found" org={membership.name} />
        <p>
          This address does not match a page.{' '}
          <Link href={orgHref(membership.slug)}>Go to the dashboard</Link>.
        </p>
      </>
    );
  }
  const key = `${membership.orgId}:${section}`;
  switch (section) {
    case 'dashboard':
      return <DashboardPage key={key} membership={membership} />;
    case 'inbox':
      return <InboxPage key={key} membership={membership} />;
    case 'systems':
      return <SystemsSection key={key} membership={membership} parts={parts} />;
    case 'registers':
      return <RegistersSection key={key} membership={membership} parts={parts} />;
    case 'policies':
      return <PoliciesSection key={key} membership={membership} parts={parts} />;
    case 'scope':
      return <ScopePage key={key} membership={membership} />;
    case 'documents':
      return <DocumentsSection key={key} membership={membership} parts={parts} />;
    case 'concerns':
      return <ConcernsSection key={key} membership={membership} parts={parts} />;
    case 'incidents':
      return <IncidentsSection key={key} membership={membership} parts={parts} />;
    case 'monitoring':
      return <MonitoringSection key={key} membership={membership} parts={parts} />;
    case 'risks':
      return <RisksSection key={key} membership={membership} parts={parts} />;
    case 'impact':
      return <ImpactSection key={key} membership={membership} parts={parts} />;
    case 'dpia':
      return <DpiaSection key={key} membership={membership} parts={parts} />;
    case 'operations':
      return <OperationsSection key={key} membership={membership} parts={parts} />;
    case 'gates':
      return <GatesSection key={key} membership={membership} />;
    case 'objectives':
      return <ObjectivesSection key={key} membership={membership} parts={parts} />;
    case 'changes':
      return <ChangesSection key={key} membership={membership} parts={parts} />;
    case 'nonconformities':
      return <NonconformitiesSection key={key} membership={membership} parts={parts} />;
    case 'improvements':
      return <ImprovementsSection key={key} membership={membership} parts={parts} />;
    case 'audits':
      return <AuditsSection key={key} membership={membership} parts={parts} />;
    case 'reviews':
      return <ReviewsSection key={key} membership={membership} parts={parts} />;
    case 'controls':
      return <ControlsSection key={key} membership={membership} parts={parts} />;
    case 'evidence':
      return <EvidenceSection key={key} membership={membership} parts={parts} />;
    case 'interchange':
      return <InterchangePage key={key} membership={membership} />;
    case 'ledger':
      return <LedgerPage key={key} membership={membership} />;
    case 'settings':
      return <SettingsPage key={key} membership={membership} />;
    default:
      return <ComingPage key={key} membership={membership} section={section} />;
  }
}
