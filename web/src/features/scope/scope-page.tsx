// The AIMS scope (clause 4.3): the version in force, the draft being prepared, and every version.
// A draft takes effect when someone other than its author approves it.
import { useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import {
  Alert,
  CheckboxGroup,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Badge, Loading, PageHeader, Section, When } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { humanize, optionsOf } from '../../lib/format';
import { useCatalog } from '../../lib/lookups';
import { AI_ROLES, scopeApi, type Exclusion, type ScopeVersion } from './api';

const FIELDS = ['statement', 'boundaries', 'exclusions', 'aiRoles', 'changeNote'] as const;
/** A member a version names (`names` from the server), else a former or unreadable one. */
const nameOf = (names: Record<string, string>, id: string | null) =>
  id ? (names[id] ?? 'a former member') : 'someone';

function ScopeView({ v }: { v: ScopeVersion }) {
  return (
    <dl className="fields">
      <div className="wide">
        <dt>Scope statement</dt>
        <dd className="prewrap">{v.statement}</dd>
      </div>
      <div className="wide">
        <dt>Boundaries</dt>
        <dd className="prewrap">{v.boundaries || <span className="muted">None stated.</span>}</dd>
      </div>
      <div className="wide">
        <dt>The organization’s AI roles</dt>
        <dd>
          {v.aiRoles.length ? (
            v.aiRoles.map(humanize).join(', ')
          ) : (
            <span className="muted">None stated.</span>
          )}
        </dd>
      </div>
      <div className="wide">
        <dt>Exclusions</dt>
        <dd>
          {v.exclusions.length === 0 ? (
            <span className="muted">Nothing is excluded.</span>
          ) : (
            <table>
              <caption className="visually-hidden">Exclusions and their justification</caption>
              <thead>
                <tr>
                  <th scope="col">Excluded</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {v.exclusions.map((e, i) => (
                  <tr key={i}>
                    <td>{e.item}</td>
                    <td>{e.justification}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </dd>
      </div>
      {v.changeNote && (
        <div className="wide">
          <dt>What changed</dt>
          <dd>{v.changeNote}</dd>
        </div>
      )}
      <div>
        <dt>Written by</dt>
        <dd>{nameOf(v.names, v.authorMemberId)}</dd>
      </div>
    </dl>
  );
}

/** Puts "Exclusion n:" in front of messages about one exclusion row, which share one field. */
function labelRows(e: unknown): unknown {
  if (!(e instanceof ApiError) || !e.problem.errors) return e;
  return new ApiError({
    ...e.problem,
    errors: e.problem.errors.map((fe) => {
      const m = /^\/body\/exclusions\/(\d+)\/(\w+)/.exec(fe.pointer);
      return m
        ? {
            ...fe,
            message: `Exclusion ${Number(m[1]) + 1}, ${m[2] === 'item' ? 'what' : 'why'}: ${fe.message}`,
          }
        : fe;
    }),
  });
}

function ScopeForm({
  slug,
  start,
  draft,
  roles,
  onSaved,
  onCancel,
}: {
  slug: string;
  start: ScopeVersion | null;
  draft: ScopeVersion | null;
  roles: string[];
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [rows, setRows] = useState<Exclusion[]>(() =>
    start?.exclusions.length ? start.exclusions.map((x) => ({ ...x })) : [],
  );
  const form = useSubmission(FIELDS, async (data) => {
    const body = {
      statement: String(data.get('statement') ?? '').trim(),
      boundaries: textValue(data, 'boundaries') ?? null,
      exclusions: rows
        .map((r) => ({ item: r.item.trim(), justification: r.justification.trim() }))
        .filter((r) => r.item || r.justification),
      aiRoles: data.getAll('aiRoles').map(String),
      changeNote: textValue(data, 'changeNote') ?? null,
    };
    try {
      if (draft) await scopeApi.edit(slug, draft, body);
      else await scopeApi.draft(slug, body);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error('The draft changed meanwhile. Reload the page and try again.');
      throw labelRows(e);
    }
    onSaved(
      draft
        ? `Draft ${draft.number} saved.`
        : 'Draft saved. Ask another manager or owner to approve it.',
    );
  });
  const setRow = (i: number, patch: Partial<Exclusion>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label={draft ? `Edit draft ${draft.number}` : 'New scope draft'}
      className="subform"
    >
      <Alert>{form.formError}</Alert>
      <TextAreaField
        label="Scope statement"
        name="statement"
        required
        rows={4}
        defaultValue={start?.statement ?? ''}
        hint="Which parts of the organization, which activities and which AI systems the AIMS covers."
        error={form.fieldErrors.statement}
      />
      <TextAreaField
        label="Boundaries"
        name="boundaries"
        rows={3}
        defaultValue={start?.boundaries ?? ''}
        hint="Organizational, physical and technical limits."
        error={form.fieldErrors.boundaries}
      />
      <CheckboxGroup
        label="The organization’s AI roles"
        name="aiRoles"
        options={optionsOf(roles)}
        defaultValue={start?.aiRoles ?? []}
        error={form.fieldErrors.aiRoles}
      />
      <fieldset
        className={form.fieldErrors.exclusions ? 'field fieldset field-invalid' : 'field fieldset'}
        aria-invalid={form.fieldErrors.exclusions ? true : undefined}
      >
        <legend>
          Exclusions <span className="optional">(optional)</span>
        </legend>
        <p className="hint">
          Anything left out of the scope, each with the reason it may be left out.
        </p>
        {rows.map((r, i) => (
          <div key={i} className="exclusion-row">
            <TextField
              label={`Excluded ${i + 1}`}
              name={`exclusion-item-${i}`}
              value={r.item}
              onChange={(e) => setRow(i, { item: e.target.value })}
              autoComplete="off"
              required
            />
            <TextField
              label={`Why ${i + 1}`}
              name={`exclusion-why-${i}`}
              value={r.justification}
              onChange={(e) => setRow(i, { justification: e.target.value })}
              autoComplete="off"
              required
            />
            <button
              type="button"
              className="button small danger-outline"
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              aria-label={`Remove exclusion ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button small"
          onClick={() => setRows((rs) => [...rs, { item: '', justification: '' }])}
        >
          Add an exclusion
        </button>
        {form.fieldErrors.exclusions && (
          <p className="field-error">{form.fieldErrors.exclusions}</p>
        )}
      </fieldset>
      <TextField
        label="What changes and why"
        name="changeNote"
        defaultValue={draft?.changeNote ?? ''}
        error={form.fieldErrors.changeNote}
        autoComplete="off"
      />
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save the draft'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ScopePage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const scope = useData(`${slug}|scope`, () => scopeApi.get(slug));
  const versions = useData(`${slug}|scope-versions`, () => scopeApi.versions(slug));
  const { catalog } = useCatalog();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [approving, setApproving] = useState(false);
  const roles =
    catalog?.byKey.get('ai_systems')?.fields.find((f) => f.name === 'aiRoles')?.options ?? AI_ROLES;

  if (scope.error && !scope.data) return <Alert>{scope.error}</Alert>;
  if (!scope.data) return <Loading />;
  const { current, draft } = scope.data;
  const canDraft = can(membership, 'scope.draft');

  const approve = async (v: ScopeVersion) => {
    setApproving(true);
    setMessage(null);
    try {
      await scopeApi.approve(slug, v);
      setMessage({
        tone: 'success',
        text: `Version ${v.number} is approved and is now the scope.`,
      });
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setApproving(false);
    }
  };

  return (
    <>
      <PageHeader title="Scope" org={membership.name} />
      <p className="intro">
        What the AI management system covers, where it stops, and what is left out and why.{' '}
        <span className="clause">ISO/IEC 42001: 4.3</span>
      </p>
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>

      <Section
        id="current-scope"
        title={current ? `In force: version ${current.number}` : 'In force'}
      >
        {current ? (
          <>
            <p className="muted">
              Approved by {nameOf(current.names, current.approverMemberId)}{' '}
              {current.approvedAt && <When at={current.approvedAt} />}.
            </p>
            <ScopeView v={current} />
          </>
        ) : (
          <p className="muted">No scope has been approved yet.</p>
        )}
      </Section>

      {draft && !editing && (
        <Section id="draft-scope" title={`Draft: version ${draft.number}`}>
          <p>
            <Badge tone="warning">Draft</Badge> Waiting for approval by a manager or owner other
            than its author.
          </p>
          <ScopeView v={draft} />
          {!draft.abilities.approve && can(membership, 'scope.approve') && (
            <p className="hint">You wrote this draft, so someone else approves it.</p>
          )}
          <div className="actions">
            {draft.abilities.edit && (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit the draft
              </button>
            )}
            {draft.abilities.approve && (
              <button
                type="button"
                className="button primary"
                disabled={approving}
                onClick={() => void approve(draft)}
              >
                {approving ? 'Approving…' : 'Approve'}
              </button>
            )}
          </div>
        </Section>
      )}
      {!draft && !editing && canDraft && (
        <Section id="new-scope" title="Change the scope">
          <p>
            {current
              ? 'Start a draft from the scope in force, change it, and have it approved.'
              : 'Write the first scope of the AIMS and have it approved.'}
          </p>
          <button type="button" className="button primary" onClick={() => setEditing(true)}>
            {current ? 'Start a new draft' : 'Write the scope'}
          </button>
        </Section>
      )}
      {editing && (
        <Section id="edit-scope" title={draft ? `Edit draft ${draft.number}` : 'New draft'}>
          <ScopeForm
            slug={slug}
            start={draft ?? current}
            draft={draft}
            roles={roles}
            onSaved={(text) => {
              setEditing(false);
              setMessage({ tone: 'success', text });
            }}
            onCancel={() => setEditing(false)}
          />
        </Section>
      )}

      <Section id="scope-versions" title="Versions">
        <Alert>{versions.error}</Alert>
        {versions.data && versions.data.items.length === 0 && <p className="muted">None yet.</p>}
        {versions.data && versions.data.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Scope versions</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Written by</th>
                  <th scope="col">Approved by</th>
                  <th scope="col">Approved</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {versions.data.items.map((v) => (
                  <tr key={v.id}>
                    <td className="num">{v.number}</td>
                    <td>
                      <Badge
                        tone={
                          v.status === 'approved'
                            ? 'success'
                            : v.status === 'draft'
                              ? 'warning'
                              : 'neutral'
                        }
                      >
                        {humanize(v.status)}
                      </Badge>
                    </td>
                    <td>{nameOf(v.names, v.authorMemberId)}</td>
                    <td>
                      {v.approverMemberId ? (
                        nameOf(v.names, v.approverMemberId)
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {v.approvedAt ? <When at={v.approvedAt} /> : <span className="muted">—</span>}
                    </td>
                    <td>{v.changeNote ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
