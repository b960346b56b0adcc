// The steps of an incident: moving it between open, contained and resolved; deciding whether it
// is serious (managers and owners), which starts the reporting clocks; and closing it. The server
// says which steps the reader may take and why closing is not possible yet.
import { useState } from 'react';
import { ApiError, type Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Section } from '../../components/page';
import { messageOf } from '../../lib/data';
import { incidentsApi, SERIOUS_CASES, type Incident } from './api';
import { CASE_WORD, fromLocalInput, STATUS_WORD, toLocalInput } from './words';

const stale = (e: unknown) =>
  e instanceof ApiError && e.code === 'VERSION_MISMATCH'
    ? new Error(
        'Someone changed this incident since the page was loaded. Reload the page and try again.',
      )
    : e;

export function StatusPanel({
  membership,
  incident: i,
  onSaved,
}: {
  membership: Membership;
  incident: Incident;
  onSaved: (i: Incident, message: string) => void;
}) {
  const slug = membership.slug;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const run = async (what: () => Promise<Incident>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await what();
      setNote('');
      onSaved(saved, message);
    } catch (e) {
      setError(messageOf(stale(e)));
    } finally {
      setBusy(false);
    }
  };
  if (i.status === 'closed') return null;
  return (
    <Section
      id="status"
      title="Status"
      intro={
        <p>
          Open → contained → resolved → closed. A manager or owner closes a resolved incident once
          its containment and root cause are recorded and every report due has been sent.
        </p>
      }
    >
      {(i.nextStatuses.length > 0 || i.abilities.close) && (
        <TextField
          label="Note for the timeline"
          name="statusNote"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      )}
      <div className="actions">
        {i.nextStatuses.map((s) => (
          <button
            key={s}
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => incidentsApi.setStatus(slug, i, { status: s, ...(note ? { note } : {}) }),
                `The incident is ${STATUS_WORD[s].toLowerCase()}.`,
              )
            }
          >
            Mark {STATUS_WORD[s].toLowerCase()}
          </button>
        ))}
        {i.abilities.close && (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() =>
              void run(
                () => incidentsApi.close(slug, i, note ? { note } : {}),
                'The incident is closed.',
              )
            }
          >
            Close the incident
          </button>
        )}
      </div>
      {!i.abilities.close && i.closeBlockers.length > 0 && (
        <div className="hint" aria-label="Before it can be closed">
          <p>Before it can be closed:</p>
          <ul>
            {i.closeBlockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      )}
      <Alert>{error}</Alert>
    </Section>
  );
}

export function ClassifyPanel({
  membership,
  incident: i,
  onSaved,
}: {
  membership: Membership;
  incident: Incident;
  onSaved: (i: Incident, message: string) => void;
}) {
  const slug = membership.slug;
  const [serious, setSerious] = useState(i.serious || !i.seriousDecidedAt ? 'yes' : 'no');
  const sub = useSubmission(['serious', 'seriousCase', 'awareAt', 'reason'], async (data, form) => {
    const yes = textValue(data, 'serious') === 'yes';
    const awareAt = fromLocalInput(textValue(data, 'awareAt'));
    const body = {
      serious: yes,
      reason: textValue(data, 'reason') ?? '',
      ...(yes ? { seriousCase: textValue(data, 'seriousCase') ?? 'other' } : {}),
      ...(yes && awareAt && textValue(data, 'awareAt') !== toLocalInput(i.awareAt)
        ? { awareAt }
        : {}),
    };
    try {
      const saved = await incidentsApi.classify(slug, i, body);
      form.reset();
      onSaved(
        saved,
        yes
          ? 'The incident is marked serious: its reporting clocks are running.'
          : 'The incident is recorded as not serious.',
      );
    } catch (e) {
      throw stale(e);
    }
  });
  if (!i.abilities.classify) return null;
  return (
    <Section
      id="classify"
      title="Serious incident?"
      intro={
        <p>
          A serious incident (EU AI Act Art. 3(49)) must be reported to the market surveillance
          authority; where the organization says NIS2 or DORA apply, their reports are due too.
          Deciding it is serious starts the clocks, counted from when the organization became aware
          of it.
        </p>
      }
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Decide whether the incident is serious"
        noValidate
        className="record-form"
      >
        <SelectField
          label="Serious incident"
          name="serious"
          value={serious}
          onChange={(e) => setSerious(e.target.value)}
          options={[
            { value: 'yes', label: 'Yes, a serious incident' },
            { value: 'no', label: 'No, not a serious incident' },
          ]}
          error={sub.fieldErrors.serious}
        />
        {serious === 'yes' && (
          <div className="form-grid">
            <SelectField
              label="Which case"
              name="seriousCase"
              defaultValue={i.seriousCase ?? 'other'}
              options={SERIOUS_CASES.map((c) => ({ value: c, label: CASE_WORD[c] }))}
              hint="It sets the time limit of the EU AI Act report (Art. 73(2) to (4))."
              error={sub.fieldErrors.seriousCase}
            />
            <TextField
              label="Aware since"
              name="awareAt"
              type="datetime-local"
              defaultValue={toLocalInput(i.awareAt ?? i.detectedAt)}
              hint="When the organization became aware of the serious incident (your time zone)."
              error={sub.fieldErrors.awareAt}
            />
          </div>
        )}
        <TextAreaField
          label="Why"
          name="reason"
          required
          rows={3}
          defaultValue=""
          error={sub.fieldErrors.reason}
        />
        <Alert>{sub.formError}</Alert>
        <div className="actions">
          <button type="submit" className="button primary" disabled={sub.busy}>
            {sub.busy ? 'Saving…' : 'Record the decision'}
          </button>
        </div>
      </form>
    </Section>
  );
}
