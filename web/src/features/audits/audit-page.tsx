// One internal audit: its plan, its team, the checklist drawn from its scope with each item's
// conclusion, the findings (each major or minor one linked to the nonconformity it raised), the
// report and its communication to management, and the report as PDF.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { orgHref } from '../../router';
import { auditApi, STATUS_WORD, type Finding } from './api';
import { AuditChecklist } from './audit-checklist';
import { AuditFindings } from './audit-findings';

/** A member the audit names (`names` from the server), else a former or unreadable one. */
const memberOf = (names: Record<string, string>, id: string) => names[id] ?? 'a former member';

export function AuditPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const got = useData(`${slug}|audit|${id}`, () => auditApi.get(slug, id), refresh);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const a = got.data;
  const reload = () => setRefresh((n) => n + 1);
  const onFinding = (f: Finding) => {
    setDone(
      f.nonconformityId
        ? `Finding ${f.number} is recorded and raised a nonconformity.`
        : `Finding ${f.number} is recorded.`,
    );
    reload();
  };
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
        <AuditChecklist
          slug={slug}
          audit={a}
          onRecorded={(c) => {
            setDone(`${c.requirementId} is recorded.`);
            reload();
          }}
        />
      </Section>
      <Section id="findings" title="Findings">
        <AuditFindings slug={slug} audit={a} onRecorded={onFinding} />
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
