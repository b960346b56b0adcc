// One DPIA: the screening outcome and why, the content of Art. 35(7), the DPO's advice, approval
// by someone other than the author, and the prior consultation of the supervisory authority.
import { useState } from 'react';
import { type Membership } from '../../api';
import { Alert } from '../../components/form';
import {
  Badge,
  Breadcrumbs,
  DateOnly,
  Loading,
  PageHeader,
  Section,
  When,
} from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { Link, orgHref, sectionHref } from '../../router';
import { memberOf } from '../impact/status';
import { dpiaApi, OUTCOME_LABEL, type Dpia } from './api';
import { DpiaForm } from './dpia-form';
import { AdviceForm, ConsultationForm } from './dpia-forms';

export function DpiaStatus({ d }: { d: Dpia }) {
  const tone = d.status === 'approved' ? 'success' : d.status === 'draft' ? 'warning' : 'neutral';
  return <Badge tone={tone}>{d.status[0]!.toUpperCase() + d.status.slice(1)}</Badge>;
}

export const outcomeWord = (d: Dpia) =>
  d.screeningOutcome === 'required' ? 'DPIA required' : 'No DPIA required';

const CONTENT: [keyof Dpia, string][] = [
  ['processing', 'Description of the processing (Art. 35(7)(a))'],
  ['purposes', 'Purposes (Art. 35(7)(a))'],
  ['necessity', 'Necessity and proportionality (Art. 35(7)(b))'],
  ['risks', 'Risks to rights and freedoms (Art. 35(7)(c))'],
  ['measures', 'Measures (Art. 35(7)(d))'],
];

export function DpiaPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const [reload, setReload] = useState(0);
  const loaded = useData(`${slug}|dpia|${id}`, () => dpiaApi.get(slug, id), reload);
  const [current, setCurrent] = useState<Dpia | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = current && current.version >= (loaded.data?.version ?? 0) ? current : loaded.data;
  if (!d) return <Loading what={loaded.error ?? 'Loading the DPIA…'} />;
  const saved = (x: Dpia) => {
    setCurrent(x);
    setEditing(false);
    setReload((n) => n + 1);
  };
  const approve = async () => {
    setError(null);
    try {
      saved(await dpiaApi.approve(slug, d));
    } catch (e) {
      setError(`Not approved. ${messageOf(e)}`);
    }
  };
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'dpia'), label: 'DPIAs' }]} />
      <PageHeader title={d.title} org={membership.name}>
        {d.abilities.edit && !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </PageHeader>
      <p>
        <DpiaStatus d={d} />{' '}
        <Badge tone={d.screeningOutcome === 'required' ? 'warning' : 'info'}>
          {outcomeWord(d)}
        </Badge>{' '}
        AI system:{' '}
        <Link href={sectionHref(slug, 'systems', d.aiSystemId)}>
          {d.names[d.aiSystemId] ?? 'AI system'}
        </Link>
        {d.impactAssessmentId && (
          <>
            {' '}
            · beside{' '}
            <Link href={sectionHref(slug, 'impact', d.impactAssessmentId)}>
              {d.names[d.impactAssessmentId] ?? 'its impact assessment'}
            </Link>
          </>
        )}
      </p>
      {editing ? (
        <Section id="edit" title="Change the DPIA">
          <DpiaForm slug={slug} dpia={d} onSaved={saved} onCancel={() => setEditing(false)} />
        </Section>
      ) : (
        <>
          <Section
            id="screening"
            title="Screening"
            intro={
              <p>Is a DPIA required? GDPR Art. 35(1), (3) and (4), and the WP248 indicators.</p>
            }
          >
            <ul>
              {d.screeningReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            {d.screeningNote && <p>{d.screeningNote}</p>}
          </Section>
          {d.screeningOutcome === 'required' && (
            <Section id="content" title="Assessment (Art. 35(7))">
              <dl className="record-fields">
                {CONTENT.map(([k, label]) => (
                  <div key={k}>
                    <dt>{label}</dt>
                    <dd>
                      {(d[k] as string | null) ?? (
                        <span className="warning-text">Not written yet</span>
                      )}
                    </dd>
                  </div>
                ))}
                <div>
                  <dt>High residual risk</dt>
                  <dd>
                    {d.residualHighRisk === null
                      ? 'Not decided yet'
                      : d.residualHighRisk
                        ? 'Yes'
                        : 'No'}
                  </dd>
                </div>
              </dl>
            </Section>
          )}
        </>
      )}
      <Section
        id="advice"
        title="Data protection officer's advice"
        intro={
          <p>GDPR Art. 35(2): the controller seeks the DPO's advice when carrying out a DPIA.</p>
        }
      >
        {d.dpoAdvice ? (
          <p>
            {d.dpoAdvice.dpoName} on <DateOnly value={d.dpoAdvice.advisedOn} />:{' '}
            {d.dpoAdvice.advice} {d.dpoAdvice.followed ? '(followed)' : '(not followed)'}
          </p>
        ) : (
          <p className="muted">No advice recorded.</p>
        )}
        {d.abilities.recordAdvice && <AdviceForm slug={slug} d={d} onSaved={saved} />}
      </Section>
      <Section
        id="approval"
        title="Approval"
        intro={<p>A manager or owner other than the author approves it; it is then locked.</p>}
      >
        {d.approvedAt ? (
          <p>
            Approved by {memberOf(d.names, d.approverMemberId)} on <When at={d.approvedAt} />.
            Author: {memberOf(d.names, d.authorMemberId)}.
          </p>
        ) : d.missing.length > 0 ? (
          <p className="warning-text">Before approval, record {d.missing.join(', ')}.</p>
        ) : null}
        <Alert>{error}</Alert>
        {d.abilities.approve && (
          <button type="button" className="button primary" onClick={() => void approve()}>
            Approve the DPIA
          </button>
        )}
      </Section>
      {d.consultationRequired && (
        <Section
          id="consultation"
          title="Prior consultation (Art. 36)"
          intro={
            <p>
              High risk remains after the measures: consult the supervisory authority before the
              processing starts.
            </p>
          }
        >
          {d.consultation ? (
            <p>
              Submitted to {d.consultation.authority} on{' '}
              <DateOnly value={d.consultation.submittedOn} />:{' '}
              {OUTCOME_LABEL[d.consultation.outcome]}
              {d.consultation.outcomeOn && (
                <>
                  {' '}
                  (<DateOnly value={d.consultation.outcomeOn} />)
                </>
              )}
              {d.consultation.note && `. ${d.consultation.note}`}
            </p>
          ) : (
            <p className="warning-text">Not consulted yet.</p>
          )}
          {d.abilities.consult && <ConsultationForm slug={slug} d={d} onSaved={saved} />}
        </Section>
      )}
    </>
  );
}
