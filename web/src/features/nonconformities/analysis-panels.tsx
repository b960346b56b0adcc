// The correction (what was done to contain the nonconformity) and the review of similar
// nonconformities (do they exist elsewhere, could they occur), each shown as recorded and, when
// the signed-in member may, with the form that records it.
import { Alert, SelectField, TextAreaField, textValue } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';
import { ncApi, SIMILAR_ANSWERS, type SimilarAnswer } from './api';
import type { PanelProps } from './nonconformity-page';
import { Changeable, useStep } from './status';
import { SIMILAR_WORD } from './words';

export function CorrectionPanel({ slug, nc, onDone, onStale }: PanelProps) {
  const sub = useStep(['correction'], onStale, async (data, form) => {
    const next = await ncApi.correct(slug, nc, textValue(data, 'correction') ?? '');
    form.reset();
    onDone(next, 'The correction is recorded.');
  });
  return (
    <Section id="correction" title="Correction">
      {nc.correction ? (
        <p className="prewrap">{nc.correction}</p>
      ) : (
        <p className="muted">Nothing recorded yet.</p>
      )}
      {nc.abilities.correct && (
        <Changeable recorded={nc.correction !== null} what="the correction">
          <form
            ref={sub.formRef}
            onSubmit={sub.onSubmit}
            noValidate
            aria-label="Record the correction"
            className="record-form"
          >
            <TextAreaField
              label={nc.correction ? 'New correction' : 'Correction'}
              name="correction"
              required
              rows={3}
              hint="What was done to contain it and deal with its consequences, such as a rollback."
              error={sub.fieldErrors.correction}
            />
            <Alert>{sub.formError}</Alert>
            <button type="submit" className="button primary" disabled={sub.busy}>
              {sub.busy ? 'Recording…' : 'Record the correction'}
            </button>
          </form>
        </Changeable>
      )}
    </Section>
  );
}

export function SimilarPanel({ slug, nc, onDone, onStale }: PanelProps) {
  const others = useData(nc.abilities.investigate ? `${slug}|nonconformities|similar` : null, () =>
    ncApi.list(slug),
  );
  const sub = useStep(['answer', 'note', 'nonconformityIds'], onStale, async (data) => {
    const next = await ncApi.similar(slug, nc, {
      answer: (textValue(data, 'answer') ?? 'none') as SimilarAnswer,
      nonconformityIds: data.getAll('nonconformityIds').map(String),
      note: textValue(data, 'note') ?? null,
    });
    onDone(next, 'The review of similar nonconformities is recorded.');
  });
  const alike = (nc.similar?.nonconformityIds ?? []).map(
    (id) => others.data?.find((o) => o.id === id) ?? { id, reference: 'another nonconformity' },
  );
  return (
    <Section
      id="similar"
      title="Similar nonconformities"
      intro="Whether the same could exist or happen elsewhere: in other AI systems, sites or processes."
    >
      {nc.similar ? (
        <>
          <p>{SIMILAR_WORD[nc.similar.answer]}.</p>
          {nc.similar.note && <p className="prewrap">{nc.similar.note}</p>}
          {alike.length > 0 && (
            <ul className="plain-list">
              {alike.map((o) => (
                <li key={o.id}>
                  <Link href={sectionHref(slug, 'nonconformities', o.id)}>{o.reference}</Link>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="muted">Not reviewed yet.</p>
      )}
      {nc.abilities.investigate && (
        <Changeable recorded={nc.similar !== null} what="the review">
          <form
            ref={sub.formRef}
            onSubmit={sub.onSubmit}
            noValidate
            aria-label="Review similar nonconformities"
            className="record-form"
          >
            <SelectField
              label="Similar nonconformities"
              name="answer"
              defaultValue={nc.similar?.answer ?? 'none'}
              options={SIMILAR_ANSWERS.map((a) => ({ value: a, label: SIMILAR_WORD[a] }))}
              error={sub.fieldErrors.answer}
            />
            <TextAreaField
              label="Where"
              name="note"
              rows={2}
              defaultValue={nc.similar?.note ?? ''}
              hint="Where they exist or could occur; needed unless there are none."
              error={sub.fieldErrors.note}
            />
            {(others.data ?? []).filter((o) => o.id !== nc.id).length > 0 && (
              <fieldset className="field fieldset">
                <legend>
                  Nonconformities alike <span className="optional">(optional)</span>
                </legend>
                <div className="checks">
                  {others
                    .data!.filter((o) => o.id !== nc.id)
                    .map((o) => (
                      <label key={o.id} className="check">
                        <input
                          type="checkbox"
                          name="nonconformityIds"
                          value={o.id}
                          defaultChecked={nc.similar?.nonconformityIds.includes(o.id)}
                        />
                        {o.reference}: {o.title}
                      </label>
                    ))}
                </div>
              </fieldset>
            )}
            <Alert>{sub.formError}</Alert>
            <button type="submit" className="button primary" disabled={sub.busy}>
              {sub.busy ? 'Recording…' : 'Record the review'}
            </button>
          </form>
        </Changeable>
      )}
    </Section>
  );
}
