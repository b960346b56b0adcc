// Internal audit (ISO/IEC 42001 9.2): the audit programme (approved by a manager or owner other
// than its author), the audits it plans, and the form that plans one. One audit's page is
// audit-page.tsx.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { RecordList, useRecordPages } from '../../components/record-list';
import { Badge, Loading, PageHeader, Section, When } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { Link, navigate, sectionHref } from '../../router';
import { AUDIT_STATES, auditApi, STATUS_WORD, type Programme } from './api';
import { AuditPage } from './audit-page';
import { FindingPage } from './finding-page';
import { FindingsPage } from './findings-list';

export function AuditsSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  if (parts[0] === 'findings')
    return parts[1] ? (
      <FindingPage key={parts[1]} membership={membership} id={parts[1]} />
    ) : (
      <FindingsPage membership={membership} />
    );
  if (parts[0]) return <AuditPage key={parts[0]} membership={membership} id={parts[0]} />;
  return <AuditsPage membership={membership} />;
}

const PROGRAMME_FIELDS = [
  'periodStart',
  'periodEnd',
  'frequency',
  'methods',
  'responsibilities',
  'importance',
  'previousResults',
] as const;

function ProgrammeView({ p, onApprove }: { p: Programme; onApprove?: () => void }) {
  return (
    <>
      <dl className="fields" aria-label={`Audit programme version ${p.number}`}>
        <div>
          <dt>Version</dt>
          <dd>
            {p.number} <Badge tone={p.status === 'approved' ? 'success' : 'info'}>{p.status}</Badge>
            {p.approvedAt && (
              <>
                {' '}
                approved <When at={p.approvedAt} date />
              </>
            )}
          </dd>
        </div>
        {p.authorMemberId && (
          <div>
            <dt>Drafted by</dt>
            <dd>{p.names[p.authorMemberId] ?? 'A former member'}</dd>
          </div>
        )}
        {p.approverMemberId && (
          <div>
            <dt>Approved by</dt>
            <dd>{p.names[p.approverMemberId] ?? 'A former member'}</dd>
          </div>
        )}
        <div>
          <dt>Period</dt>
          <dd>
            {p.periodStart} to {p.periodEnd}
          </dd>
        </div>
        <div className="wide">
          <dt>Frequency</dt>
          <dd className="prewrap">{p.frequency}</dd>
        </div>
        <div className="wide">
          <dt>Methods</dt>
          <dd className="prewrap">{p.methods}</dd>
        </div>
        <div className="wide">
          <dt>Responsibilities</dt>
          <dd className="prewrap">{p.responsibilities}</dd>
        </div>
        <div className="wide">
          <dt>Importance of the processes</dt>
          <dd className="prewrap">{p.importance}</dd>
        </div>
        <div className="wide">
          <dt>Results of previous audits</dt>
          <dd className="prewrap">{p.previousResults}</dd>
        </div>
        <div className="wide">
          <dt>Audits planned in the period</dt>
          <dd>
            {p.plannedAudits.length ? p.plannedAudits.map((a) => a.title).join(', ') : 'None yet'}
          </dd>
        </div>
      </dl>
      {p.abilities.approve && onApprove && (
        <button type="button" className="button primary" onClick={onApprove}>
          Approve version {p.number}
        </button>
      )}
    </>
  );
}

function AuditsPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const programme = useData(`${slug}|audit-programme`, () => auditApi.programme(slug));
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const draft = useSubmission(PROGRAMME_FIELDS, async (data) => {
    const body = Object.fromEntries(PROGRAMME_FIELDS.map((f) => [f, textValue(data, f) ?? '']));
    await auditApi.draftProgramme(
      slug,
      body as unknown as Parameters<typeof auditApi.draftProgramme>[1],
    );
    setDone('The draft programme is saved; another manager or owner approves it.');
  });
  const plan = useSubmission(
    [
      'title',
      'criteria',
      'scope',
      'plannedStart',
      'plannedEnd',
      'leadAuditorMemberId',
      'auditorMemberIds',
    ],
    async (data) => {
      const a = await auditApi.plan(slug, {
        title: textValue(data, 'title') ?? '',
        criteria: textValue(data, 'criteria') ?? '',
        scope: (textValue(data, 'scope') ?? '').split(/[\s,;]+/).filter(Boolean),
        plannedStart: textValue(data, 'plannedStart') ?? '',
        plannedEnd: textValue(data, 'plannedEnd') ?? '',
        leadAuditorMemberId: textValue(data, 'leadAuditorMemberId') ?? '',
        auditorMemberIds: data.getAll('auditorMemberIds').map(String),
      });
      navigate(sectionHref(slug, 'audits', a.id));
    },
  );
  const approve = async (p: Programme) => {
    setError(null);
    try {
      await auditApi.approveProgramme(slug, p);
      setDone(`Version ${p.number} of the audit programme is approved.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <PageHeader title="Internal audit" org={membership.name}>
        {(['xlsx', 'pdf', 'csv'] as const).map((f) => (
          <a key={f} className="button small" href={auditApi.exportHref(slug, f)} download>
            Export audits {f.toUpperCase()}
          </a>
        ))}
      </PageHeader>
      <Alert tone="success">{done}</Alert>
      <Alert tone="error">{error}</Alert>
      <Section id="programme" title="Audit programme">
        {!programme.data ? (
          <Loading what={programme.error ?? 'Loading…'} />
        ) : (
          <>
            {programme.data.current ? (
              <ProgrammeView p={programme.data.current} />
            ) : (
              <p>No audit programme is approved yet.</p>
            )}
            {programme.data.draft && (
              <>
                <h3>Draft</h3>
                <ProgrammeView
                  p={programme.data.draft}
                  onApprove={() => void approve(programme.data!.draft!)}
                />
              </>
            )}
          </>
        )}
        {can(membership, 'audits.draft_programme') && programme.data && !programme.data.draft && (
          <details>
            <summary>Draft a new version of the programme</summary>
            <form
              ref={draft.formRef}
              onSubmit={draft.onSubmit}
              noValidate
              aria-label="Draft the audit programme"
              className="record-form"
            >
              <TextField
                label="Period starts"
                name="periodStart"
                type="date"
                required
                error={draft.fieldErrors.periodStart}
              />
              <TextField
                label="Period ends"
                name="periodEnd"
                type="date"
                required
                error={draft.fieldErrors.periodEnd}
              />
              <TextAreaField
                label="Frequency"
                name="frequency"
                rows={2}
                required
                error={draft.fieldErrors.frequency}
              />
              <TextAreaField
                label="Methods"
                name="methods"
                rows={2}
                required
                error={draft.fieldErrors.methods}
              />
              <TextAreaField
                label="Responsibilities"
                name="responsibilities"
                rows={2}
                required
                error={draft.fieldErrors.responsibilities}
              />
              <TextAreaField
                label="How the importance of the processes was taken into account"
                name="importance"
                rows={2}
                required
                error={draft.fieldErrors.importance}
              />
              <TextAreaField
                label="How the results of previous audits were taken into account"
                name="previousResults"
                rows={2}
                required
                error={draft.fieldErrors.previousResults}
              />
              <Alert tone="error">{draft.formError}</Alert>
              <button type="submit" className="button primary" disabled={draft.busy}>
                Save the draft
              </button>
            </form>
          </details>
        )}
      </Section>
      <Section id="audits" title="Audits">
        <p>
          <Link href={sectionHref(slug, 'audits', 'findings')}>The findings of every audit</Link>:
          search them, filter by grade, requirement or what they raised.
        </p>
        <AuditList slug={slug} />
      </Section>
      {can(membership, 'audits.plan') && (
        <Section
          id="plan"
          title="Plan an audit"
          intro="No auditor may audit records they own or wrote: the server refuses a team that would."
        >
          <form
            ref={plan.formRef}
            onSubmit={plan.onSubmit}
            noValidate
            aria-label="Plan an audit"
            className="record-form"
          >
            <TextField label="Title" name="title" required error={plan.fieldErrors.title} />
            <TextAreaField
              label="Criteria"
              name="criteria"
              rows={2}
              required
              error={plan.fieldErrors.criteria}
            />
            <TextField
              label="Scope"
              name="scope"
              required
              hint="Clause and Annex A ids separated by commas, e.g. 9.2, A.6.2.4 (9 or A.6 for everything under them)."
              error={plan.fieldErrors.scope}
            />
            <TextField
              label="Planned start"
              name="plannedStart"
              type="date"
              required
              error={plan.fieldErrors.plannedStart}
            />
            <TextField
              label="Planned end"
              name="plannedEnd"
              type="date"
              required
              error={plan.fieldErrors.plannedEnd}
            />
            <RecordPicker
              org={slug}
              type="members"
              label="Lead auditor"
              name="leadAuditorMemberId"
              required
              hint="Type part of a member's name or email."
              error={plan.fieldErrors.leadAuditorMemberId}
            />
            <RecordPicker
              org={slug}
              type="members"
              label="Other auditors"
              name="auditorMemberIds"
              multiple
              error={plan.fieldErrors.auditorMemberIds}
            />
            <Alert tone="error">{plan.formError}</Alert>
            <button type="submit" className="button primary" disabled={plan.busy}>
              Plan the audit
            </button>
          </form>
        </Section>
      )}
    </>
  );
}

/** The audits, searched, filtered and sorted with the list toolbar (its state in the address). */
function AuditList({ slug }: { slug: string }) {
  const list = useRecordPages(`${slug}|audits`, ['q', 'sort', 'status'], (f) =>
    auditApi.list(slug, f),
  );
  return (
    <RecordList
      list={list}
      noun="audits"
      one="audit"
      searchLabel="Search title or criteria"
      filters={[
        {
          name: 'status',
          label: 'Status',
          options: AUDIT_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
        },
      ]}
      sorts={[
        { value: 'title', label: 'Title' },
        { value: 'status', label: 'Status' },
        { value: 'plannedStart', label: 'Planned start' },
        { value: 'updatedAt', label: 'Last changed' },
      ]}
      none="No audits planned yet."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption>Internal audits</caption>
            <thead>
              <tr>
                <th scope="col">Audit</th>
                <th scope="col">Status</th>
                <th scope="col">Planned</th>
                <th scope="col">Lead auditor</th>
                <th scope="col">Scope</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'audits', a.id)}>{a.title}</Link>
                  </th>
                  <td>{STATUS_WORD[a.status]}</td>
                  <td>
                    {a.plannedStart} to {a.plannedEnd}
                  </td>
                  <td>{a.names[a.leadAuditorMemberId] ?? 'A former member'}</td>
                  <td>{a.scope.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </RecordList>
  );
}
