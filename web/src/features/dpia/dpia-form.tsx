// The screening of an AI system's processing (is a DPIA required: GDPR Art. 35(1), (3), (4) and
// the WP248 indicators) and the content of Art. 35(7), for a new DPIA or a draft's change.
import { ApiError } from '../../api';
import {
  Alert,
  CheckboxField,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Loading } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { dpiaApi, type Dpia, type DpiaInput } from './api';

const CONTENT = [
  [
    'processing',
    'Description of the processing',
    'Art. 35(7)(a): data, people concerned, flows, recipients, retention.',
  ],
  [
    'purposes',
    'Purposes',
    'Art. 35(7)(a): what the processing is for; the legitimate interest, where that is the basis.',
  ],
  [
    'necessity',
    'Necessity and proportionality',
    'Art. 35(7)(b): why this processing, and no less, serves the purposes.',
  ],
  [
    'risks',
    'Risks to rights and freedoms',
    'Art. 35(7)(c): what could go wrong for the people concerned, how likely and how severe.',
  ],
  [
    'measures',
    'Measures',
    'Art. 35(7)(d): safeguards, security measures and mechanisms that address the risks.',
  ],
] as const;

const FIELDS = [
  'aiSystemId',
  'title',
  'personalData',
  'screening',
  'screeningNote',
  'residualHighRisk',
  ...CONTENT.map((c) => c[0]),
];

export function DpiaForm({
  slug,
  dpia,
  initialSystem = '',
  impactAssessmentId = null,
  onSaved,
  onCancel,
}: {
  slug: string;
  dpia: Dpia | null;
  initialSystem?: string;
  impactAssessmentId?: string | null;
  onSaved: (d: Dpia) => void;
  onCancel?: () => void;
}) {
  const questions = useData(`${slug}|dpia-questions`, () => dpiaApi.questions(slug));
  const sub = useSubmission(FIELDS, async (data) => {
    const screening = Object.fromEntries(
      data.getAll('screening').map((k) => [String(k), true] as [string, boolean]),
    );
    const residual = textValue(data, 'residualHighRisk');
    const body: DpiaInput = {
      title: textValue(data, 'title') ?? '',
      personalData: data.get('personalData') === 'on',
      screening,
      screeningNote: textValue(data, 'screeningNote') ?? null,
      residualHighRisk: residual === undefined ? null : residual === 'yes',
    };
    for (const [name] of CONTENT) body[name] = textValue(data, name) ?? null;
    try {
      const saved = dpia
        ? await dpiaApi.update(slug, dpia, body)
        : await dpiaApi.create(slug, {
            ...body,
            title: body.title ?? '',
            aiSystemId: textValue(data, 'aiSystemId') ?? '',
            impactAssessmentId,
          });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error('Someone changed this DPIA since the page was loaded. Reload the page.');
      throw e;
    }
  });
  if (!questions.data)
    return <Loading what={questions.error ?? 'Loading the screening questions…'} />;
  const cases = questions.data.items.filter((q) => q.kind === 'case');
  const indicators = questions.data.items.filter((q) => q.kind === 'indicator');
  const checked = Object.keys(dpia?.screening ?? {}).filter((k) => dpia?.screening[k]);
  const residual = dpia?.residualHighRisk;
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={dpia ? 'Change the DPIA' : 'New DPIA'}
      noValidate
      className="record-form"
    >
      {!dpia && (
        <RecordPicker
          org={slug}
          type="ai_systems"
          label="AI system"
          name="aiSystemId"
          required
          defaultValue={initialSystem ? [initialSystem] : []}
          error={sub.fieldErrors.aiSystemId}
        />
      )}
      <TextField
        label="Title"
        name="title"
        required
        defaultValue={dpia?.title ?? ''}
        error={sub.fieldErrors.title}
      />
      <h3>Screening</h3>
      <CheckboxField
        label="The system processes personal data"
        name="personalData"
        defaultChecked={dpia?.personalData ?? true}
        hint="Without personal data, GDPR Art. 35 does not apply."
        error={sub.fieldErrors.personalData}
      />
      <CheckboxGroup
        label="Cases that require a DPIA (one is enough)"
        name="screening"
        options={cases.map((q) => ({ value: q.key, label: `${q.question} (${q.ref})` }))}
        defaultValue={checked}
        error={sub.fieldErrors.screening}
      />
      <CheckboxGroup
        label="Indicators of high risk (two or more usually require a DPIA)"
        name="screening"
        options={indicators.map((q) => ({ value: q.key, label: q.question }))}
        defaultValue={checked}
        hint="The nine indicators of the EDPB-endorsed guidelines on DPIAs (WP248), in aims's words."
      />
      <TextAreaField
        label="Screening note"
        name="screeningNote"
        rows={3}
        defaultValue={dpia?.screeningNote ?? ''}
        error={sub.fieldErrors.screeningNote}
      />
      <h3>Assessment (when required)</h3>
      {CONTENT.map(([name, label, hint]) => (
        <TextAreaField
          key={name}
          label={label}
          name={name}
          rows={4}
          defaultValue={dpia?.[name] ?? ''}
          hint={hint}
          error={sub.fieldErrors[name]}
        />
      ))}
      <SelectField
        label="High residual risk after the measures"
        name="residualHighRisk"
        optional
        defaultValue={residual === undefined || residual === null ? '' : residual ? 'yes' : 'no'}
        options={[
          { value: '', label: 'Not decided yet' },
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes: consult the supervisory authority first (Art. 36)' },
        ]}
        error={sub.fieldErrors.residualHighRisk}
      />
      <Alert>{sub.formError}</Alert>
      <div className="actions">
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : dpia ? 'Save the DPIA' : 'Screen and start the DPIA'}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
