// Internal audit (ISO/IEC 42001 9.2): the audit programme (approved by a manager or owner other
// than its author), the audits it plans, and the form that plans one. One audit's page is
// audit-page.tsx.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Loading, PageHeader, Section } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { Link, navigate, sectionHref } from '../../router';
import { auditApi, type Programme } from './api';
import { AuditList } from './audit-list';
import { AuditPage } from './audit-page';
import { ProgrammeDraftForm, ProgrammeView } from './audit-programme';
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

function AuditsPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const programme = useData(`${slug}|audit-programme`, () => auditApi.programme(slug));
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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
            <ProgrammeDraftForm
              slug={slug}
              onSaved={() =>
                setDone('The draft programme is saved; another manager or owner approves it.')
              }
            />
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
