// The questions of the EU AI Act questionnaire as form fields, grouped by part of the Act, and
// the answers read back from the form.
import type { ReactNode } from 'react';
import { CheckboxField, CheckboxGroup, textValue, type FieldErrors } from '../../components/form';
import { humanize } from '../../lib/format';
import type { RecordData } from '../../lib/lookups';
import { AI_ACT_ROLES, type AiActRole, type Answers, type Question, type Questionnaire } from './api';

/** The answers' fields, as the API names them in its error pointers. */
export const FIELDS = ['role', 'prohibited', 'annexI', 'annexIII', 'exceptions', 'profiling', 'transparency', 'generalPurposeModel', 'systemicRisk'] as const;

export const ROLE_LABEL: Record<AiActRole, string> = {
  provider: 'Provider',
  deployer: 'Deployer',
  both: 'Provider and deployer',
};
const ROLE_NOTE: Record<AiActRole, string> = {
  provider: 'The organization develops the system, or has it developed, and offers it or puts it into service under its own name or trademark.',
  deployer: 'The organization uses a system someone else provides, under its own authority and for its professional activity.',
  both: 'The organization provides the system and also uses it itself.',
};
export const ROLE_WORDS: Record<AiActRole, string> = { provider: 'provider', deployer: 'deployer', both: 'provider and deployer' };

/** The answers as the form holds them: a ticked box is a yes. */
export function readAnswers(data: FormData, q: Questionnaire): Answers {
  const flags = (qs: Question[], part: string) => Object.fromEntries(qs.map((x) => [x.id, data.has(`${part}.${x.id}`)]));
  return {
    role: (textValue(data, 'role') ?? '') as AiActRole,
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

/** One part of the questionnaire: a group with its legend, an explanation and the API's message. */
function Part({ legend, hint, error, readOnly, children }: { legend: string; hint?: ReactNode; error?: string | undefined; readOnly: boolean; children: ReactNode }) {
  return (
    <fieldset className={error ? 'field fieldset field-invalid' : 'field fieldset'} disabled={readOnly} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && <p className="hint part-hint">{hint}</p>}
      {children}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

function Flags({ qs, part, answers }: { qs: Question[]; part: string; answers: Record<string, boolean> | undefined }) {
  return (
    <>
      {qs.map((x) => (
        <CheckboxField key={x.id} label={x.question} name={`${part}.${x.id}`} hint={x.ref} defaultChecked={answers?.[x.id] ?? false} />
      ))}
    </>
  );
}

export function Questions({ q, system, answers, errors, readOnly = false }: { q: Questionnaire; system: RecordData; answers: Answers | null; errors: FieldErrors; readOnly?: boolean }) {
  const inventoryRoles = Array.isArray(system.aiRoles) ? (system.aiRoles as string[]) : [];
  return (
    <>
      <Part
        legend="The organization's role"
        readOnly={readOnly}
        error={errors.role && 'Choose the organization’s role for this system.'}
        hint={inventoryRoles.length > 0 ? `The inventory records these AI roles for the system: ${inventoryRoles.map(humanize).join(', ')}.` : undefined}
      >
        <div className="aiact-choices">
          {AI_ACT_ROLES.map((r) => (
            <div key={r}>
              <label className="check">
                <input type="radio" name="role" value={r} defaultChecked={answers?.role === r} aria-describedby={`role-${r}-note`} aria-invalid={errors.role ? true : undefined} />
                {ROLE_LABEL[r]}
              </label>
              <span className="aiact-choice-note" id={`role-${r}-note`}>
                {ROLE_NOTE[r]}
              </span>
            </div>
          ))}
        </div>
      </Part>

      <Part legend="Prohibited practices (Art. 5)" readOnly={readOnly} error={errors.prohibited} hint="A yes to any of these makes the proposal Prohibited, whatever the other answers.">
        <Flags qs={q.prohibited} part="prohibited" answers={answers?.prohibited} />
      </Part>

      <Part legend="High-risk products and uses (Art. 6(1) and 6(2))" readOnly={readOnly} error={errors.annexI}>
        <CheckboxField
          label="The system is a product, or a safety component of a product, covered by the EU product laws listed in Annex I, and that product needs a conformity assessment by a third party."
          name="annexI"
          hint="Art. 6(1), Annex I"
          defaultChecked={answers?.annexI ?? false}
        />
        <CheckboxGroup
          label="Annex III areas the system's intended purpose falls in"
          name="annexIII"
          required
          options={q.annexIII.map((a) => ({ value: String(a.n), label: `${a.n}. ${a.title}` }))}
          defaultValue={(answers?.annexIII ?? []).map(String)}
          hint="Art. 6(2), Annex III. Annex III names specific uses under each area: tick an area only if the system's use is one of them. Leave all empty when none applies."
          error={errors.annexIII}
        />
      </Part>

      <Part
        legend="Exceptions for Annex III uses (Art. 6(3))"
        readOnly={readOnly}
        error={errors.exceptions ?? errors.profiling}
        hint="These count only when an Annex III area is ticked. If at least one exception applies and the system profiles no one, it is not high-risk, but the provider must document why before offering it."
      >
        <Flags qs={q.exceptions} part="exceptions" answers={answers?.exceptions} />
        <CheckboxField
          label="The system profiles people: it evaluates or predicts personal aspects of individuals, such as work performance, finances, health, preferences, behaviour or location, from their personal data."
          name="profiling"
          hint="Art. 6(3). Profiling rules out every exception: a profiling system in an Annex III area is always high-risk."
          defaultChecked={answers?.profiling ?? false}
        />
      </Part>

      <Part legend="Transparency cases (Art. 50)" readOnly={readOnly} error={errors.transparency} hint="Each of these obliges the organization to tell people something. On their own they make the proposal Limited risk.">
        <Flags qs={q.transparency} part="transparency" answers={answers?.transparency} />
      </Part>

      <Part legend="General-purpose AI models (Chapter V)" readOnly={readOnly} error={errors.generalPurposeModel ?? errors.systemicRisk}>
        <CheckboxField
          label="The system is, or is built on, a general-purpose AI model that the organization itself provides."
          name="generalPurposeModel"
          hint="Art. 53. Answer yes only when the organization is the provider of that model."
          defaultChecked={answers?.generalPurposeModel ?? false}
        />
        <CheckboxField
          label="That model has systemic risk, for example because it was trained with more than 10²⁵ floating-point operations."
          name="systemicRisk"
          hint="Art. 51 and Art. 55. Counts only together with the box above."
          defaultChecked={answers?.systemicRisk ?? false}
        />
      </Part>
    </>
  );
}
