// One internal audit: its plan, its team, the checklist drawn from its scope with each item's
// conclusion, the findings (each major or minor one linked to the nonconformity it raised), the
// report and its communication to management, and the report as PDF.
import { useState } from 'react';
import type { Membership } from '../../api';
import {
  Alert,
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { Link, orgHref, sectionHref } from '../../router';
import {
  auditApi,
  CONCLUSIONS,
  CONCLUSION_WORD,
  GRADES,
  GRADE_WORD,
  STATUS_WORD,
  type AuditDetail,
  type ChecklistItem,
  type Conclusion,
  type Grade,
} from './api';
import { findingHref } from './finding-page';

/** A member the audit names (`names` from the server), else a former or unreadable one. */
const memberOf = (names: Record<string, string>, id: string) => names[id] ?? 'a former member';

function ChecklistForm({
  slug,
  audit,
  item,
  onSaved,
}: {
  slug: string;
  audit: AuditDetail;
  item: ChecklistItem;
  onSaved: () => void;
}) {
  const s = useSubmission(['conclusion', 'recordsSampled', 'notes'], async (data) => {
    await auditApi.record(slug, audit, item, {
      conclusion: textValue(data, 'conclusion') as Conclusion,
      recordsSampled: textValue(data, 'recordsSampled'),
      notes: textValue(data, 'notes'),
    });
    onSaved();
  });
  return (
    <details>
      <summary>Record {item.requirementId}</summary>
      <form
        ref={s.formRef}
        onSubmit={s.onSubmit}
        noValidate
        aria-label={`Record ${item.requirementId}`}
        className="record-form"
      >
        <SelectField
          label="Conclusion"
          name="conclusion"
          defaultValue={item.conclusion}
          options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_WORD[c] }))}
          error={s.fieldErrors.conclusion}
        />
        <TextAreaField
          label="Records sampled"
          name="recordsSampled"
          rows={2}
          defaultValue={item.recordsSampled ?? ''}
          error={s.fieldErrors.recordsSampled}
        />
        <TextAreaField
          label="Notes"
          name="notes"
          rows={2}
          defaultValue={item.notes ?? ''}
          error={s.fieldErrors.notes}
        />
        <Alert>{s.formError}</Alert>
        <button type="submit" className="button primary" disabled={s.busy}>
          Save {item.requirementId}
        </button>
      </form>
    </details>
  );
}

export function AuditPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const got = useData(`${slug}|audit|${id}`, () => auditApi.get(slug, id), refresh);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const a = got.data;
  const reload = () => setRefresh((n) => n + 1);
  const finding = useSubmission(
    ['grade', 'requirementId', 'title', 'description', 'records', 'logImprovement'],
    async (data, form) => {
      const f = await auditApi.addFinding(slug, a!, {
        grade: textValue(data, 'grade') as Grade,
        requirementId: textValue(data, 'requirementId') ?? '',
        title: textValue(data, 'title') ?? '',
        description: textValue(data, 'description'),
        records: textValue(data, 'records'),
        logImprovement: data.get('logImprovement') === 'on',
      });
      form.reset();
      setDone(
        f.nonconformityId
          ? `Finding ${f.number} is recorded and raised a nonconformity.`
          : `Finding ${f.number} is recorded.`,
      );
      reload();
    },
  );
  const report = useSubmission(['conclusion'], async (data) => {
    got.set(await auditApi.report(slug, a!, textValue(data, 'conclusion') ?? ''));
    setDone('The report is issued.');
  });
  const tell = useSubmission(['communicatedTo', 'communicatedOn'], async (data) => {
    got.set(
      await auditApi.communicate(
        slug,
        a!,
        textValue(data, 'communicatedTo') ?? '',
        textValue(data, 'communicatedOn') ?? '',
      ),
    );
    setDone('The communication to management is recorded.');
  });
  const step = async (s: 'start' | 'close') => {
    setError(null);
    try {
      got.set(await auditApi.step(slug, a!, s));
      setDone(
        s === 'start' ? 'The audit is started; its checklist is ready.' : 'The audit is closed.',
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'audits'), label: 'Internal audit' }]} />
  );
  if (!a)
    return (
      <>
        {crumbs}
        {got.status === 404 && <PageHeader title="Audit not found" org={membership.name} />}
        <Loading what={got.error ? `The audit could not be loaded: ${got.error}` : 'Loading…'} />
      </>
    );
  return (
    <>
      {crumbs}
      <PageHeader title={a.title} org={membership.name}>
        <a className="button" href={auditApi.reportHref(slug, a.id)} download>
          Download the report (PDF)
        </a>
      </PageHeader>
      <Alert tone="success">{done}</Alert>
      <Alert>{error}</Alert>
      <dl className="fields" aria-label="About this audit">
        <div>
          <dt>Status</dt>
          <dd>
            <Badge tone={a.status === 'closed' ? 'success' : 'info'}>{STATUS_WORD[a.status]}</Badge>
          </dd>
        </div>
        <div>
          <dt>Planned</dt>
          <dd>
            {a.plannedStart} to {a.plannedEnd}
          </dd>
        </div>
        <div className="wide">
          <dt>Criteria</dt>
          <dd className="prewrap">{a.criteria}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd>{a.scope.join(', ')}</dd>
        </div>
        <div>
          <dt>Lead auditor</dt>
          <dd>{memberOf(a.names, a.leadAuditorMemberId)}</dd>
        </div>
        <div>
          <dt>Auditors</dt>
          <dd>
            {a.auditorMemberIds.length
              ? a.auditorMemberIds.map((m) => memberOf(a.names, m)).join(', ')
              : 'None besides the lead'}
          </dd>
        </div>
        {a.conclusion && (
          <div className="wide">
            <dt>Conclusion</dt>
            <dd className="prewrap">{a.conclusion}</dd>
          </div>
        )}
        {a.communicatedOn && (
          <div className="wide">
            <dt>Communicated to management</dt>
            <dd>
              To {a.communicatedTo} on {a.communicatedOn}
            </dd>
          </div>
        )}
      </dl>
      {a.abilities.start && (
        <button type="button" className="button primary" onClick={() => void step('start')}>
          Start the audit
        </button>
      )}
      <Section id="checklist" title="Checklist">
        {a.checklist.length === 0 ? (
          <p className="empty">The checklist is drawn from the scope when the audit starts.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Requirement</th>
                  <th scope="col">Conclusion</th>
                  <th scope="col">Sampled</th>
                </tr>
              </thead>
              <tbody>
                {a.checklist.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.requirementId} {c.title}
                      {a.abilities.record && (
                        <ChecklistForm
                          slug={slug}
                          audit={a}
                          item={c}
                          onSaved={() => {
                            setDone(`${c.requirementId} is recorded.`);
                            reload();
                          }}
                        />
                      )}
                    </td>
                    <td>{CONCLUSION_WORD[c.conclusion]}</td>
                    <td className="prewrap">
                      {[c.recordsSampled, c.notes].filter(Boolean).join('\n')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="findings" title="Findings">
        {a.findings.length === 0 ? (
          <p className="empty">No findings recorded.</p>
        ) : (
          <ul>
            {a.findings.map((f) => (
              <li key={f.id}>
                <strong>
                  <Link href={findingHref(slug, f)}>
                    {f.ref && `${f.ref} · `}
                    {GRADE_WORD[f.grade]} {f.number}
                  </Link>
                </strong>{' '}
                ({f.requirementId}): {f.title}
                {f.nonconformityId && (
                  <>
                    {' '}
                    <Link href={sectionHref(slug, 'nonconformities', f.nonconformityId)}>
                      the nonconformity it raised
                    </Link>
                  </>
                )}
                {f.improvementId && (
                  <>
                    {' '}
                    <Link href={sectionHref(slug, 'improvements', f.improvementId)}>
                      the opportunity it logged
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {a.abilities.record && (
          <form
            ref={finding.formRef}
            onSubmit={finding.onSubmit}
            noValidate
            aria-label="Record a finding"
            className="record-form"
          >
            <h3>Record a finding</h3>
            <SelectField
              label="Grade"
              name="grade"
              options={GRADES.map((g) => ({ value: g, label: GRADE_WORD[g] }))}
              error={finding.fieldErrors.grade}
            />
            <SelectField
              label="Requirement"
              name="requirementId"
              options={a.checklist.map((c) => ({
                value: c.requirementId,
                label: `${c.requirementId} ${c.title}`,
              }))}
              error={finding.fieldErrors.requirementId}
            />
            <TextField label="Finding" name="title" required error={finding.fieldErrors.title} />
            <TextAreaField
              label="Description"
              name="description"
              rows={2}
              error={finding.fieldErrors.description}
            />
            <TextAreaField
              label="Records it rests on"
              name="records"
              rows={2}
              error={finding.fieldErrors.records}
            />
            <CheckboxField
              label="Log an opportunity for improvement in the improvement log"
              name="logImprovement"
            />
            <Alert>{finding.formError}</Alert>
            <button type="submit" className="button primary" disabled={finding.busy}>
              Record the finding
            </button>
          </form>
        )}
      </Section>
      {(a.abilities.report || a.abilities.communicate || a.abilities.close) && (
        <Section id="report" title="Report">
          {a.abilities.report && (
            <form
              ref={report.formRef}
              onSubmit={report.onSubmit}
              noValidate
              aria-label="Issue the report"
              className="record-form"
            >
              <TextAreaField
                label="Audit conclusion"
                name="conclusion"
                required
                error={report.fieldErrors.conclusion}
              />
              <Alert>{report.formError}</Alert>
              <button type="submit" className="button primary" disabled={report.busy}>
                Issue the report
              </button>
            </form>
          )}
          {a.abilities.communicate && (
            <form
              ref={tell.formRef}
              onSubmit={tell.onSubmit}
              noValidate
              aria-label="Record the communication to management"
              className="record-form"
            >
              <TextField
                label="Communicated to"
                name="communicatedTo"
                required
                error={tell.fieldErrors.communicatedTo}
              />
              <TextField
                label="On"
                name="communicatedOn"
                type="date"
                required
                error={tell.fieldErrors.communicatedOn}
              />
              <Alert>{tell.formError}</Alert>
              <button type="submit" className="button">
                Record the communication
              </button>
            </form>
          )}
          {a.abilities.close && (
            <button type="button" className="button primary" onClick={() => void step('close')}>
              Close the audit
            </button>
          )}
        </Section>
      )}
    </>
  );
}
