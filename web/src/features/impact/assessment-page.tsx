// One impact assessment: what it covers, its impacts, its approval by someone other than its
// author, whether it is due again and why, and its history.
import { useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Breadcrumbs, DateOnly, Loading, PageHeader, Section, When } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { impactApi, type ImpactAssessment } from './api';
import { AssessmentForm } from './assessment-form';
import { AssessmentHistory } from './assessment-history';
import { ImpactItems } from './impact-items';
import { LinkedDpias } from '../dpia/linked-dpias';
import { memberOf, StatusBadge } from './status';

const newFor = (slug: string, aiSystemId: string) =>
  `${sectionHref(slug, 'impact', 'new')}?aiSystemId=${encodeURIComponent(aiSystemId)}`;

function Dpia({ value }: { value: string | null }) {
  if (!value) return null;
  return /^https?:\/\//i.test(value) ? (
    <a href={value} target="_blank" rel="noreferrer noopener">
      {value}
    </a>
  ) : (
    <>{value}</>
  );
}

function Approval({
  membership,
  a,
  onApproved,
}: {
  membership: Membership;
  a: ImpactAssessment;
  onApproved: (a: ImpactAssessment) => void;
}) {
  const slug = membership.slug;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await impactApi.approve(slug, a);
      onApproved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        setError(
          'Someone changed this assessment since the page was loaded. Reload the page, check the change, and approve again.',
        );
      else setError(`Not approved. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      id="approval"
      title="Approval"
      intro={
        <p>
          A manager or owner other than the author reviews the impacts and approves the assessment.
          Once approved it is locked; a later change of the system calls for a new assessment.
        </p>
      }
    >
      {!a.abilities.approve && (
        <p className="hint">
          {can(membership, 'impact_assessments.approve')
            ? 'It is approved by a manager or owner other than its author, once it records at least one impact.'
            : 'Waiting for a manager or owner to approve it.'}
        </p>
      )}
      <Alert>{error}</Alert>
      {a.abilities.approve && (
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => void approve()}
        >
          {busy ? 'Approving…' : 'Approve the assessment'}
        </button>
      )}
    </Section>
  );
}

export function AssessmentPage({
  membership,
  id,
  editing,
}: {
  membership: Membership;
  id: string;
  editing: boolean;
}) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const assessment = useData(
    `${slug}|impact-assessment|${id}`,
    () => impactApi.get(slug, id),
    refresh,
  );
  const [done, setDone] = useState<string | null>(null);
  const page = sectionHref(slug, 'impact', id);
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'impact'), label: 'Impact assessments' }]} />
  );
  if (!assessment.data) {
    return (
      <>
        {crumbs}
        {assessment.status === 404 && (
          <PageHeader title="Impact assessment not found" org={membership.name} />
        )}
        <Loading
          what={
            assessment.error
              ? `The assessment could not be loaded: ${assessment.error}`
              : 'Loading…'
          }
        />
      </>
    );
  }
  const a = assessment.data;
  const system = a.names[a.aiSystemId] ?? 'an AI system';
  const editable = a.abilities.edit;
  return (
    <>
      {crumbs}
      <PageHeader title={a.title} org={membership.name}>
        {editable && !editing && (
          <Link className="button" href={sectionHref(slug, 'impact', id, 'edit')}>
            Edit
          </Link>
        )}
      </PageHeader>
      <p className="intro system-summary">
        <span>
          Status: <StatusBadge status={a.status} />
        </span>
        <span>
          AI system: <Link href={sectionHref(slug, 'systems', a.aiSystemId)}>{system}</Link>
        </span>
        <span className="clause">ISO/IEC 42001: 6.1.4, 8.4, A.5.2–A.5.5</span>
      </p>
      <Alert tone="success">{done}</Alert>
      {a.reassessmentDue && (
        <div className="alert alert-error impact-due" role="region" aria-label="Re-assessment due">
          <h2>Re-assessment due</h2>
          <p>
            The system has changed, or the review cycle has ended, since this assessment was
            approved:
          </p>
          <ul>
            {a.dueReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {can(membership, 'impact_assessments.create') && (
            <p>
              <Link href={newFor(slug, a.aiSystemId)}>Start a new assessment of {system}</Link>;
              once it is approved, it replaces this one.
            </p>
          )}
        </div>
      )}
      {a.status === 'superseded' && (
        <p className="alert alert-info">
          A later approved assessment of {system} has replaced this one. It is kept as a record.
        </p>
      )}
      {editing ? (
        <Section id="edit" title="Change the assessment">
          {editable ? (
            <AssessmentForm
              slug={slug}
              assessment={a}
              submitLabel="Save the assessment"
              onSaved={(saved) => {
                assessment.set(saved);
                setDone('The assessment is saved.');
                navigate(page);
              }}
              onCancel={() => navigate(page)}
            />
          ) : (
            <p>
              Only a draft can be changed.{' '}
              {a.status !== 'draft' && (
                <Link href={newFor(slug, a.aiSystemId)}>Start a new assessment</Link>
              )}
            </p>
          )}
        </Section>
      ) : (
        <dl className="fields" aria-label="About this assessment">
          <div>
            <dt>Model version</dt>
            <dd>
              {a.aiModelId ? (
                <ModelName slug={slug} systemId={a.aiSystemId} modelId={a.aiModelId} />
              ) : (
                'The system as a whole'
              )}
            </dd>
          </div>
          <div>
            <dt>Started by</dt>
            <dd>
              {memberOf(a.names, a.authorMemberId)} <When at={a.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Approved</dt>
            <dd>
              {a.approvedAt ? (
                <>
                  by {memberOf(a.names, a.approverMemberId)} <When at={a.approvedAt} />
                </>
              ) : (
                'Not yet'
              )}
            </dd>
          </div>
          <div>
            <dt>Review cycle</dt>
            <dd>{plural(a.reviewCycleMonths, 'month')}</dd>
          </div>
          <div>
            <dt>Next due</dt>
            <dd className={a.reassessmentDue ? 'warning-text' : undefined}>
              {a.reassessmentDue ? (
                'Now'
              ) : a.nextDueDate ? (
                <DateOnly value={a.nextDueDate} />
              ) : (
                'Set when it is approved'
              )}
            </dd>
          </div>
          <div>
            <dt>DPIA</dt>
            <dd>
              <LinkedDpias membership={membership} assessment={a} />
              {a.dpiaReference && (
                <span className="block">
                  Kept elsewhere: <Dpia value={a.dpiaReference} />
                </span>
              )}
            </dd>
          </div>
          <div className="wide">
            <dt>Summary</dt>
            <dd className="prewrap">
              {a.summary ?? <span className="muted">None written yet.</span>}
            </dd>
          </div>
        </dl>
      )}
      <ImpactItems
        membership={membership}
        assessment={a}
        onChanged={() => setRefresh((n) => n + 1)}
      />
      {a.status === 'draft' && (
        <Approval
          membership={membership}
          a={a}
          onApproved={(saved) => {
            assessment.set(saved);
            setDone(
              'The assessment is approved and locked. It falls due again at the end of its review cycle, or sooner if the system changes stage or gets a new model version.',
            );
            setRefresh((n) => n + 1);
          }}
        />
      )}
      <AssessmentHistory slug={slug} id={a.id} refresh={refresh} />
    </>
  );
}

function ModelName({
  slug,
  systemId,
  modelId,
}: {
  slug: string;
  systemId: string;
  modelId: string;
}) {
  const models = useData(`${slug}|ai-models|${systemId}`, () => impactApi.models(slug, systemId));
  const m = models.data?.find((x) => x.id === modelId);
  return (
    <>
      {m
        ? `${m.name} ${m.modelVersion}`
        : models.data
          ? 'A model version no longer listed'
          : 'Loading…'}
    </>
  );
}
