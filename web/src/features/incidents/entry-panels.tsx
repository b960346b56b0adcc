// What is added to an incident over time: its timeline, what was communicated and to whom
// (reports to authorities fulfil the reporting clocks), and the risks it is linked to.
import { useState } from 'react';
import type { Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Badge, Section, When } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { messageOf, useData } from '../../lib/data';
import { humanize, optionsOf } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { memberOf } from '../impact/status';
import { CHANNELS, incidentsApi, type Incident } from './api';
import { CLOCK_TITLE, fromLocalInput, toLocalInput } from './words';

const nowInput = () => toLocalInput(new Date().toISOString());

export function TimelinePanel({
  membership,
  incident: i,
  refresh,
  onAdded,
}: {
  membership: Membership;
  incident: Incident;
  refresh: number;
  onAdded: () => void;
}) {
  const slug = membership.slug;
  const entries = useData(
    `${slug}|incident-timeline|${i.id}`,
    () => incidentsApi.timeline(slug, i.id),
    refresh,
  );
  const sub = useSubmission(['kind', 'at', 'entry'], async (data, form) => {
    await incidentsApi.addEntry(slug, i.id, {
      kind: textValue(data, 'kind') ?? 'observation',
      entry: textValue(data, 'entry') ?? '',
      ...(textValue(data, 'at') ? { at: fromLocalInput(textValue(data, 'at')) } : {}),
    });
    form.reset();
    onAdded();
  });
  const sorted = [...(entries.data ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Section
      id="timeline"
      title="Timeline"
      intro={<p>What happened and what was done, in order.</p>}
    >
      {!entries.data ? (
        <p className="muted">{entries.error ?? 'Loading…'}</p>
      ) : (
        <ol className="incident-timeline">
          {sorted.map((e) => (
            <li key={e.id}>
              <div className="timeline-meta muted">
                <When at={e.at} /> · {humanize(e.kind)} · {memberOf(e.names, e.memberId)}
              </div>
              <div className="prewrap">{e.entry}</div>
            </li>
          ))}
        </ol>
      )}
      {i.abilities.addEntry && (
        <form
          ref={sub.formRef}
          onSubmit={sub.onSubmit}
          aria-label="Add to the timeline"
          noValidate
          className="record-form"
        >
          <div className="form-grid">
            <SelectField
              label="Kind"
              name="kind"
              options={[
                { value: 'observation', label: 'What happened' },
                { value: 'action', label: 'What was done' },
              ]}
              error={sub.fieldErrors.kind}
            />
            <TextField
              label="When"
              name="at"
              type="datetime-local"
              defaultValue={nowInput()}
              hint="Your time zone."
              error={sub.fieldErrors.at}
            />
          </div>
          <TextAreaField
            label="Entry"
            name="entry"
            required
            rows={2}
            hint="What happened or what was done, and by whom."
            error={sub.fieldErrors.entry}
          />
          <Alert>{sub.formError}</Alert>
          <button type="submit" className="button" disabled={sub.busy}>
            Add to the timeline
          </button>
        </form>
      )}
    </Section>
  );
}

const MESSAGE_FIELDS = ['recipient', 'sentAt', 'channel', 'summary', 'reference'];
const message = (data: FormData) => ({
  recipient: textValue(data, 'recipient') ?? '',
  sentAt: fromLocalInput(textValue(data, 'sentAt')) ?? '',
  channel: textValue(data, 'channel') ?? 'email',
  summary: textValue(data, 'summary') ?? '',
  reference: textValue(data, 'reference') ?? null,
});

function MessageFields({
  errors,
  recipientHint,
}: {
  errors: Record<string, string>;
  recipientHint: string;
}) {
  return (
    <>
      <div className="form-grid">
        <TextField
          label="To"
          name="recipient"
          required
          hint={recipientHint}
          error={errors.recipient}
        />
        <TextField
          label="Sent"
          name="sentAt"
          type="datetime-local"
          required
          defaultValue={nowInput()}
          hint="When it was sent (your time zone)."
          error={errors.sentAt}
        />
        <SelectField
          label="Channel"
          name="channel"
          options={optionsOf(CHANNELS)}
          error={errors.channel}
        />
      </div>
      <TextAreaField
        label="What was said"
        name="summary"
        required
        rows={2}
        error={errors.summary}
      />
      <TextField
        label="Their reference"
        name="reference"
        hint="A case number the recipient gave, if any."
        error={errors.reference}
      />
    </>
  );
}

export function CommunicationsPanel({
  membership,
  incident: i,
  refresh,
  onAdded,
}: {
  membership: Membership;
  incident: Incident;
  refresh: number;
  onAdded: (message: string) => void;
}) {
  const slug = membership.slug;
  const list = useData(
    `${slug}|incident-communications|${i.id}`,
    () => incidentsApi.communications(slug, i.id),
    refresh,
  );
  const open = i.clocks.filter((c) => c.state !== 'waiting');
  const report = useSubmission(['clock', ...MESSAGE_FIELDS], async (data, form) => {
    const clock = (textValue(data, 'clock') ?? '') as (typeof open)[number]['key'];
    await incidentsApi.report(slug, i.id, { clock, ...message(data) });
    form.reset();
    onAdded(`The ${CLOCK_TITLE[clock]} is recorded as sent.`);
  });
  const other = useSubmission(['audience', ...MESSAGE_FIELDS], async (data, form) => {
    await incidentsApi.communicate(slug, i.id, {
      audience: textValue(data, 'audience') ?? 'interested_party',
      ...message(data),
    });
    form.reset();
    onAdded('The communication is recorded.');
  });
  return (
    <Section
      id="communications"
      title="Communications and reports"
      intro={
        <p>
          What was communicated to interested parties (A.8.3, A.8.5) and reported to authorities, to
          whom and when. A report recorded against a clock stops it.
        </p>
      }
    >
      {!list.data ? (
        <p className="muted">{list.error ?? 'Loading…'}</p>
      ) : list.data.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Communications">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">To</th>
                <th scope="col">Channel</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <When at={c.sentAt} />
                  </td>
                  <th scope="row">
                    {c.recipient}{' '}
                    {c.fulfils ? (
                      <Badge tone="info">{CLOCK_TITLE[c.fulfils]}</Badge>
                    ) : (
                      <Badge>{c.audience === 'authority' ? 'Authority' : 'Interested party'}</Badge>
                    )}
                  </th>
                  <td>{humanize(c.channel)}</td>
                  <td className="prewrap">
                    {c.summary}
                    {c.reference && <span className="muted"> (ref. {c.reference})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {i.abilities.report && open.length > 0 && (
        <form
          ref={report.formRef}
          onSubmit={report.onSubmit}
          aria-label="Record a report to an authority"
          noValidate
          className="record-form subform"
        >
          <h3>Record a report to an authority</h3>
          <SelectField
            label="Report"
            name="clock"
            options={open.map((c) => ({ value: c.key, label: c.title }))}
            error={report.fieldErrors.clock}
          />
          <MessageFields errors={report.fieldErrors} recipientHint="The authority it went to." />
          <Alert>{report.formError}</Alert>
          <button type="submit" className="button primary" disabled={report.busy}>
            Record the report
          </button>
        </form>
      )}
      {i.abilities.communicate && (
        <form
          ref={other.formRef}
          onSubmit={other.onSubmit}
          aria-label="Record a communication"
          noValidate
          className="record-form subform"
        >
          <h3>Record a communication</h3>
          <SelectField
            label="Audience"
            name="audience"
            options={[
              { value: 'interested_party', label: 'An interested party' },
              { value: 'authority', label: 'An authority (not a report against a clock)' },
            ]}
            error={other.fieldErrors.audience}
          />
          <MessageFields
            errors={other.fieldErrors}
            recipientHint="A party, a group or an authority."
          />
          <Alert>{other.formError}</Alert>
          <button type="submit" className="button" disabled={other.busy}>
            Record the communication
          </button>
        </form>
      )}
    </Section>
  );
}

export function RisksPanel({
  membership,
  incident: i,
  onChanged,
}: {
  membership: Membership;
  incident: Incident;
  onChanged: (message: string) => void;
}) {
  const slug = membership.slug;
  // The risk to link is found by the lookup as one types; the linked ones are named by the incident.
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      setChoice('');
      onChanged(done);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      id="risks"
      title="Risks"
      intro={
        <p>
          The risks this incident shows can happen. Linking one marks it for review today, so its
          assessment is looked at again.
        </p>
      }
    >
      {i.riskIds.length === 0 ? (
        <p className="muted">No risk linked.</p>
      ) : (
        <ul className="plain-list">
          {i.riskIds.map((id) => (
            <li key={id}>
              <Link href={sectionHref(slug, 'risks', id)}>{i.names[id] ?? 'A risk'}</Link>{' '}
              {i.abilities.linkRisk && (
                <button
                  type="button"
                  className="button small"
                  disabled={busy}
                  onClick={() =>
                    void act(() => incidentsApi.unlinkRisk(slug, i.id, id), 'The risk is unlinked.')
                  }
                >
                  Unlink {i.names[id] ?? 'the risk'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {i.abilities.linkRisk && (
        <div className="inline-form">
          <RecordPicker
            // A fresh picker once a risk is linked (the links are the incident's).
            key={i.riskIds.join()}
            org={slug}
            type="risks"
            label="Risk to link"
            name="riskId"
            required
            onChange={(ids) => setChoice(ids[0] ?? '')}
          />
          <button
            type="button"
            className="button"
            disabled={busy || !choice}
            onClick={() =>
              void act(
                () => incidentsApi.linkRisk(slug, i.id, choice),
                'The risk is linked and falls due for review today.',
              )
            }
          >
            Link the risk
          </button>
        </div>
      )}
      <Alert>{error}</Alert>
    </Section>
  );
}
