// The steps of a planned change after its proposal, each a small form with a note: a manager or
// owner approves or rejects it (a rejection needs its reason) and later records it as
// implemented; the proposer may withdraw it while it waits. Step shows one recorded step.
import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api';
import { Alert, TextAreaField, textValue, useSubmission } from '../../components/form';
import { Section, When } from '../../components/page';
import { planningApi, type AimsChange, type ChangeDecision, type ChangeStepRecord } from './api';
import { STEP_NOTE, STEP_WORD } from './words';

/** A member a change names (its `names` from the server), or who else took a step. */
export const memberOf = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'a former member') : 'the server operator';

/** One step of the change: what was decided, by whom, when, and the note given with it. */
export function Step({
  step,
  names,
}: {
  step: ChangeStepRecord;
  names: Readonly<Record<string, string>>;
}) {
  return (
    <div className="change-step">
      <p>
        {STEP_WORD[step.decision]} by <strong>{memberOf(names, step.memberId)}</strong> on{' '}
        <When at={step.at} />.
      </p>
      {step.note && (
        <p className="prewrap change-note">
          <span className="change-note-label">{STEP_NOTE[step.decision]}:</span> {step.note}
        </p>
      )}
    </div>
  );
}

export interface PanelProps {
  slug: string;
  change: AimsChange;
  onDone: (c: AimsChange, message: string) => void;
  onStale: () => void;
}

/**
 * A form that sends one step with its note. A note the API refuses (a rejection without a reason)
 * shows on the note field; a change decided meanwhile reloads the page.
 */
function useStep(onStale: () => void, send: (note: string | null) => Promise<void>) {
  return useSubmission(['note'], async (data) => {
    try {
      await send(textValue(data, 'note') ?? null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') {
        onStale();
        throw new Error(
          'Someone else acted on this change meanwhile. The page now shows where it stands.',
        );
      }
      throw e;
    }
  });
}

const DECIDED: Record<ChangeDecision, string> = {
  approved: 'The change is approved.',
  rejected: 'The change is rejected.',
  implemented: 'The change is recorded as implemented.',
};

/** Approve and reject, each as the server allows the signed-in member (change.abilities). */
export function DecisionPanel({ slug, change, onDone, onStale }: PanelProps) {
  const intent = useRef<ChangeDecision>('approved');
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const sub = useStep(onStale, async (text) => {
    const decision = intent.current;
    const next = await planningApi.decide(slug, change, decision, text);
    onDone(next, DECIDED[decision]);
  });
  const busy = (d: ChangeDecision, idle: string, working: string) =>
    sub.busy && intent.current === d ? working : idle;
  return (
    <Section id="decide" title="Decide">
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Decide on the change"
        className="record-form"
      >
        <Alert>{sub.formError}</Alert>
        <TextAreaField
          label={rejecting ? 'Reason for the rejection' : 'Note'}
          name="note"
          required={rejecting}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          hint={
            rejecting
              ? 'Why the change will not be made. It stays with the change for the proposer and for audits.'
              : 'Anything the approval rests on or depends on, such as when to start. A rejection needs a reason.'
          }
          error={sub.fieldErrors.note}
        />
        {/* Keyed, so the button just clicked is replaced rather than turned into a submit button while its click is handled. */}
        {rejecting ? (
          <div key="confirm" className="confirm" role="group" aria-label="Confirm the rejection">
            <span>A rejected change cannot be reopened. Reject it?</span>
            <button
              type="submit"
              className="button danger-outline"
              disabled={sub.busy}
              onClick={() => (intent.current = 'rejected')}
            >
              {busy('rejected', 'Yes, reject it', 'Rejecting…')}
            </button>
            <button
              type="button"
              className="button"
              disabled={sub.busy}
              onClick={() => {
                sub.clear();
                setRejecting(false);
              }}
            >
              Keep it proposed
            </button>
          </div>
        ) : (
          <div key="actions" className="actions">
            {change.abilities.approve && (
              <button
                type="submit"
                className="button primary"
                disabled={sub.busy}
                onClick={() => (intent.current = 'approved')}
              >
                {busy('approved', 'Approve the change', 'Approving…')}
              </button>
            )}
            {change.abilities.reject && (
              <button
                type="button"
                className="button danger-outline"
                disabled={sub.busy}
                onClick={() => {
                  sub.clear();
                  setRejecting(true);
                }}
              >
                Reject the change
              </button>
            )}
          </div>
        )}
      </form>
    </Section>
  );
}

export function ImplementationPanel({ slug, change, onDone, onStale }: PanelProps) {
  const sub = useStep(onStale, async (note) => {
    const next = await planningApi.decide(slug, change, 'implemented', note);
    onDone(next, DECIDED.implemented);
  });
  return (
    <Section
      id="decide"
      title="Implementation"
      intro="Once the change has been made, record it as implemented."
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Record the implementation"
        className="record-form"
      >
        <Alert>{sub.formError}</Alert>
        <TextAreaField
          label="What was done"
          name="note"
          rows={3}
          hint="For instance where the new procedure is written down, or what differs from the plan."
          error={sub.fieldErrors.note}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={sub.busy}>
            {sub.busy ? 'Recording…' : 'Record as implemented'}
          </button>
        </div>
      </form>
    </Section>
  );
}

export function WithdrawPanel({ slug, change, onDone, onStale }: PanelProps) {
  const [confirming, setConfirming] = useState(false);
  const sub = useStep(onStale, async (note) => {
    const next = await planningApi.withdraw(slug, change, note);
    onDone(next, 'The proposal is withdrawn.');
  });
  let actions: ReactNode = (
    <div key="actions" className="actions">
      <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
        Withdraw the proposal
      </button>
    </div>
  );
  if (confirming) {
    actions = (
      <div key="confirm" className="confirm" role="group" aria-label="Confirm the withdrawal">
        <span>A withdrawn change cannot be reopened. Withdraw it?</span>
        <button type="submit" className="button danger-outline" disabled={sub.busy}>
          {sub.busy ? 'Withdrawing…' : 'Yes, withdraw it'}
        </button>
        <button
          type="button"
          className="button"
          disabled={sub.busy}
          onClick={() => setConfirming(false)}
        >
          Keep it proposed
        </button>
      </div>
    );
  }
  return (
    <Section
      id="withdraw"
      title="Withdraw"
      intro="You proposed this change, so you may withdraw it while it waits for a decision."
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Withdraw the proposal"
        className="record-form"
      >
        <Alert>{sub.formError}</Alert>
        <TextAreaField
          label="Reason"
          name="note"
          rows={2}
          hint="Why the change is no longer needed."
          error={sub.fieldErrors.note}
        />
        {actions}
      </form>
    </Section>
  );
}
