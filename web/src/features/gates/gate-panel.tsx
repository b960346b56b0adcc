// The life cycle gates of one AI system, on its page: for the stage it would move into, each
// criterion met or not and why (as the server decided), and a way to add the evidence a gate
// asks for.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import type { RecordData } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { STAGES } from '../ai-systems/api';
import { gatesApi, type CriterionResult, type GateEvaluation } from './api';
import './gates.css';

/** Where a record a reason names can be opened, when it has a page of its own. */
function recordHref(slug: string, type: string, id: string): string | null {
  if (type === 'evidence') return sectionHref(slug, 'evidence', id);
  if (type === 'impact_assessments') return sectionHref(slug, 'impact', id);
  if (type === 'risks') return sectionHref(slug, 'risks', id);
  return null;
}

/** The stage a system would normally move into next, or the first other stage. */
export function nextStageOf(current: string): string | undefined {
  const i = STAGES.indexOf(current as (typeof STAGES)[number]);
  return STAGES[i + 1] ?? STAGES.find((s) => s !== current);
}

/** The sentence that says which criteria a gate was judged on and whether they are enforced. */
export function criteriaWords(g: GateEvaluation): string {
  if (!g.criteriaVersion)
    return 'These are the proposed criteria: the organization has not adopted any, so no move is refused.';
  return g.enforced
    ? `Criteria version ${g.criteriaVersion.number}, enforced: a move is refused while its gate fails.`
    : `Criteria version ${g.criteriaVersion.number}, advisory: gates are shown, no move is refused.`;
}

function AddEvidence({
  slug,
  system,
  gate,
  result,
  onAdded,
}: {
  slug: string;
  system: RecordData;
  gate: GateEvaluation;
  result: CriterionResult & { check: { kind: 'evidence' } };
  onAdded: (message: string) => void;
}) {
  const kind = result.check.evidenceKind;
  const perVersion = result.check.per === 'model_version';
  const form = useSubmission(['file', 'modelVersion', 'title'], async (data, el) => {
    const out = new FormData();
    out.append('aiSystem', system.id);
    out.append('kind', kind);
    const version = textValue(data, 'modelVersion');
    if (version) out.append('modelVersion', version);
    const title = textValue(data, 'title');
    if (title) out.append('title', title);
    const file = data.get('file');
    if (file instanceof File && file.size + file.name.length > 0)
      out.append('file', file, file.name);
    await gatesApi.push(slug, out);
    el.reset();
    onAdded(`The ${humanize(kind).toLowerCase()} is stored and linked to ${String(system.name)}.`);
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      className="gate-evidence-form"
      aria-label={`Add ${humanize(kind).toLowerCase()} evidence`}
    >
      <Alert>{form.formError}</Alert>
      <TextField
        label={`${humanize(kind)} file`}
        name="file"
        type="file"
        required
        error={form.fieldErrors.file}
      />
      {perVersion && (
        <TextField
          label="For model version"
          name="modelVersion"
          required
          defaultValue={gate.modelVersion ?? ''}
          error={form.fieldErrors.modelVersion}
        />
      )}
      <TextField label="Title" name="title" error={form.fieldErrors.title} />
      <button type="submit" className="button small" disabled={form.busy}>
        {form.busy ? 'Adding…' : 'Add evidence'}
      </button>
    </form>
  );
}

function CriterionItem({
  membership,
  system,
  gate,
  r,
  onAdded,
}: {
  membership: Membership;
  system: RecordData;
  gate: GateEvaluation;
  r: CriterionResult;
  onAdded: (message: string) => void;
}) {
  const slug = membership.slug;
  const [adding, setAdding] = useState(false);
  const evidence = r.check.kind === 'evidence' ? r.check : null;
  return (
    <li className={r.met ? 'gate-criterion gate-met' : 'gate-criterion gate-unmet'}>
      <p className="gate-criterion-title">
        <span className="gate-mark" aria-hidden="true">
          {r.met ? '✓' : '✗'}
        </span>
        <span className="visually-hidden">{r.met ? 'Met: ' : 'Not met: '}</span>
        <strong>{r.title}</strong>{' '}
        <span className="clause" title={r.controlTitle ?? undefined}>
          {r.control}
        </span>
      </p>
      <p className="gate-reason">{r.reason}</p>
      {r.records.length > 0 && (
        <ul className="plain-list gate-records" aria-label={`Records for ${r.title}`}>
          {r.records.map((x) => {
            const href = recordHref(slug, x.type, x.id);
            return (
              <li key={`${x.type}:${x.id}`}>
                {href ? <Link href={href}>{x.label}</Link> : x.label}
              </li>
            );
          })}
        </ul>
      )}
      {r.why && <p className="hint">Why: {r.why}</p>}
      {evidence && !r.met && can(membership, 'gates.push_evidence') && !adding && (
        <button type="button" className="button small" onClick={() => setAdding(true)}>
          Add {humanize(evidence.evidenceKind).toLowerCase()}
        </button>
      )}
      {evidence && adding && (
        <AddEvidence
          slug={slug}
          system={system}
          gate={gate}
          result={{ ...r, check: evidence }}
          onAdded={(m) => {
            setAdding(false);
            onAdded(m);
          }}
        />
      )}
    </li>
  );
}

export function GatePanel({ membership, system }: { membership: Membership; system: RecordData }) {
  const slug = membership.slug;
  const gates = useData(`${slug}|gates|${system.id}`, () => gatesApi.gates(slug, system.id));
  const current = String(system.lifecycleStage);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (current === 'retirement') return null;
  const items = gates.data?.items ?? [];
  const stage = chosen && items.some((g) => g.toStage === chosen) ? chosen : nextStageOf(current);
  const gate = items.find((g) => g.toStage === stage);
  const met = gate?.criteria.filter((c) => c.met).length ?? 0;
  return (
    <Section
      id="gates"
      title="Life cycle gates"
      intro={
        <p>
          What must be in place before this system moves into a stage, checked against its records.{' '}
          <span className="clause">ISO/IEC 42001: 8.1, A.6.2</span>
        </p>
      }
    >
      <Alert>{gates.error}</Alert>
      {message && <Alert tone="success">{message}</Alert>}
      {items.length > 0 && (
        <div className="field gate-stage-choice">
          <label htmlFor="gate-stage">Gate into</label>
          <select id="gate-stage" value={stage} onChange={(e) => setChosen(e.target.value)}>
            {items.map((g) => (
              <option key={g.toStage} value={g.toStage}>
                {g.toStageTitle}
                {g.criteria.length ? (g.passed ? ' (passes)' : ' (fails)') : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      {gate && (
        <div className="gate" aria-live="polite">
          <h3>
            Gate into {gate.toStageTitle}:{' '}
            {gate.criteria.length === 0 ? (
              <Badge tone="neutral">no criteria</Badge>
            ) : gate.passed ? (
              <Badge tone="success">passes</Badge>
            ) : (
              <Badge tone="danger">fails</Badge>
            )}
          </h3>
          <p className="muted">
            {gate.criteria.length > 0 && `${met} of ${gate.criteria.length} criteria met. `}
            {gate.modelVersion
              ? `Model version ${gate.modelVersion}${gate.modelVersionSource === 'latest_registered' ? ' (the newest registered)' : ''}. `
              : ''}
            {criteriaWords(gate)}{' '}
            <Link href={sectionHref(slug, 'gates')}>See the gate criteria</Link>.
          </p>
          {gate.criteria.length > 0 && (
            <ul
              className="gate-criteria"
              aria-label={`Criteria of the gate into ${gate.toStageTitle}`}
            >
              {gate.criteria.map((r) => (
                <CriterionItem
                  key={r.id}
                  membership={membership}
                  system={system}
                  gate={gate}
                  r={r}
                  onAdded={(m) => {
                    setMessage(m);
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </Section>
  );
}
