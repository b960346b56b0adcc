// One nonconformity: what it is, every step taken on it, and the forms of the steps the signed-in
// member may take now (its abilities, from the server): correction, root cause, similar
// nonconformities, corrective actions, the independent effectiveness check, closure, reopening.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Breadcrumbs, DateOnly, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { orgHref } from '../../router';
import { ncApi, type Nonconformity } from './api';
import { ActionsPanel } from './action-panels';
import { DetailsForm } from './details-form';
import { RootCausePanel, RootCauseView } from './root-cause';
import { CorrectionPanel, SimilarPanel } from './analysis-panels';
import { ClosePanel, ReopenPanel, VerifyPanel } from './step-panels';
import { SourceLink } from './source-link';
import { Changeable, StatusBadge } from './status';
import { memberName, SEVERITY_WORD, SIMILAR_WORD, SOURCE_WORD, STEP_WORD } from './words';

export interface PanelProps {
  slug: string;
  nc: Nonconformity;
  onDone: (next: Nonconformity, message: string) => void;
  /** Loads the nonconformity again (after someone else changed it meanwhile). */
  onStale: () => void;
}

/** What each status means for the reader: what happened, and what comes next. */
const NEXT: Record<Nonconformity['status'], string> = {
  open: 'Record the correction (what was done to contain it) and find its root cause.',
  correction_done: 'Find the root cause, then plan corrective actions against it.',
  action_planned: 'Corrective actions are under way.',
  actions_done:
    'Every corrective action is done: someone who neither owns, planned nor did one checks whether they worked.',
  effectiveness_verified: 'The corrective actions were found effective: it may be closed.',
  closed: 'Closed. It may be reopened if it happens again.',
  reopened: 'Reopened: plan corrective actions for this new cycle.',
};

export function NonconformityPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const loaded = useData(`${slug}|nonconformity|${id}`, () => ncApi.get(slug, id));
  const [done, setDone] = useState<string | null>(null);
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'nonconformities'), label: 'Nonconformities' }]} />
  );
  if (!loaded.data)
    return (
      <>
        {crumbs}
        {loaded.status === 404 && (
          <PageHeader title="Nonconformity not found" org={membership.name} />
        )}
        <Loading
          what={
            loaded.error ? `The nonconformity could not be loaded: ${loaded.error}` : 'Loading…'
          }
        />
      </>
    );
  const nc = loaded.data;
  const panel: PanelProps = {
    slug,
    nc,
    onDone: (next, message) => {
      loaded.set(next);
      setDone(message);
    },
    onStale: () => void loaded.reload(),
  };
  const waitingForCheck =
    nc.status === 'actions_done' &&
    !nc.abilities.verify &&
    can(membership, 'nonconformities.verify');
  return (
    <>
      {crumbs}
      <PageHeader title={`${nc.reference}: ${nc.title}`} org={membership.name} />
      <Alert tone="success">{done}</Alert>
      <section className="panel nc-standing" aria-label="Where it stands">
        <p>
          <StatusBadge nc={nc} /> {SEVERITY_WORD[nc.severity]} nonconformity
          {nc.cycle > 1 ? `, cycle ${nc.cycle}` : ''}.
        </p>
        <p>{NEXT[nc.status]}</p>
        {waitingForCheck && (
          <p className="hint">
            You own, planned or did a corrective action of this nonconformity, so another manager or
            owner must check whether they worked.
          </p>
        )}
        {nc.verifiedAt && (
          <p>
            Found effective by <strong>{memberName(nc.names, nc.verifiedByMemberId)}</strong> on{' '}
            <When at={nc.verifiedAt} />.
          </p>
        )}
      </section>
      <dl className="fields" aria-label="About this nonconformity">
        <div className="wide">
          <dt>Requirement not met</dt>
          <dd>
            {nc.requirementId} {nc.requirementTitle}
          </dd>
        </div>
        {nc.description && (
          <div className="wide">
            <dt>Description</dt>
            <dd className="prewrap">{nc.description}</dd>
          </div>
        )}
        <div>
          <dt>Found through</dt>
          <dd>
            {SOURCE_WORD[nc.sourceType]}
            {nc.sourceId && <SourceLink slug={slug} nc={nc} />}
          </dd>
        </div>
        <div>
          <dt>Detected on</dt>
          <dd>
            <DateOnly value={nc.detectedOn} />
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{nc.ownerMemberId ? memberName(nc.names, nc.ownerMemberId) : 'Nobody'}</dd>
        </div>
        <div>
          <dt>Raised by</dt>
          <dd>{memberName(nc.names, nc.raisedByMemberId)}</dd>
        </div>
      </dl>
      {nc.abilities.edit && <DetailsForm {...panel} />}
      <CorrectionPanel {...panel} />
      <Section id="root-cause" title="Root cause">
        {nc.rootCause ? (
          <RootCauseView cause={nc.rootCause} />
        ) : (
          <p className="muted">Not found yet.</p>
        )}
        {nc.abilities.investigate && (
          <Changeable recorded={nc.rootCause !== null} what="the root cause">
            <RootCausePanel {...panel} />
          </Changeable>
        )}
      </Section>
      <SimilarPanel {...panel} />
      <ActionsPanel {...panel} membership={membership} />
      {nc.abilities.verify && <VerifyPanel {...panel} />}
      {nc.abilities.close && <ClosePanel {...panel} />}
      {nc.abilities.reopen && <ReopenPanel {...panel} />}
      <Section id="history" title="History">
        <ol className="nc-history">
          {nc.steps.map((s) => (
            <li key={s.id}>
              <p>
                {STEP_WORD[s.step]} by <strong>{memberName(nc.names, s.memberId)}</strong> on{' '}
                <When at={s.at} />
                {nc.cycle > 1 ? ` (cycle ${s.cycle})` : ''}.
              </p>
              {s.note && <p className="prewrap nc-note">{s.note}</p>}
            </li>
          ))}
        </ol>
        {nc.similar && <p className="muted">Similar: {SIMILAR_WORD[nc.similar.answer]}.</p>}
      </Section>
    </>
  );
}
