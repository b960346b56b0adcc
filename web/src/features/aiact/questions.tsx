// The questions of the EU AI Act questionnaire as form fields, in the parts and with the wording
// the API serves, and the answers read back from the form.
import type { ReactNode } from 'react';
import { CheckboxField, CheckboxGroup, textValue, type FieldErrors } from '../../components/form';
import { humanize } from '../../lib/format';
import type { RecordData } from '../../lib/lookups';
import type {
  AnswerField,
  Answers,
  Choice,
  ChoiceField,
  FlagField,
  Question,
  Questionnaire,
  SectorSuggestions,
  SingleQuestion,
  YesNoField,
} from './api';
import {
  AnnexIIIHints,
  areaSuggestion,
  deployerSuggestion,
  pointSuggestion,
  SectorsNote,
} from './sector-hints';

/** The answers' fields, as the API names them in its error pointers. */
export const FIELDS = [
  'union',
  'scope',
  'role',
  'outsideUnion',
  'deployerKind',
  'providerEvents',
  'prohibited',
  'rbi',
  'annexI',
  'annexISection',
  'annexIII',
  'annexIIIPoints',
  'exceptions',
  'profiling',
  'transparency',
  'generalPurposeModel',
  'systemicRisk',
  'openSourceModel',
] as const satisfies readonly AnswerField[];

const FLAG_FIELDS: readonly FlagField[] = [
  'scope',
  'providerEvents',
  'prohibited',
  'rbi',
  'annexIIIPoints',
  'exceptions',
  'transparency',
];
const YES_NO_FIELDS: readonly YesNoField[] = [
  'union',
  'outsideUnion',
  'annexI',
  'profiling',
  'generalPurposeModel',
  'systemicRisk',
  'openSourceModel',
];
/** The choices of each one-of-several answer. */
const choicesOf = (q: Questionnaire, field: ChoiceField): Choice[] =>
  field === 'role' ? q.roles : field === 'deployerKind' ? q.deployerKinds : q.annexISections;

/** The role's label as the questionnaire words it ("Provider and deployer"). */
export const roleLabel = (q: Questionnaire, role: string) =>
  q.roles.find((r) => r.id === role)?.label ?? humanize(role);

/** The answers as the form holds them: a ticked box is a yes. */
export function readAnswers(data: FormData, q: Questionnaire): Answers {
  const flags = (part: FlagField) =>
    Object.fromEntries(q[part].map((x) => [x.id, data.has(`${part}.${x.id}`)]));
  return {
    ...(Object.fromEntries(FLAG_FIELDS.map((f) => [f, flags(f)])) as Pick<Answers, FlagField>),
    ...(Object.fromEntries(YES_NO_FIELDS.map((f) => [f, data.has(f)])) as Record<
      YesNoField,
      boolean
    >),
    // The choices are those the questionnaire offers; the server checks them (400).
    role: (textValue(data, 'role') ?? '') as Answers['role'],
    deployerKind: (textValue(data, 'deployerKind') ??
      q.defaults.deployerKind) as Answers['deployerKind'],
    annexISection: (textValue(data, 'annexISection') ??
      q.defaults.annexISection) as Answers['annexISection'],
    annexIII: data.getAll('annexIII').map(Number),
  };
}

const hintOf = (q: SingleQuestion) => (q.note ? `${q.ref}. ${q.note}` : q.ref);

/** One part of the questionnaire: a group with its legend, an explanation and the API's message. */
function Part({
  legend,
  hint,
  error,
  readOnly,
  children,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  readOnly: boolean;
  children: ReactNode;
}) {
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      disabled={readOnly}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint && <p className="hint part-hint">{hint}</p>}
      {children}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

function Flags({
  qs,
  part,
  answers,
  sectors,
}: {
  qs: Question[];
  part: string;
  answers: Record<string, boolean> | undefined;
  sectors: SectorSuggestions | null;
}) {
  const suggested = (id: string) =>
    part === 'annexIIIPoints' ? pointSuggestion(sectors, id) : null;
  return (
    <>
      {qs.map((x) => (
        <CheckboxField
          key={x.id}
          label={x.question}
          name={`${part}.${x.id}`}
          hint={suggested(x.id) ? `${x.ref}. ${suggested(x.id)}` : x.ref}
          defaultChecked={answers?.[x.id] ?? false}
        />
      ))}
    </>
  );
}

function Field({
  field,
  q,
  answers,
  errors,
  sectors,
}: {
  field: AnswerField;
  q: Questionnaire;
  answers: Answers | null;
  errors: FieldErrors;
  sectors: SectorSuggestions | null;
}) {
  switch (field) {
    case 'role':
    case 'deployerKind':
    case 'annexISection':
      return (
        <div className="aiact-choices" role="radiogroup" aria-label={q.questions[field].question}>
          {field !== 'role' && (
            <p className="hint">
              {q.questions[field].question} {hintOf(q.questions[field])}
            </p>
          )}
          {choicesOf(q, field).map((r) => (
            <div key={r.id}>
              <label className="check">
                <input
                  type="radio"
                  name={field}
                  value={r.id}
                  defaultChecked={
                    (answers ?? (field === 'role' ? null : q.defaults))?.[field] === r.id
                  }
                  aria-describedby={`${field}-${r.id}-note`}
                  aria-invalid={errors[field] ? true : undefined}
                />
                {r.label}
              </label>
              <span className="aiact-choice-note" id={`${field}-${r.id}-note`}>
                {r.note} ({r.ref})
                {field === 'deployerKind' && deployerSuggestion(sectors, r.id) && (
                  <span className="aiact-suggested-text"> {deployerSuggestion(sectors, r.id)}</span>
                )}
              </span>
            </div>
          ))}
        </div>
      );
    case 'annexIII':
      return (
        <>
          <CheckboxGroup
            label={q.questions.annexIII.question}
            name="annexIII"
            required
            options={q.annexIII.map((a) => ({
              value: String(a.n),
              label: `${a.n}. ${a.title}${areaSuggestion(sectors, a.n)}`,
            }))}
            defaultValue={(answers?.annexIII ?? []).map(String)}
            hint={hintOf(q.questions.annexIII)}
            error={errors.annexIII}
          />
          {sectors && <AnnexIIIHints s={sectors} />}
        </>
      );
    case 'union':
    case 'outsideUnion':
    case 'annexI':
    case 'profiling':
    case 'generalPurposeModel':
    case 'systemicRisk':
    case 'openSourceModel':
      return (
        <CheckboxField
          label={q.questions[field].question}
          name={field}
          hint={hintOf(q.questions[field])}
          defaultChecked={(answers ?? q.defaults)[field] ?? q.defaults[field]}
        />
      );
    default:
      return <Flags qs={q[field]} part={field} answers={answers?.[field]} sectors={sectors} />;
  }
}

export function Questions({
  q,
  system,
  answers,
  errors,
  readOnly = false,
  slug,
  sectors = null,
}: {
  q: Questionnaire;
  system: RecordData;
  answers: Answers | null;
  errors: FieldErrors;
  readOnly?: boolean;
  slug?: string;
  /** What the organization's sectors suggest: highlighted beside the questions, never ticked. */
  sectors?: SectorSuggestions | null;
}) {
  const inventoryRoles = Array.isArray(system.aiRoles) ? (system.aiRoles as string[]) : [];
  // The API's messages, each on the part that holds its field; a missing role says what to do.
  const messages: Partial<Record<AnswerField, string>> = {
    ...errors,
    ...(errors.role ? { role: 'Choose the organization’s role for this system.' } : {}),
  };
  return (
    <>
      {slug && sectors && <SectorsNote slug={slug} s={sectors} />}
      {q.parts.map((part) => {
        const error = part.fields
          .filter((f) => f !== 'annexIII')
          .map((f) => messages[f])
          .find(Boolean);
        const hint =
          part.fields.includes('role') && inventoryRoles.length > 0 ? (
            <>
              {q.questions.role.question} The inventory records these AI roles for the system:{' '}
              {inventoryRoles.map(humanize).join(', ')}. {part.note}
            </>
          ) : part.fields.includes('role') ? (
            `${q.questions.role.question} ${part.note ?? ''}`
          ) : (
            part.note
          );
        return (
          <Part
            key={part.id}
            legend={`${part.title} (${part.ref})`}
            hint={hint}
            error={error}
            readOnly={readOnly}
          >
            {part.fields.map((f) => (
              <Field key={f} field={f} q={q} answers={answers} errors={errors} sectors={sectors} />
            ))}
          </Part>
        );
      })}
    </>
  );
}
