// The EU AI Act questionnaire of one AI system: the answers, grouped by part of the Act; the tier
// the server proposes from them, with its reasons and the obligations for the organization's role;
// and the confirmation by a manager or owner that makes it the system's tier on record.
import { useEffect, useRef, useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import { Alert, useSubmission } from '../../components/form';
import { Breadcrumbs, Loading, PageHeader } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { useCatalog, type RecordData, type RegisterMeta } from '../../lib/lookups';
import { registersApi } from '../registers/api';
import { recordHref, registerHref } from '../registers/links';
import { NotFound } from '../registers/record-page';
import {
  aiActApi,
  isAnswered,
  TIER_LABEL,
  WHO_LABEL,
  type Classification,
  type ClassificationState,
  type Questionnaire,
  type SectorSuggestions,
} from './api';
import { FIELDS, Questions, readAnswers, roleLabel } from './questions';
import {
  ConfirmationText,
  LastConfirmedText,
  memberName,
  Reasons,
  recordNote,
  TierLine,
} from './summary';
import './ai-act.css';

export function AiActPage({
  membership,
  aiSystemId,
}: {
  membership: Membership;
  aiSystemId: string;
}) {
  const { catalog, error } = useCatalog();
  if (error) return <Alert>{error}</Alert>;
  if (!catalog) return <Loading />;
  const reg = catalog.byKey.get('ai_systems');
  if (!reg) return <Alert>This server has no AI systems register.</Alert>;
  return <Classify membership={membership} reg={reg} aiSystemId={aiSystemId} />;
}

function Classify({
  membership,
  reg,
  aiSystemId,
}: {
  membership: Membership;
  reg: RegisterMeta;
  aiSystemId: string;
}) {
  const slug = membership.slug;
  const system = useData(`${slug}|${reg.key}|${aiSystemId}`, () =>
    registersApi.get(slug, reg, aiSystemId),
  );
  const questionnaire = useData('ai-act-questionnaire', aiActApi.questionnaire);
  // What the sectors suggest; the questionnaire works without it (a failure only hides the hints).
  const sectors = useData(`${slug}|ai-act-defaults`, () => aiActApi.sectorDefaults(slug));
  const classification = useData(`${slug}|ai-act|${aiSystemId}`, () =>
    aiActApi.get(slug, aiSystemId),
  );
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);

  // The classification answers 404 only when there is no such system; unanswered is a state.
  if (classification.status === 404 || system.status === 404) {
    return (
      <NotFound
        what="AI system"
        back={{ href: registerHref(slug, reg), label: 'Back to AI systems' }}
      />
    );
  }
  if (system.error && !system.data) return <Alert>{system.error}</Alert>;
  if (!system.data) return <Loading />;
  const s = system.data;
  const name = String(s.name || 'Unnamed AI system');
  const q = questionnaire.data;
  const state = classification.data;
  const current = isAnswered(state) ? state : null;
  const canAnswer = can(membership, 'ai_systems.classify');
  const failed = classification.error ?? questionnaire.error;
  const ready = q !== null && state !== null && !failed;

  const show = (c: Classification, text: string) => {
    classification.set(c);
    setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 }));
  };

  return (
    <>
      <Breadcrumbs
        items={[
          { href: registerHref(slug, reg), label: 'AI systems' },
          { href: recordHref(slug, reg, s.id), label: name },
        ]}
      />
      <PageHeader title={`EU AI Act classification of ${name}`} org={membership.name} />
      <p className="intro">
        The questions below ask what the system does and what the organization&apos;s role in it is.
        From the answers, aims proposes a tier under the EU AI Act (Regulation (EU) 2024/1689), says
        why, and lists the obligations that follow. A manager or owner then confirms the proposal,
        which makes it the system&apos;s tier on record. The proposal supports a legal assessment;
        it does not replace one.
      </p>
      <Alert>{failed && `The questionnaire could not be loaded: ${failed}`}</Alert>
      {!ready ? (
        !failed && <Loading />
      ) : (
        <>
          {current && (
            <Result
              membership={membership}
              q={q}
              c={current}
              message={message}
              onConfirmed={(c) =>
                show(
                  c,
                  `Confirmed. ${TIER_LABEL[c.proposedTier]} is now the system's EU AI Act tier on record.`,
                )
              }
            />
          )}
          {canAnswer ? (
            <QuestionnaireForm
              key={state.version}
              slug={slug}
              q={q}
              system={s}
              state={state}
              sectors={sectors.data}
              onSaved={(c, unchanged) =>
                show(
                  c,
                  unchanged
                    ? `Nothing changed: these are the answers already saved${c.status === 'confirmed' ? ', and the classification stays confirmed' : ''}.`
                    : `Saved. The answers propose: ${TIER_LABEL[c.proposedTier]}.`,
                )
              }
            />
          ) : current ? (
            <section className="panel" aria-labelledby="questions-title">
              <h2 id="questions-title">Answers</h2>
              <p className="muted">Your role lets you read the answers but not change them.</p>
              <Questions
                q={q}
                system={s}
                answers={current.answers}
                errors={{}}
                readOnly
                slug={slug}
                sectors={sectors.data}
              />
            </section>
          ) : (
            <p className="empty">
              Nobody has answered the questionnaire for this system yet, and your role does not
              allow answering it.
            </p>
          )}
          <p className="muted aiact-provenance">
            Questionnaire version {q.version}. {q.provenance}
          </p>
        </>
      )}
    </>
  );
}

function Result({
  membership,
  q,
  c,
  message,
  onConfirmed,
}: {
  membership: Membership;
  q: Questionnaire;
  c: Classification;
  /** What was just done; each new one brings the result into view. */
  message: { text: string; n: number } | null;
  onConfirmed: (c: Classification) => void;
}) {
  const slug = membership.slug;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = message?.n ?? 0;
  useEffect(() => {
    if (shown === 0) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [shown]);
  const note = recordNote(c);
  const role = roleLabel(q, c.answers.role);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      onConfirmed(await aiActApi.confirm(slug, c));
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'VERSION_MISMATCH'
          ? 'The answers changed since this page was loaded. Reload the page and check them before confirming.'
          : messageOf(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel aiact-result" aria-labelledby="classification-title">
      <h2 id="classification-title" tabIndex={-1} ref={heading}>
        Classification
      </h2>
      <Alert tone="success">{message?.text}</Alert>
      <TierLine c={c} />
      <dl className="aiact-meta">
        <dt>Status</dt>
        <dd>
          <ConfirmationText c={c} />
        </dd>
        {c.status === 'proposed' && (
          <>
            <dt>Last confirmed</dt>
            <dd>
              <LastConfirmedText c={c} />
            </dd>
          </>
        )}
        <dt>Answered by</dt>
        <dd>{memberName(c, c.answeredByMemberId)}</dd>
        <dt>Role under the Act</dt>
        <dd>{role}</dd>
      </dl>
      {note && <Alert tone="info">{note}</Alert>}
      <h3>Why</h3>
      <Reasons c={c} label="Reasons for the proposed tier" />
      <h3 id="obligations-title">Obligations for the organization as {role.toLowerCase()}</h3>
      {c.obligations.length === 0 ? (
        <p className="muted">None follow from these answers.</p>
      ) : (
        <div className="table-wrap">
          <table className="aiact-obligations" aria-labelledby="obligations-title">
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">Applies to</th>
                <th scope="col">What it asks</th>
              </tr>
            </thead>
            <tbody>
              {c.obligations.map((o, i) => (
                <tr key={`${o.who}-${o.ref}-${i}`}>
                  <th scope="row" className="row-title">
                    <span className="aiact-ref">{o.ref}</span> {o.title}
                  </th>
                  <td>{WHO_LABEL[o.who] ?? o.who}</td>
                  <td>{o.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.status === 'proposed' &&
        (c.abilities.confirm ? (
          <div className="subform">
            <h3>Confirm the proposal</h3>
            <p>
              Confirming records you as the person who checked these answers, with the time, and
              makes {TIER_LABEL[c.proposedTier]} the system&apos;s EU AI Act tier on record, with
              the reasons above.
            </p>
            <Alert>{error}</Alert>
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void confirm()}
            >
              {busy ? 'Confirming…' : 'Confirm the tier'}
            </button>
          </div>
        ) : (
          <p className="muted">A manager or owner reviews the answers and confirms the proposal.</p>
        ))}
    </section>
  );
}

function QuestionnaireForm({
  slug,
  q,
  system,
  state,
  sectors,
  onSaved,
}: {
  slug: string;
  q: Questionnaire;
  system: RecordData;
  state: ClassificationState;
  sectors: SectorSuggestions | null;
  /** `unchanged`: the server kept what it had, because these are the answers already saved. */
  onSaved: (c: Classification, unchanged: boolean) => void;
}) {
  const current = isAnswered(state) ? state : null;
  const sub = useSubmission(FIELDS, async (data) => {
    try {
      const saved = await aiActApi.answer(slug, system.id, readAnswers(data, q), state);
      onSaved(saved, saved.version === state.version);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') {
        throw new Error(
          'Someone saved or confirmed this classification since the page was loaded. Reload the page to see the current answers, then make your change again.',
        );
      }
      throw e;
    }
  });
  return (
    <section className="panel" aria-labelledby="questions-title">
      <h2 id="questions-title">Questionnaire</h2>
      <p className="intro">Each ticked box is a yes; a box left empty is a no.</p>
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        className="record-form aiact-form"
        aria-label="EU AI Act questionnaire"
      >
        <Questions
          q={q}
          system={system}
          answers={current?.answers ?? null}
          errors={sub.fieldErrors}
          slug={slug}
          sectors={sectors}
        />
        <Alert>{sub.formError}</Alert>
        {current?.status === 'confirmed' && (
          <p className="hint warning-text">
            This classification is confirmed. Saving changed answers withdraws the confirmation
            until a manager or owner confirms again.
          </p>
        )}
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Saving…' : 'Save the answers'}
        </button>
      </form>
    </section>
  );
}
