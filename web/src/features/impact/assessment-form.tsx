// Starting an impact assessment (which AI system, which model version) and changing a draft's
// model version, title, summary, DPIA link and review cycle.
import { useState } from 'react';
import { ApiError } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Loading } from '../../components/page';
import { lookupApi, RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';
import { impactApi, type ImpactAssessment } from './api';

const FIELDS = [
  'aiSystemId',
  'aiModelId',
  'title',
  'summary',
  'dpiaReference',
  'reviewCycleMonths',
] as const;

function cycle(data: FormData): number | undefined {
  const v = textValue(data, 'reviewCycleMonths');
  return v === undefined ? undefined : Number(v);
}

function SystemAndModel({
  slug,
  initialSystem,
  errors,
}: {
  slug: string;
  initialSystem: string;
  errors: Record<string, string>;
}) {
  // Whether there is any AI system to assess: one match of the lookup, not the register.
  const any = useData(`${slug}|lookup-any|ai_systems`, () =>
    lookupApi.search(slug, 'ai_systems', '', 1),
  );
  const [system, setSystem] = useState(initialSystem);
  const models = useData(system ? `${slug}|ai-models|${system}` : null, () =>
    impactApi.models(slug, system),
  );
  if (!any.data && !any.error) return <Loading what="Loading the AI systems…" />;
  if (any.data?.items.length === 0) {
    return (
      <p className="alert alert-info">
        There is no AI system in the inventory yet.{' '}
        <Link href={sectionHref(slug, 'systems')}>Register the AI system</Link> first, then assess
        it.
      </p>
    );
  }
  const modelOptions = [
    { value: '', label: 'The system as a whole' },
    ...(models.data ?? []).map((m) => ({ value: m.id, label: `${m.name} ${m.modelVersion}` })),
  ];
  return (
    <div className="form-grid">
      <RecordPicker
        org={slug}
        type="ai_systems"
        label="AI system"
        name="aiSystemId"
        required
        defaultValue={initialSystem ? [initialSystem] : []}
        onChange={(ids) => setSystem(ids[0] ?? '')}
        error={errors.aiSystemId}
      />
      <SelectField
        key={system}
        label="Model version"
        name="aiModelId"
        optional
        disabled={!system || !models.data}
        options={modelOptions}
        hint={
          system && models.data?.length === 0
            ? 'No model version is recorded for this system.'
            : 'The model version this assessment covers, when it is about one.'
        }
        error={errors.aiModelId}
      />
    </div>
  );
}

/** The model version of a draft, chosen among those of its AI system. */
function ModelOfDraft({
  slug,
  assessment,
  error,
}: {
  slug: string;
  assessment: ImpactAssessment;
  error?: string;
}) {
  const models = useData(`${slug}|ai-models|${assessment.aiSystemId}`, () =>
    impactApi.models(slug, assessment.aiSystemId),
  );
  if (!models.data)
    return (
      <Loading
        what={
          models.error
            ? `The model versions could not be loaded: ${models.error}`
            : 'Loading the model versions…'
        }
      />
    );
  const options = [
    { value: '', label: 'The system as a whole' },
    ...models.data.map((m) => ({ value: m.id, label: `${m.name} ${m.modelVersion}` })),
  ];
  return (
    <SelectField
      label="Model version"
      name="aiModelId"
      optional
      defaultValue={assessment.aiModelId ?? ''}
      options={options}
      hint={
        models.data.length === 0
          ? 'No model version is recorded for this system.'
          : 'The model version this assessment covers, when it is about one.'
      }
      error={error}
    />
  );
}

/** A new assessment (`assessment` null) or the change of a draft. */
export function AssessmentForm({
  slug,
  assessment,
  initialSystem = '',
  submitLabel,
  onSaved,
  onCancel,
}: {
  slug: string;
  assessment: ImpactAssessment | null;
  initialSystem?: string;
  submitLabel: string;
  onSaved: (a: ImpactAssessment) => void;
  onCancel?: () => void;
}) {
  const sub = useSubmission(FIELDS, async (data) => {
    const common = {
      title: textValue(data, 'title') ?? '',
      summary: textValue(data, 'summary') ?? null,
      dpiaReference: textValue(data, 'dpiaReference') ?? null,
      reviewCycleMonths: cycle(data),
    };
    try {
      // Sent only when the choice is on the form: a list still loading must not clear the model version.
      const model = data.has('aiModelId')
        ? { aiModelId: textValue(data, 'aiModelId') ?? null }
        : {};
      const saved = assessment
        ? await impactApi.update(slug, assessment, { ...model, ...common })
        : await impactApi.create(slug, {
            ...common,
            aiSystemId: textValue(data, 'aiSystemId') ?? '',
            aiModelId: textValue(data, 'aiModelId') ?? null,
          });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'Someone changed this assessment since the page was loaded. Reload the page and make the change again.',
        );
      throw e;
    }
  });
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={assessment ? 'Change the assessment' : 'New impact assessment'}
      noValidate
      className="record-form"
    >
      {assessment ? (
        <ModelOfDraft slug={slug} assessment={assessment} error={sub.fieldErrors.aiModelId} />
      ) : (
        <SystemAndModel slug={slug} initialSystem={initialSystem} errors={sub.fieldErrors} />
      )}
      <TextField
        label="Title"
        name="title"
        required
        defaultValue={assessment?.title ?? ''}
        error={sub.fieldErrors.title}
      />
      <TextAreaField
        label="Summary"
        name="summary"
        rows={5}
        defaultValue={assessment?.summary ?? ''}
        hint="The context of use, how the assessment was made (who took part, what was tested) and its conclusion."
        error={sub.fieldErrors.summary}
      />
      <div className="form-grid">
        <TextField
          label="DPIA"
          name="dpiaReference"
          defaultValue={assessment?.dpiaReference ?? ''}
          hint="The data protection impact assessment under the GDPR that covers this system: its reference or address."
          error={sub.fieldErrors.dpiaReference}
        />
        <TextField
          label="Review cycle in months"
          name="reviewCycleMonths"
          type="number"
          min={1}
          max={60}
          required
          defaultValue={String(assessment?.reviewCycleMonths ?? 12)}
          hint="Once approved, the assessment falls due again after this many months at the latest."
          error={sub.fieldErrors.reviewCycleMonths}
        />
      </div>
      <Alert>{sub.formError}</Alert>
      <div className="actions">
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : submitLabel}
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
