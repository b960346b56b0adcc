// The questions of the EU AI Act questionnaire as form fields, in the parts and with the wording
// the API serves, and the answers read back from the form.
import type { ReactNode } from 'react';
import { CheckboxField, CheckboxGroup, textValue, type FieldErrors } from '../../components/form';
import { humanize } from '../../lib/format';
import type { RecordData } from '../../lib/lookups';
import type { AnswerField, Answers, Question, Questionnaire, SingleQuestion } from './api';

/** The answers' fields, as the API names them in its error pointers. */
export const FIELDS = [
  'role',
  'prohibited',
  'annexI',
  'annexIII',
  'exceptions',
  'profiling',
  'transparency',
  'generalPurposeModel',
  'systemicRisk',
] as const satisfies readonly AnswerField[];

/** The role's label as the questionnaire words it ("Provider and deployer"). */
export const roleLabel = (q: Questionnaire, role: string) =>
  q.roles.find((r) => r.id === role)?.label ?? humanize(role);

/** The answers as the form holds them: a ticked box is a yes. */
export function readAnswers(data: FormData, q: Questionnaire): Answers {
  const flags = (qs: Question[], part: string) =>
    Object.fromEntries(qs.map((x) => [x.id, data.has(`${part}.${x.id}`)]));
  return {
    role: textValue(data, 'role') ?? '',
    prohibited: flags(q.prohibited, 'prohibited'),
    annexI: data.has('annexI'),
    annexIII: data.getAll('annexIII').map(Number),
    exceptions: flags(q.exceptions, 'exceptions'),
    profiling: data.has('profiling'),
    transparency: flags(q.transparency, 'transparency'),
    generalPurposeModel: data.has('generalPurposeModel'),
    systemicRisk: data.has('systemicRisk'),
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
}: {
  qs: Question[];
  part: string;
  answers: Record<string, boolean> | undefined;
}) {
  return (
    <>
      {qs.map((x) => (
        <CheckboxField
          key={x.id}
          label={x.question}
          name={`${part}.${x.id}`}
          hint={x.ref}
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
}: {
  field: AnswerField;
  q: Questionnaire;
  answers: Answers | null;
  errors: FieldErrors;
}) {
  switch (field) {
    case 'role':
      return (
        <div className="aiact-choices">
          {q.roles.map((r) => (
            <div key={r.id}>
              <label className="check">
                <input
                  type="radio"
                  name="role"
                  value={r.id}
                  defaultChecked={answers?.role === r.id}
                  aria-describedby={`role-${r.id}-note`}
                  aria-invalid={errors.role ? true : undefined}
                />
                {r.label}
              </label>
              <span className="aiact-choice-note" id={`role-${r.id}-note`}>
                {r.note} ({r.ref})
              </span>
            </div>
          ))}
        </div>
      );
    case 'prohibited':
    case 'exceptions':
    case 'transparency':
      return <Flags qs={q[field]} part={field} answers={answers?.[field]} />;
    case 'annexIII':
      return (
        <CheckboxGroup
          label={q.questions.annexIII.question}
          name="annexIII"
          required
          options={q.annexIII.map((a) => ({ value: String(a.n), label: `${a.n}. ${a.title}` }))}
          defaultValue={(answers?.annexIII ?? []).map(String)}
          hint={hintOf(q.questions.annexIII)}
          error={errors.annexIII}
        />
      );
    case 'annexI':
    case 'profiling':
    case 'generalPurposeModel':
    case 'systemicRisk':
      return (
        <CheckboxField
          label={q.questions[field].question}
          name={field}
          hint={hintOf(q.questions[field])}
          defaultChecked={answers?.[field] ?? false}
        />
      );
  }
}

export function Questions({
  q,
  system,
  answers,
  errors,
  readOnly = false,
}: {
  q: Questionnaire;
  system: RecordData;
  answers: Answers | null;
  errors: FieldErrors;
  readOnly?: boolean;
}) {
  const inventoryRoles = Array.isArray(system.aiRoles) ? (system.aiRoles as string[]) : [];
  // The API's messages, each on the part that holds its field; a missing role says what to do.
  const messages: Partial<Record<AnswerField, string>> = {
    ...errors,
    ...(errors.role ? { role: 'Choose the organization’s role for this system.' } : {}),
  };
  return (
    <>
      {q.parts.map((part) => {
        const error = part.fields
          .filter((f) => f !== 'annexIII')
          .map((f) => messages[f])
          .find(Boolean);
        const hint =
          part.fields.includes('role') && inventoryRoles.length > 0 ? (
            <>
              {q.questions.role.question} The inventory records these AI roles for the system:{' '}
              {inventoryRoles.map(humanize).join(', ')}.
            </>
          ) : part.fields.includes('role') ? (
            q.questions.role.question
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
              <Field key={f} field={f} q={q} answers={answers} errors={errors} />
            ))}
          </Part>
        );
      })}
    </>
  );
}
