// The audit's checklist, drawn from its scope when the audit starts: each requirement with its
// conclusion and the records sampled, and the form that records an item.
import { Alert, SelectField, TextAreaField, textValue, useSubmission } from '../../components/form';
import {
  auditApi,
  CONCLUSIONS,
  CONCLUSION_WORD,
  type AuditDetail,
  type ChecklistItem,
  type Conclusion,
} from './api';

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

/** The checklist table; `onRecorded` runs after an item is saved. */
export function AuditChecklist({
  slug,
  audit: a,
  onRecorded,
}: {
  slug: string;
  audit: AuditDetail;
  onRecorded: (item: ChecklistItem) => void;
}) {
  return a.checklist.length === 0 ? (
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
                  <ChecklistForm slug={slug} audit={a} item={c} onSaved={() => onRecorded(c)} />
                )}
              </td>
              <td>{CONCLUSION_WORD[c.conclusion]}</td>
              <td className="prewrap">{[c.recordsSampled, c.notes].filter(Boolean).join('\n')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
