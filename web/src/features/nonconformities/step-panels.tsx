// The steps that end a cycle: the effectiveness check (by someone independent of the corrective
// actions; the server decides who may), closure, and reopening with its reason.
import { useRef } from 'react';
import { Alert, TextAreaField, textValue } from '../../components/form';
import { Section } from '../../components/page';
import { ncApi } from './api';
import type { PanelProps } from './nonconformity-page';
import { useStep } from './status';

export function VerifyPanel({ slug, nc, onDone, onStale }: PanelProps) {
  const effective = useRef(true);
  const sub = useStep(['note'], onStale, async (data) => {
    const next = await ncApi.verify(slug, nc, effective.current, textValue(data, 'note') ?? '');
    onDone(
      next,
      effective.current
        ? 'The corrective actions are found effective.'
        : 'The corrective actions are found not effective: plan new ones for the next cycle.',
    );
  });
  return (
    <Section
      id="effectiveness"
      title="Effectiveness check"
      intro="Check whether the corrective actions removed the cause: has the nonconformity, or one like it, happened since?"
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Check effectiveness"
        className="record-form"
      >
        <TextAreaField
          label="What was checked"
          name="note"
          required
          rows={3}
          hint="The evidence looked at, and what it showed."
          error={sub.fieldErrors.note}
        />
        <Alert>{sub.formError}</Alert>
        <div className="actions">
          <button
            type="submit"
            className="button primary"
            disabled={sub.busy}
            onClick={() => (effective.current = true)}
          >
            Effective
          </button>
          <button
            type="submit"
            className="button danger-outline"
            disabled={sub.busy}
            onClick={() => (effective.current = false)}
          >
            Not effective
          </button>
        </div>
      </form>
    </Section>
  );
}

export function ClosePanel({ slug, nc, onDone, onStale }: PanelProps) {
  const sub = useStep(['note'], onStale, async (data) => {
    const next = await ncApi.close(slug, nc, textValue(data, 'note') ?? null);
    onDone(next, `${nc.reference} is closed.`);
  });
  return (
    <Section id="closure" title="Closure">
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Close the nonconformity"
        className="record-form"
      >
        <TextAreaField
          label="Note"
          name="note"
          rows={2}
          hint="Anything to add, such as changes made to the AIMS."
          error={sub.fieldErrors.note}
        />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Closing…' : 'Close the nonconformity'}
        </button>
      </form>
    </Section>
  );
}

export function ReopenPanel({ slug, nc, onDone, onStale }: PanelProps) {
  const sub = useStep(['reason'], onStale, async (data) => {
    const next = await ncApi.reopen(slug, nc, textValue(data, 'reason') ?? '');
    onDone(next, `${nc.reference} is reopened.`);
  });
  return (
    <Section
      id="reopen"
      title="Reopen"
      intro="If it happened again, or the check was wrong: a new cycle starts, and everything recorded so far stays."
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        aria-label="Reopen the nonconformity"
        className="record-form"
      >
        <TextAreaField
          label="Reason"
          name="reason"
          required
          rows={2}
          error={sub.fieldErrors.reason}
        />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button danger-outline" disabled={sub.busy}>
          {sub.busy ? 'Reopening…' : 'Reopen the nonconformity'}
        </button>
      </form>
    </Section>
  );
}
