// Moving an AI system to another life cycle stage. When the gate into the stage fails, the server
// refuses with each unmet criterion; the form shows them, and offers a manager or owner to move
// anyway with a written justification, which is kept with the move.
import { useState } from 'react';
import { ApiError, can, type FieldError, type Membership } from '../../api';
import { Alert, SelectField, TextAreaField, textValue, useSubmission } from '../../components/form';
import { humanize } from '../../lib/format';
import type { RecordData } from '../../lib/lookups';
import { lifecycleApi, nextStages, STAGES } from './api';

interface Refusal {
  stage: string;
  detail: string;
  unmet: FieldError[];
}

export function MoveForm({
  membership,
  system,
  onMoved,
}: {
  membership: Membership;
  system: RecordData;
  onMoved: (next: RecordData, message: string) => void;
}) {
  const slug = membership.slug;
  const current = String(system.lifecycleStage);
  const allowed = nextStages(system);
  // Offer the stage after the current one first, when the server allows it.
  const following = STAGES.slice(STAGES.indexOf(current as (typeof STAGES)[number]) + 1);
  const next = following.find((s) => allowed.includes(s)) ?? allowed[0];
  const options = allowed.map((s) => ({ value: s, label: humanize(s) }));
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const mayOverride = can(membership, 'gates.override');
  const form = useSubmission(['toStage', 'reason', 'gateOverride'], async (data, el) => {
    const chosen = textValue(data, 'toStage');
    const toStage = allowed.find((s) => s === chosen);
    if (!toStage) throw new Error('Choose the stage to move to.');
    const gateOverride = refusal?.stage === toStage ? textValue(data, 'gateOverride') : undefined;
    try {
      const moved = await lifecycleApi.move(slug, system, {
        toStage,
        reason: textValue(data, 'reason') ?? '',
        ...(gateOverride ? { gateOverride } : {}),
      });
      el.reset();
      setRefusal(null);
      onMoved(
        moved,
        gateOverride
          ? `Moved to ${humanize(toStage)}, overriding its gate; the justification is kept with the move.`
          : `Moved to ${humanize(toStage)}.`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 'GATE_FAILED') {
        setRefusal({ stage: toStage, detail: e.problem.detail, unmet: e.problem.errors ?? [] });
        return;
      }
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'This system changed since the page was loaded. Reload the page and try again.',
        );
      throw e;
    }
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      className="subform"
      aria-labelledby="move-title"
    >
      <h3 id="move-title">Move to stage</h3>
      <Alert>{form.formError}</Alert>
      <div className="grid">
        <SelectField
          key={current}
          label="New stage"
          name="toStage"
          options={options}
          defaultValue={next}
          onChange={(e) => {
            if (refusal && e.target.value !== refusal.stage) setRefusal(null);
          }}
          error={form.fieldErrors.toStage}
        />
      </div>
      <TextAreaField
        label="Reason"
        name="reason"
        required
        rows={2}
        hint="Why the system moves now: the decision, review or evidence behind it."
        error={form.fieldErrors.reason}
      />
      {refusal && (
        <div className="alert alert-error gate-refusal" role="alert">
          <p>
            <strong>Not moved.</strong> {refusal.detail}
          </p>
          <ul aria-label="Unmet criteria">
            {refusal.unmet.map((u) => (
              <li key={u.pointer}>{u.message}</li>
            ))}
          </ul>
          {!mayOverride && <p>Only a manager or owner may override a failed gate.</p>}
        </div>
      )}
      {refusal && mayOverride && (
        <TextAreaField
          label="Justification for overriding the gate"
          name="gateOverride"
          required
          rows={3}
          hint="Why the system moves although these criteria are not met. It is kept with the move, in the ledger, and shown on readiness (8.1)."
          error={form.fieldErrors.gateOverride}
        />
      )}
      <button type="submit" className="button primary" disabled={form.busy}>
        {form.busy ? 'Moving…' : refusal && mayOverride ? 'Override the gate and move' : 'Move'}
      </button>
    </form>
  );
}
