// The forms of a DPIA's page: the data protection officer's advice (Art. 35(2)) and the prior
// consultation of the supervisory authority (Art. 36).
import {
  Alert,
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { CONSULTATION_OUTCOMES, dpiaApi, OUTCOME_LABEL, type Dpia } from './api';

export function AdviceForm({
  slug,
  d,
  onSaved,
}: {
  slug: string;
  d: Dpia;
  onSaved: (d: Dpia) => void;
}) {
  const sub = useSubmission(['dpoName', 'advice', 'advisedOn', 'followed'], async (data) => {
    onSaved(
      await dpiaApi.advice(slug, d, {
        dpoName: textValue(data, 'dpoName') ?? '',
        advice: textValue(data, 'advice') ?? '',
        advisedOn: textValue(data, 'advisedOn') ?? '',
        followed: data.get('followed') === 'on',
      }),
    );
  });
  return (
    <form ref={sub.formRef} onSubmit={sub.onSubmit} aria-label="The DPO's advice" noValidate>
      <div className="form-grid">
        <TextField
          label="Data protection officer"
          name="dpoName"
          required
          defaultValue={d.dpoAdvice?.dpoName ?? ''}
          error={sub.fieldErrors.dpoName}
        />
        <TextField
          label="Advised on"
          name="advisedOn"
          type="date"
          required
          defaultValue={d.dpoAdvice?.advisedOn ?? ''}
          error={sub.fieldErrors.advisedOn}
        />
      </div>
      <TextAreaField
        label="Advice"
        name="advice"
        rows={3}
        required
        defaultValue={d.dpoAdvice?.advice ?? ''}
        error={sub.fieldErrors.advice}
      />
      <CheckboxField
        label="The DPIA follows the advice"
        name="followed"
        defaultChecked={d.dpoAdvice?.followed ?? true}
        hint="If not, say why in the screening note."
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button" disabled={sub.busy}>
        Record the advice
      </button>
    </form>
  );
}

export function ConsultationForm({
  slug,
  d,
  onSaved,
}: {
  slug: string;
  d: Dpia;
  onSaved: (d: Dpia) => void;
}) {
  const c = d.consultation;
  const sub = useSubmission(
    ['authority', 'submittedOn', 'outcome', 'outcomeOn', 'note'],
    async (data) => {
      onSaved(
        await dpiaApi.consult(slug, d, {
          authority: textValue(data, 'authority') ?? '',
          submittedOn: textValue(data, 'submittedOn') ?? '',
          outcome: textValue(data, 'outcome') ?? 'pending',
          outcomeOn: textValue(data, 'outcomeOn') ?? null,
          note: textValue(data, 'note') ?? null,
        }),
      );
    },
  );
  return (
    <form ref={sub.formRef} onSubmit={sub.onSubmit} aria-label="Prior consultation" noValidate>
      <div className="form-grid">
        <TextField
          label="Supervisory authority"
          name="authority"
          required
          defaultValue={c?.authority ?? ''}
          error={sub.fieldErrors.authority}
        />
        <TextField
          label="Submitted on"
          name="submittedOn"
          type="date"
          required
          defaultValue={c?.submittedOn ?? ''}
          error={sub.fieldErrors.submittedOn}
        />
        <SelectField
          label="Outcome"
          name="outcome"
          defaultValue={c?.outcome ?? 'pending'}
          options={CONSULTATION_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABEL[o]! }))}
          error={sub.fieldErrors.outcome}
        />
        <TextField
          label="Outcome on"
          name="outcomeOn"
          type="date"
          defaultValue={c?.outcomeOn ?? ''}
          error={sub.fieldErrors.outcomeOn}
        />
      </div>
      <TextAreaField
        label="What the authority said"
        name="note"
        rows={3}
        defaultValue={c?.note ?? ''}
        error={sub.fieldErrors.note}
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button" disabled={sub.busy}>
        Record the consultation
      </button>
    </form>
  );
}
