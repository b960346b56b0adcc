// Assessments and treatment as performed (8.2–8.4): per AI system its impact assessment, per
// open risk its assessment and treatment, each done, due, overdue or never done, and what a
// significant change (a stage transition, a new model version) owes. The server computes every
// state; the page lists them, what is behind first, with links to the pages that act on them.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Badge, DateOnly, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { operationsApi, type OperationState, type RiskOperation } from './api';
import './operations.css';

const STATE_WORD: Record<OperationState, string> = {
  done: 'Done',
  due: 'Due',
  overdue: 'Overdue',
  missing: 'Never done',
};
const STATE_TONE = {
  done: 'success',
  due: 'warning',
  overdue: 'danger',
  missing: 'danger',
} as const;
const ORDER: OperationState[] = ['overdue', 'missing', 'due', 'done'];
const PROGRESS_WORD: Record<RiskOperation['treatment']['progress'], string> = {
  not_chosen: 'No option chosen',
  planned: 'Chosen, not carried out',
  implemented: 'Carried out',
};

function State({ row }: { row: { status: OperationState; reassessmentOwed: boolean } }) {
  return (
    <>
      <Badge tone={STATE_TONE[row.status]}>{STATE_WORD[row.status]}</Badge>
      {row.reassessmentOwed && (
        <>
          {' '}
          <Badge tone="warning">Owed after a change</Badge>
        </>
      )}
    </>
  );
}

const Day = ({ value, none }: { value: string | null; none: string }) =>
  value ? <DateOnly value={value} /> : <>{none}</>;

const Reasons = ({ reasons }: { reasons: string[] }) =>
  reasons.length === 0 ? null : (
    <ul className="operation-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );

const byState = <T extends { status: OperationState }>(rows: T[]) =>
  [...rows].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));

export function OperationsSection({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [all, setAll] = useState(false);
  const ops = useData(`${slug}|operations`, () => operationsApi.get(slug));
  // Owners by the names the server gives with the page.
  const owner = (id: string | null) => (id ? (ops.data?.names[id] ?? 'a former member') : 'nobody');
  const header = (
    <>
      <PageHeader title="Assessments due" org={membership.name} />
      <p className="intro">
        Risk assessments and AI system impact assessments performed at their planned dates and after
        every significant change, and risk treatment carried out, not only chosen.{' '}
        <span className="clause">ISO/IEC 42001: 8.2, 8.3, 8.4</span>
      </p>
    </>
  );
  if (!ops.data)
    return (
      <>
        {header}
        <Loading
          what={ops.error ? `The assessments could not be loaded: ${ops.error}` : 'Loading…'}
        />
      </>
    );
  const o = ops.data;
  const behind = (r: { status: OperationState; reassessmentOwed: boolean }) =>
    all || r.status !== 'done' || r.reassessmentOwed;
  const systems = byState(o.systems.filter(behind));
  const risks = byState(o.risks.filter(behind));
  const treatments = o.risks.filter(
    (r) =>
      r.lastAssessedOn !== null &&
      (all || r.treatment.progress !== 'implemented' || r.treatment.overdue > 0),
  );
  const ia = o.summary.impactAssessments;
  const ra = o.summary.riskAssessments;
  const tr = o.summary.treatments;
  return (
    <>
      {header}
      <p>
        Due means on or before <DateOnly value={o.horizon} />, or owed now after a change.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show
        those that are done too
      </label>

      <Section
        id="impact-operations"
        title="Impact assessments (8.4)"
        intro={`${plural(ia.overdue, 'system')} overdue, ${ia.missing} never assessed, ${ia.due} due, ${ia.done} done; ${ia.owed} owed after a change.`}
      >
        {systems.length === 0 ? (
          <p className="empty">No AI system waits for an impact assessment.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">AI system</th>
                  <th scope="col">State</th>
                  <th scope="col">Last approved</th>
                  <th scope="col">Next due</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {systems.map((s) => {
                  const assessment = s.draftAssessmentId ?? s.assessmentId;
                  return (
                    <tr key={s.aiSystemId}>
                      <th scope="row">
                        <Link href={sectionHref(slug, 'systems', s.aiSystemId)}>{s.name}</Link>
                        {assessment && (
                          <>
                            {' · '}
                            <Link href={sectionHref(slug, 'impact', assessment)}>
                              {s.draftAssessmentId ? 'draft re-assessment' : 'assessment'}
                            </Link>
                          </>
                        )}
                        <Reasons reasons={s.reasons} />
                      </th>
                      <td>
                        <State row={s} />
                      </td>
                      <td>
                        <Day value={s.lastAssessedOn} none="Never" />
                      </td>
                      <td>
                        <Day value={s.nextDueOn} none="Not planned" />
                      </td>
                      <td>{owner(s.ownerMemberId)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section
        id="risk-operations"
        title="Risk assessments (8.2)"
        intro={`${plural(ra.overdue, 'risk')} overdue, ${ra.missing} never assessed, ${ra.due} due, ${ra.done} done; ${ra.owed} owed after a change.`}
      >
        {risks.length === 0 ? (
          <p className="empty">No open risk waits for an assessment.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">State</th>
                  <th scope="col">Last assessed</th>
                  <th scope="col">Next review</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {risks.map((r) => (
                  <tr key={r.riskId}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'risks', r.riskId)}>{r.title}</Link>
                      <Reasons reasons={r.reasons} />
                    </th>
                    <td>
                      <State row={r} />
                    </td>
                    <td>
                      <Day value={r.lastAssessedOn} none="Never" />
                    </td>
                    <td>
                      <Day value={r.nextDueOn} none="Not planned" />
                    </td>
                    <td>{owner(r.ownerMemberId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section
        id="treatment-operations"
        title="Risk treatment (8.3)"
        intro={`${tr.implemented} of ${plural(tr.chosen, 'chosen treatment')} carried out; ${tr.notChosen} assessed risk(s) without an option; ${plural(tr.overdueActions, 'action')} past due.`}
      >
        {treatments.length === 0 ? (
          <p className="empty">Every chosen treatment is carried out.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">Option</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Actions open</th>
                  <th scope="col">Actions past due</th>
                </tr>
              </thead>
              <tbody>
                {treatments.map((r) => (
                  <tr key={r.riskId}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'risks', r.riskId)}>{r.title}</Link>
                    </th>
                    <td>{r.treatment.option ?? 'None'}</td>
                    <td>
                      <Badge tone={r.treatment.progress === 'implemented' ? 'success' : 'warning'}>
                        {PROGRESS_WORD[r.treatment.progress]}
                      </Badge>
                    </td>
                    <td>{r.treatment.open}</td>
                    <td>{r.treatment.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
