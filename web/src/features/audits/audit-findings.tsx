// The audit's findings: each one linked to its page and to the nonconformity or opportunity for
// improvement it raised, and the form that records a new finding.
import {
  Alert,
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Link, sectionHref } from '../../router';
import { auditApi, GRADES, GRADE_WORD, type AuditDetail, type Finding, type Grade } from './api';
import { findingHref } from './finding-page';

/** The findings list, and the form to record one when the caller may; `onRecorded` gets the new finding. */
export function AuditFindings({
  slug,
  audit: a,
  onRecorded,
}: {
  slug: string;
  audit: AuditDetail;
  onRecorded: (finding: Finding) => void;
}) {
  const finding = useSubmission(
    ['grade', 'requirementId', 'title', 'description', 'records', 'logImprovement'],
    async (data, form) => {
      const f = await auditApi.addFinding(slug, a, {
        grade: textValue(data, 'grade') as Grade,
        requirementId: textValue(data, 'requirementId') ?? '',
        title: textValue(data, 'title') ?? '',
        description: textValue(data, 'description'),
        records: textValue(data, 'records'),
        logImprovement: data.get('logImprovement') === 'on',
      });
      form.reset();
      onRecorded(f);
    },
  );
  return (
    <>
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
    </>
  );
}
