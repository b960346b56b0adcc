// One management review: who, when, its inputs (live while planned, frozen with their hash once
// held), the decisions and actions, and the minutes as a PDF.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import {
  Badge,
  Breadcrumbs,
  DateOnly,
  Loading,
  PageHeader,
  Section,
  When,
} from '../../components/page';
import { useData } from '../../lib/data';
import { orgHref } from '../../router';
import { reviewsApi, type Review } from './api';
import { DecisionForm, Decisions } from './decisions';
import { InputSections } from './inputs';
import { memberOf, STATUS_TONE, STATUS_WORD } from './words';

export function ReviewPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const loaded = useData(`${slug}|review|${id}`, () => reviewsApi.get(slug, id));
  const [done, setDone] = useState<string | null>(null);
  const r = loaded.data;
  const reload = () => void loaded.reload();
  const set = (next: Review, message: string) => {
    loaded.set(next);
    setDone(message);
  };
  const hold = useSubmission(['heldOn'], async (data) => {
    set(
      await reviewsApi.hold(slug, r!, textValue(data, 'heldOn') ?? null),
      'The review is held: its inputs are frozen.',
    );
  });
  const issue = useSubmission(['summary'], async (data) => {
    set(
      await reviewsApi.issue(slug, r!, textValue(data, 'summary') ?? null),
      'The minutes are issued.',
    );
  });
  const [check, setCheck] = useState<string | null>(null);
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'reviews'), label: 'Management reviews' }]} />
  );
  if (!r)
    return (
      <>
        {crumbs}
        {loaded.status === 404 && <PageHeader title="Review not found" org={membership.name} />}
        <Loading
          what={loaded.error ? `The review could not be loaded: ${loaded.error}` : 'Loading…'}
        />
      </>
    );
  const verify = async () => {
    const v = await reviewsApi.verify(slug, r.id);
    setCheck(
      v.matches
        ? `Verified: the frozen inputs hash to ${v.computedHash}.`
        : `The frozen inputs hash to ${v.computedHash}, not to the stored ${v.storedHash}.`,
    );
  };
  return (
    <>
      {crumbs}
      <PageHeader title={r.title} org={membership.name}>
        <a className="button small" href={reviewsApi.minutesHref(slug, r.id)} download>
          Minutes (PDF)
        </a>
      </PageHeader>
      <Alert tone="success">{done}</Alert>
      <dl className="fields" aria-label="About this review">
        <div>
          <dt>Status</dt>
          <dd>
            <Badge tone={STATUS_TONE[r.status]}>{STATUS_WORD[r.status]}</Badge>
          </dd>
        </div>
        <div>
          <dt>Planned for</dt>
          <dd>
            <DateOnly value={r.plannedOn} />
          </dd>
        </div>
        {r.heldOn && (
          <div>
            <dt>Held on</dt>
            <dd>
              <DateOnly value={r.heldOn} />
            </dd>
          </div>
        )}
        <div>
          <dt>Chair</dt>
          <dd>{memberOf(r.names, r.chairMemberId)}</dd>
        </div>
        <div className="wide">
          <dt>Attendees</dt>
          <dd>
            {r.attendees.length === 0
              ? 'None named'
              : r.attendees
                  .map(
                    (a) =>
                      `${a.memberId ? memberOf(r.names, a.memberId) : a.name}${a.role ? ` (${a.role})` : ''}`,
                  )
                  .join(', ')}
          </dd>
        </div>
        {r.agenda && (
          <div className="wide">
            <dt>Agenda</dt>
            <dd className="prewrap">{r.agenda}</dd>
          </div>
        )}
        {r.summary && (
          <div className="wide">
            <dt>Conclusions</dt>
            <dd className="prewrap">{r.summary}</dd>
          </div>
        )}
      </dl>
      <Section id="inputs" title={r.inputsFrozen ? 'Inputs, as frozen when held' : 'Inputs, live'}>
        {r.inputsFrozen ? (
          <p>
            Frozen on <When at={r.inputs.asOf} />. SHA-256 of the inputs:{' '}
            <code className="hash">{r.inputsHash}</code>{' '}
            {r.hashMatches ? (
              <Badge tone="success">Hash matches</Badge>
            ) : (
              <Badge tone="danger">Hash does not match</Badge>
            )}{' '}
            <button type="button" className="button small" onClick={() => void verify()}>
              Verify again
            </button>
          </p>
        ) : (
          <p>
            Computed now from the records{r.inputs.since ? ', since the previous review' : ''}; they
            are frozen when the review is held.
          </p>
        )}
        <p role="status">{check}</p>
        <InputSections slug={slug} sections={r.inputs.sections} />
      </Section>
      {r.abilities.hold && (
        <Section id="hold" title="Hold the review">
          <form
            ref={hold.formRef}
            onSubmit={hold.onSubmit}
            noValidate
            className="record-form"
            aria-label="Hold the review"
          >
            <TextField
              label="Held on"
              name="heldOn"
              type="date"
              hint="Today if left empty."
              error={hold.fieldErrors.heldOn}
            />
            <Alert>{hold.formError}</Alert>
            <button type="submit" className="button primary" disabled={hold.busy}>
              Hold the review and freeze its inputs
            </button>
          </form>
        </Section>
      )}
      <Section id="decisions" title="Decisions and actions">
        <Decisions slug={slug} review={r} onChange={reload} />
        {r.abilities.decide && <DecisionForm slug={slug} review={r} onDone={reload} />}
      </Section>
      {r.abilities.issue && (
        <Section id="issue" title="Issue the minutes">
          <form
            ref={issue.formRef}
            onSubmit={issue.onSubmit}
            noValidate
            className="record-form"
            aria-label="Issue the minutes"
          >
            <TextAreaField
              label="Conclusions"
              name="summary"
              rows={3}
              error={issue.fieldErrors.summary}
            />
            <Alert>{issue.formError}</Alert>
            <button type="submit" className="button primary" disabled={issue.busy}>
              Issue the minutes
            </button>
          </form>
        </Section>
      )}
    </>
  );
}
