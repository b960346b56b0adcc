// The decisions of a held review (9.3.3) with their actions, and the form that records one.
import { useState } from 'react';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Badge, DateOnly } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { Link, sectionHref } from '../../router';
import {
  DECISION_KINDS,
  reviewsApi,
  type DecisionKind,
  type Review,
  type ReviewAction,
} from './api';
import { memberOf } from './words';
import { DECISION_KIND, REVIEW_ACTION_STATUS } from '../../../../src/labels.js';

const KIND_WORD = DECISION_KIND as Record<DecisionKind, string>;
const ACTION_WORD = REVIEW_ACTION_STATUS as Record<ReviewAction['status'], string>;

export function Decisions({
  slug,
  review,
  onChange,
}: {
  slug: string;
  review: Review;
  onChange: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const markDone = async (a: ReviewAction) => {
    setError(null);
    try {
      await reviewsApi.updateAction(slug, a, 'done');
      onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  if (review.decisions.length === 0)
    return (
      <p className="empty">
        {review.status === 'planned'
          ? 'Decisions are recorded once the review is held.'
          : 'No decisions recorded yet.'}
      </p>
    );
  return (
    <>
      <Alert>{error}</Alert>
      {review.decisions.map((d) => (
        <article key={d.id} className="review-decision" aria-labelledby={`decision-${d.id}`}>
          <h3 id={`decision-${d.id}`}>
            {d.title} <Badge>{KIND_WORD[d.kind]}</Badge>
          </h3>
          {d.description && <p className="prewrap">{d.description}</p>}
          {d.nonconformityId && (
            <p>
              Raised{' '}
              <Link href={sectionHref(slug, 'nonconformities', d.nonconformityId)}>
                a nonconformity
              </Link>
              .
            </p>
          )}
          {d.improvementId && (
            <p>
              Logged{' '}
              <Link href={sectionHref(slug, 'improvements', d.improvementId)}>
                an opportunity for improvement
              </Link>
              .
            </p>
          )}
          {d.actions.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Actions of the decision: {d.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {d.actions.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">{a.title}</th>
                      <td>{memberOf(review.names, a.ownerMemberId)}</td>
                      <td className={a.overdue ? 'warning-text' : undefined}>
                        <DateOnly value={a.dueDate} />
                      </td>
                      <td>
                        {ACTION_WORD[a.status]}
                        {a.status === 'open' && review.abilities.updateActions && (
                          <>
                            {' '}
                            <button
                              type="button"
                              className="button small"
                              onClick={() => void markDone(a)}
                            >
                              Mark done<span className="visually-hidden">: {a.title}</span>
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
    </>
  );
}

export function DecisionForm({
  slug,
  review,
  onDone,
}: {
  slug: string;
  review: Review;
  onDone: () => void;
}) {
  const sub = useSubmission(['kind', 'title', 'description', 'actions'], async (data, form) => {
    const actionTitle = textValue(data, 'actionTitle');
    await reviewsApi.decide(slug, review.id, {
      kind: (textValue(data, 'kind') ?? 'other') as DecisionKind,
      title: textValue(data, 'title') ?? '',
      description: textValue(data, 'description') ?? null,
      actions: actionTitle
        ? [
            {
              title: actionTitle,
              ownerMemberId: textValue(data, 'actionOwner') ?? '',
              dueDate: textValue(data, 'actionDue') ?? '',
            },
          ]
        : [],
      raiseImprovement: data.get('raiseImprovement') === 'on',
    });
    form.reset();
    onDone();
  });
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      noValidate
      className="record-form"
      aria-label="Record a decision"
    >
      <h3>Record a decision</h3>
      <SelectField
        label="About"
        name="kind"
        options={DECISION_KINDS.map((k) => ({ value: k, label: KIND_WORD[k] }))}
        error={sub.fieldErrors.kind}
      />
      <TextField label="Decision" name="title" required error={sub.fieldErrors.title} />
      <TextAreaField
        label="Reasons and detail"
        name="description"
        rows={2}
        error={sub.fieldErrors.description}
      />
      <fieldset className="field">
        <legend>An action it calls for</legend>
        <TextField label="Action" name="actionTitle" error={sub.fieldErrors.actions} />
        <RecordPicker org={slug} type="members" label="Action owner" name="actionOwner" />
        <TextField label="Action due" name="actionDue" type="date" />
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" name="raiseImprovement" /> Log it as an opportunity for improvement
      </label>
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button primary" disabled={sub.busy}>
        Record the decision
      </button>
    </form>
  );
}
