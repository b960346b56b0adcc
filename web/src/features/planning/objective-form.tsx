// The form that sets an AI objective or changes one: what is measured, the target and its
// direction, how often, who owns it, and the plan to reach it (6.2).
import { ApiError } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { lookupApi, RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { useSession } from '../auth/session';
import {
  DIRECTIONS,
  FREQUENCIES,
  planningApi,
  type Direction,
  type Frequency,
  type Objective,
  type ObjectiveInput,
} from './api';
import { DIRECTION_OPTION, FREQUENCY_WORD } from './words';

const FIELDS = [
  'title',
  'metric',
  'direction',
  'target',
  'unit',
  'frequency',
  'ownerMemberId',
  'aiSystemIds',
  'description',
  'plan',
] as const;

/** A number field's value; a blank goes out as null (JSON has no NaN), which the API refuses as missing. */
export function numberOf(data: FormData, name: string): number {
  const v = textValue(data, name);
  return v === undefined ? Number.NaN : Number(v);
}

export function ObjectiveForm({
  slug,
  objective,
  submitLabel,
  onSaved,
}: {
  slug: string;
  objective: Objective | null;
  submitLabel: string;
  onSaved: (o: Objective) => void;
}) {
  const { session } = useSession();
  // A new objective is the caller's own until they choose another owner (found by the lookup).
  const me = useData(objective ? null : `${slug}|me`, () =>
    lookupApi.search(slug, 'members', session.user.email, 5),
  ).data?.items.find((m) => m.detail === session.user.email);
  const sub = useSubmission(FIELDS, async (data) => {
    // A new objective leaves a blank title out (the API then says it is required); an edit sends
    // it blank, since leaving it out would keep the old title without a word.
    const blank = objective ? '' : undefined;
    const body: ObjectiveInput = {
      title: textValue(data, 'title') ?? blank,
      metric: textValue(data, 'metric') ?? blank,
      direction: String(data.get('direction')) as Direction,
      target: numberOf(data, 'target'),
      unit: textValue(data, 'unit') ?? null,
      frequency: String(data.get('frequency')) as Frequency,
      ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
      description: textValue(data, 'description') ?? null,
      plan: textValue(data, 'plan') ?? null,
      aiSystemIds: data.getAll('aiSystemIds').map(String),
    };
    try {
      const saved = objective
        ? await planningApi.updateObjective(slug, objective, body)
        : await planningApi.createObjective(slug, body);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'Someone else changed this objective meanwhile. Reload the page to see their changes, then edit again.',
        );
      throw e;
    }
  });
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={objective ? 'Edit the objective' : 'New objective'}
      noValidate
      className="record-form"
    >
      <TextField
        label="Objective"
        name="title"
        required
        defaultValue={objective?.title ?? ''}
        hint="What the organization wants to achieve, in one line."
        error={sub.fieldErrors.title}
        autoComplete="off"
      />
      <TextField
        label="Metric"
        name="metric"
        required
        defaultValue={objective?.metric ?? ''}
        hint="What is measured, and on what: “gap in approval rate between groups, on the monthly audit sample”."
        error={sub.fieldErrors.metric}
        autoComplete="off"
      />
      <div className="form-grid">
        <SelectField
          label="Direction"
          name="direction"
          defaultValue={objective?.direction ?? 'at_most'}
          options={DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_OPTION[d] }))}
          error={sub.fieldErrors.direction}
        />
        <TextField
          label="Target"
          name="target"
          type="number"
          step="any"
          inputMode="decimal"
          required
          defaultValue={objective ? String(objective.target) : ''}
          error={sub.fieldErrors.target}
        />
        <TextField
          label="Unit"
          name="unit"
          defaultValue={objective?.unit ?? ''}
          hint="For example %, ms or cases."
          error={sub.fieldErrors.unit}
          autoComplete="off"
        />
        <SelectField
          label="Measured"
          name="frequency"
          defaultValue={objective?.frequency ?? 'monthly'}
          options={FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_WORD[f] }))}
          hint="Without a measurement for this long, a new one is due."
          error={sub.fieldErrors.frequency}
        />
      </div>
      <RecordPicker
        // Mounted again once the caller's own member record is found, to start with it.
        key={me?.id ?? 'owner'}
        org={slug}
        type="members"
        label="Owner"
        name="ownerMemberId"
        placeholder="Type part of a name or email"
        defaultValue={
          objective ? (objective.ownerMemberId ? [objective.ownerMemberId] : []) : me ? [me.id] : []
        }
        names={objective ? objective.names : me ? { [me.id]: me.name } : {}}
        hint="Nobody yet when left empty."
        error={sub.fieldErrors.ownerMemberId}
      />
      <RecordPicker
        org={slug}
        type="ai_systems"
        label="AI systems it concerns"
        name="aiSystemIds"
        multiple
        placeholder="Type part of a system's name"
        defaultValue={objective?.aiSystemIds ?? []}
        names={objective?.names}
        error={sub.fieldErrors.aiSystemIds}
      />
      <TextAreaField
        label="Why it matters"
        name="description"
        rows={3}
        defaultValue={objective?.description ?? ''}
        error={sub.fieldErrors.description}
      />
      <TextAreaField
        label="Plan"
        name="plan"
        rows={5}
        defaultValue={objective?.plan ?? ''}
        hint="What will be done, with what resources, who is responsible, by when, and how the results will be evaluated."
        error={sub.fieldErrors.plan}
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button primary" disabled={sub.busy}>
        {sub.busy ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
