// Policies: the list, a new policy, and one policy with its versions (draft → in review →
// approved → published → retired), four-eyes approval, and who has acknowledged it.
import { useState } from 'react';
import { useNameGuard } from '../imports/name-guard';
import { ApiError, can, type Body, type Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Markdown } from '../../components/markdown';
import {
  Badge,
  Breadcrumbs,
  DateOnly,
  Loading,
  PageHeader,
  Section,
  When,
} from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { humanize, plural } from '../../lib/format';
import { awaitingMe, RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, sectionHref } from '../../router';
import { useSession } from '../auth/session';
import { HistoryPanel } from '../registers/history';
import {
  KIND_LABEL,
  POLICY_KINDS,
  policiesApi,
  VERSION_TONE,
  type AckPage,
  type Policy,
  type PolicyKind,
  type PolicyVersion,
  type Step,
} from './api';
import { AcknowledgementsPanel } from './acknowledgements';

const KIND_OPTIONS = POLICY_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] ?? humanize(k) }));
const POLICY_FIELDS = [
  'title',
  'kind',
  'reviewCycleMonths',
  'ownerMemberId',
  'alignment',
  'content',
] as const;

/** A member a view names (its `names` from the server), else one no longer (or not) readable. */
const memberOf = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'Former member') : null;

const POLICY_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'kind', label: 'Kind' },
  { value: 'nextReviewDate', label: 'Next review' },
  { value: 'updatedAt', label: 'Last changed' },
];

function PoliciesList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|policies`, ['q', 'sort', 'overdue', 'awaiting'], (f) =>
    policiesApi.list(slug, f),
  );
  return (
    <>
      <PageHeader title="Policies" org={membership.name}>
        {can(membership, 'policies.create') && (
          <Link href={sectionHref(slug, 'policies', 'new')} className="button primary">
            New policy
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        The AI policy and the policies and procedures that support it. Each version is reviewed,
        approved by someone other than its author, published, and acknowledged by the members.{' '}
        <span className="clause">ISO/IEC 42001: 5.2, 7.3, A.2</span>
      </p>
      <RecordList
        list={list}
        noun="policies"
        one="policy"
        searchLabel="Search title"
        filters={[
          ...(can(membership, 'policies.approve')
            ? [awaitingMe('Approval', 'Awaiting my approval')]
            : []),
          {
            name: 'overdue',
            label: 'Review',
            options: [
              { value: 'true', label: 'Overdue' },
              { value: 'false', label: 'Not overdue' },
            ],
          },
        ]}
        sorts={POLICY_SORTS}
        none="No policies yet. Most organizations start with the AI policy, which clause 5.2 requires."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Policies</caption>
              <thead>
                <tr>
                  <th scope="col">Policy</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Owner</th>
                  <th scope="col">In force</th>
                  <th scope="col">Next review</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="row-title">
                      <Link href={sectionHref(slug, 'policies', p.id)}>{p.title}</Link>
                    </th>
                    <td>{KIND_LABEL[p.kind] ?? humanize(p.kind)}</td>
                    <td>
                      {memberOf(p.names, p.ownerMemberId) ?? <span className="muted">—</span>}
                    </td>
                    <td>
                      {p.currentVersionId ? (
                        <Badge tone="success">Published</Badge>
                      ) : (
                        <Badge>Not yet published</Badge>
                      )}
                    </td>
                    <td>
                      {p.nextReviewDate ? (
                        <DateOnly value={p.nextReviewDate} />
                      ) : (
                        <span className="muted">—</span>
                      )}
                      {p.reviewOverdue && (
                        <>
                          {' '}
                          <Badge tone="danger">Review overdue</Badge>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RecordList>
    </>
  );
}

/** The policy's owner, chosen through the member lookup (no list of every member). */
function OwnerPicker({
  slug,
  policy,
  error,
}: {
  slug: string;
  policy?: Policy;
  error: string | undefined;
}) {
  return (
    <RecordPicker
      org={slug}
      type="members"
      label="Owner"
      name="ownerMemberId"
      placeholder="Type part of a name or email"
      defaultValue={policy?.ownerMemberId ? [policy.ownerMemberId] : []}
      names={policy?.names}
      hint={
        policy
          ? 'Who keeps the policy up to date.'
          : 'Who keeps the policy up to date; you when left empty.'
      }
      error={error}
    />
  );
}

function NewPolicyPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const form = useSubmission(POLICY_FIELDS, async (data) => {
    const owner = textValue(data, 'ownerMemberId');
    const alignment = textValue(data, 'alignment');
    const months = Number(textValue(data, 'reviewCycleMonths'));
    if (!(await guard.check(textValue(data, 'title') ?? ''))) return;
    const out = await policiesApi.create(slug, {
      title: textValue(data, 'title') ?? '',
      kind: (textValue(data, 'kind') ?? 'ai_policy') as PolicyKind,
      reviewCycleMonths: Number.isFinite(months)
        ? months
        : (textValue(data, 'reviewCycleMonths') as unknown as number),
      content: String(data.get('content') ?? ''),
      ...(owner ? { ownerMemberId: owner } : {}),
      ...(alignment ? { alignment } : {}),
    });
    navigate(sectionHref(slug, 'policies', out.policy.id));
  });
  const guard = useNameGuard({
    slug,
    kind: 'policies',
    what: 'policy',
    href: (id) => sectionHref(slug, 'policies', id),
    formRef: form.formRef,
  });
  return (
    <>
      <Breadcrumbs items={[{ href: sectionHref(slug, 'policies'), label: 'Policies' }]} />
      <PageHeader title="New policy" org={membership.name} />
      {!can(membership, 'policies.create') ? (
        <p>Your role in {membership.name} does not include writing policies.</p>
      ) : (
        <div className="panel">
          <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-label="New policy">
            <p className="intro">
              The policy starts as a draft, version 1, written by you. Submit it for review when it
              is ready.
            </p>
            <Alert>{form.formError}</Alert>
            <div className="form-grid">
              <TextField
                label="Title"
                name="title"
                required
                error={form.fieldErrors.title}
                autoComplete="off"
              />
              <SelectField
                label="Kind"
                name="kind"
                options={KIND_OPTIONS}
                defaultValue="ai_policy"
                error={form.fieldErrors.kind}
              />
              <TextField
                label="Review every (months)"
                name="reviewCycleMonths"
                type="number"
                min={1}
                max={60}
                required
                defaultValue="12"
                error={form.fieldErrors.reviewCycleMonths}
              />
              <OwnerPicker slug={slug} error={form.fieldErrors.ownerMemberId} />
              <div className="span-all">
                <TextAreaField
                  label="Alignment with other policies"
                  name="alignment"
                  rows={2}
                  hint="Which other policies of the organization this one must agree with, and how."
                  error={form.fieldErrors.alignment}
                />
              </div>
              <div className="span-all">
                <TextAreaField
                  label="Text"
                  name="content"
                  rows={14}
                  className="mono"
                  hint="Markdown: # for headings, - for lists, **bold**, *italic*."
                  error={form.fieldErrors.content}
                />
              </div>
            </div>
            {guard.warning}
            <button type="submit" className="button primary" disabled={form.busy}>
              {form.busy ? 'Creating…' : 'Create the draft'}
            </button>
          </form>
        </div>
      )}
    </>
  );
}

const STEP_LABEL: Record<Step, string> = {
  submit: 'Submit for review',
  approve: 'Approve',
  publish: 'Publish',
  retire: 'Withdraw this version',
};
const STEP_DONE: Record<Step, string> = {
  submit: 'submitted for review',
  approve: 'approved',
  publish: 'published',
  retire: 'withdrawn',
};

const STEPS: Step[] = ['submit', 'approve', 'publish', 'retire'];

/** The steps the server says the signed-in member may take on this version now. */
function StepButtons({
  membership,
  version,
  onDone,
}: {
  membership: Membership;
  version: PolicyVersion;
  onDone: (v: PolicyVersion, message: string) => void;
}) {
  const [busy, setBusy] = useState<Step | null>(null);
  const [error, setError] = useState<string | null>(null);
  const allowed = STEPS.filter((s) => version.abilities[s]);
  if (allowed.length === 0) return null;
  const run = async (step: Step) => {
    setBusy(step);
    setError(null);
    try {
      const next = await policiesApi.step(membership.slug, version, step);
      onDone(next, `Version ${next.number} is ${STEP_DONE[step]}.`);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'VERSION_MISMATCH'
          ? 'This version changed meanwhile. Reload the page and try again.'
          : messageOf(e),
      );
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Alert>{error}</Alert>
      <div className="actions">
        {allowed.map((s) => (
          <button
            key={s}
            type="button"
            className={s === 'retire' ? 'button danger-outline' : 'button primary'}
            disabled={busy !== null}
            onClick={() => void run(s)}
          >
            {busy === s ? 'Working…' : STEP_LABEL[s]}
          </button>
        ))}
      </div>
    </>
  );
}

function DraftEditor({
  slug,
  version,
  onSaved,
}: {
  slug: string;
  version: PolicyVersion;
  onSaved: (v: PolicyVersion) => void;
}) {
  const form = useSubmission(['content', 'changeNote'], async (data) => {
    const content = String(data.get('content') ?? '');
    const changeNote = textValue(data, 'changeNote') ?? null;
    try {
      const next = await policiesApi.edit(slug, version, { content, changeNote });
      onSaved(next);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'Someone else saved this draft meanwhile. Reload the page to see their text.',
        );
      throw e;
    }
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label={`Edit draft ${version.number}`}
    >
      <Alert>{form.formError}</Alert>
      <TextField
        label="What changes and why"
        name="changeNote"
        defaultValue={version.changeNote ?? ''}
        error={form.fieldErrors.changeNote}
        autoComplete="off"
      />
      <TextAreaField
        label="Text"
        name="content"
        rows={12}
        className="mono"
        defaultValue={version.content}
        hint="Markdown."
        error={form.fieldErrors.content}
      />
      <button type="submit" className="button" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Save the draft'}
      </button>
    </form>
  );
}

function OpenVersion({
  membership,
  version,
  onChange,
}: {
  membership: Membership;
  version: PolicyVersion;
  onChange: (message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <Section id="open-version" title={`Version ${version.number}`}>
      <p>
        <Badge tone={VERSION_TONE[version.status]}>{humanize(version.status)}</Badge> Written by{' '}
        {memberOf(version.names, version.authorMemberId) ?? 'someone no longer a member'}
        {version.submittedAt && (
          <>
            , submitted <When at={version.submittedAt} />
          </>
        )}
        {version.approvedAt && (
          <>
            , approved by {memberOf(version.names, version.approverMemberId)}{' '}
            <When at={version.approvedAt} />
          </>
        )}
        .
      </p>
      {version.changeNote && <p className="muted">Change: {version.changeNote}</p>}
      {version.abilities.edit && editing ? (
        <DraftEditor
          slug={membership.slug}
          version={version}
          onSaved={() => {
            setEditing(false);
            onChange(`Draft ${version.number} saved.`);
          }}
        />
      ) : (
        <div className="document">
          <Markdown source={version.content} />
        </div>
      )}
      {version.abilities.edit && !editing && (
        <button type="button" className="button" onClick={() => setEditing(true)}>
          Edit the draft
        </button>
      )}
      {version.status === 'in_review' &&
        !version.abilities.approve &&
        can(membership, 'policies.approve') && (
          <p className="hint">
            You wrote this version: under the four-eyes rule another manager or owner approves it.
          </p>
        )}
      {version.status === 'in_review' && !can(membership, 'policies.approve') && (
        <p className="muted">Waiting for a manager or owner to approve it.</p>
      )}
      {version.status === 'approved' && !can(membership, 'policies.publish') && (
        <p className="muted">Approved; a manager or owner publishes it.</p>
      )}
      {!editing && (
        <StepButtons
          membership={membership}
          version={version}
          onDone={(_v, message) => onChange(message)}
        />
      )}
    </Section>
  );
}

function Acknowledge({
  slug,
  policy,
  version,
  acks,
  onDone,
}: {
  slug: string;
  policy: Policy;
  version: PolicyVersion;
  acks: AckPage | null;
  onDone: (message: string) => void;
}) {
  const { session } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!version.abilities.acknowledge) {
    const mine = acks?.items.find((a) => a.email === session.user.email);
    return mine?.acknowledgedAt ? (
      <p className="ack-done">
        ✓ You acknowledged version {version.number} <When at={mine.acknowledgedAt} />.
      </p>
    ) : null;
  }
  return (
    <div className="ack-box" role="region" aria-label="Your acknowledgement">
      <p>
        <strong>Please read version {version.number} of this policy</strong> and confirm that you
        have understood it.
      </p>
      <Alert>{error}</Alert>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          policiesApi
            .acknowledge(slug, policy.id, version.id)
            .then(() => {
              onDone(`Thank you: your acknowledgement of version ${version.number} is recorded.`);
            })
            .catch((e: unknown) => setError(messageOf(e)))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Recording…' : 'I have read and understood this policy'}
      </button>
    </div>
  );
}

function SettingsForm({
  slug,
  policy,
  onSaved,
}: {
  slug: string;
  policy: Policy;
  onSaved: (p: Policy) => void;
}) {
  const form = useSubmission(POLICY_FIELDS, async (data) => {
    // The form's values as typed; the server checks them (422 with a pointer).
    const body: Record<string, unknown> = {};
    const title = textValue(data, 'title') ?? '';
    const kind = textValue(data, 'kind');
    const months = Number(textValue(data, 'reviewCycleMonths'));
    const owner = textValue(data, 'ownerMemberId') ?? null;
    const alignment = textValue(data, 'alignment') ?? null;
    if (title !== policy.title) body.title = title;
    if (kind !== policy.kind) body.kind = kind;
    if (months !== policy.reviewCycleMonths)
      body.reviewCycleMonths = Number.isFinite(months)
        ? months
        : textValue(data, 'reviewCycleMonths');
    if (owner && owner !== policy.ownerMemberId) body.ownerMemberId = owner;
    if (alignment !== policy.alignment) body.alignment = alignment;
    if (Object.keys(body).length === 0) return onSaved(policy);
    try {
      const saved = await policiesApi.update(slug, policy, body as Body<'policies.update'>);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error('The policy changed meanwhile. Reload the page and try again.');
      throw e;
    }
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label="Policy settings"
      className="subform"
    >
      <Alert>{form.formError}</Alert>
      <div className="form-grid">
        <TextField
          label="Title"
          name="title"
          required
          defaultValue={policy.title}
          error={form.fieldErrors.title}
          autoComplete="off"
        />
        <SelectField
          label="Kind"
          name="kind"
          options={KIND_OPTIONS}
          defaultValue={policy.kind}
          error={form.fieldErrors.kind}
        />
        <TextField
          label="Review every (months)"
          name="reviewCycleMonths"
          type="number"
          min={1}
          max={60}
          required
          defaultValue={String(policy.reviewCycleMonths)}
          error={form.fieldErrors.reviewCycleMonths}
        />
        <OwnerPicker slug={slug} policy={policy} error={form.fieldErrors.ownerMemberId} />
        <div className="span-all">
          <TextAreaField
            label="Alignment with other policies"
            name="alignment"
            rows={2}
            defaultValue={policy.alignment ?? ''}
            error={form.fieldErrors.alignment}
          />
        </div>
      </div>
      <button type="submit" className="button" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}

function PolicyPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const policy = useData(`${slug}|policy|${id}`, () => policiesApi.get(slug, id));
  const versions = useData(`${slug}|policy-versions|${id}`, () => policiesApi.versions(slug, id));
  const acks = useData(`${slug}|acks|${id}`, () =>
    policiesApi.acknowledgements(slug, id, 'acknowledged'),
  );
  const [message, setMessage] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const back = { href: sectionHref(slug, 'policies'), label: 'Policies' };

  if (policy.error && !policy.data) {
    return (
      <>
        <Breadcrumbs items={[back]} />
        <Alert>
          {policy.status === 404 ? 'There is no such policy in this organization.' : policy.error}
        </Alert>
      </>
    );
  }
  if (!policy.data || !versions.data) return <Loading />;
  const p = policy.data;
  const all = versions.data.items;
  const published = all.find((v) => v.id === p.currentVersionId) ?? null;
  const open =
    all.find((v) => v.status === 'draft' || v.status === 'in_review' || v.status === 'approved') ??
    null;

  const startVersion = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const v = await policiesApi.draft(slug, p.id, {
        content: published?.content ?? all[0]?.content ?? '',
        changeNote: null,
      });
      setMessage(`Draft ${v.number} started from the published text.`);
    } catch (e) {
      setStartError(messageOf(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <Breadcrumbs items={[back]} />
      <PageHeader title={p.title} org={membership.name}>
        {p.abilities.edit && (
          <button
            type="button"
            className="button"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen((o) => !o)}
          >
            {settingsOpen ? 'Close settings' : 'Policy settings'}
          </button>
        )}
      </PageHeader>
      <p className="intro policy-meta">
        <span>{KIND_LABEL[p.kind] ?? humanize(p.kind)}</span>
        <span>Owner: {memberOf(p.names, p.ownerMemberId) ?? 'nobody'}</span>
        <span>Reviewed every {plural(p.reviewCycleMonths, 'month')}</span>
        {p.nextReviewDate && (
          <span>
            Next review: <DateOnly value={p.nextReviewDate} />
          </span>
        )}
        {p.reviewOverdue && <Badge tone="danger">Review overdue</Badge>}
      </p>
      {settingsOpen && (
        <SettingsForm
          slug={slug}
          policy={p}
          onSaved={() => {
            setSettingsOpen(false);
            setMessage('Policy settings saved.');
          }}
        />
      )}
      <div aria-live="polite">{message && <Alert tone="success">{message}</Alert>}</div>

      {published && (
        <Acknowledge
          slug={slug}
          policy={p}
          version={published}
          acks={acks.data}
          onDone={setMessage}
        />
      )}

      <Section
        id="published"
        title={published ? `In force: version ${published.number}` : 'In force'}
      >
        {published ? (
          <>
            <p className="muted">
              Published <When at={published.publishedAt ?? published.createdAt} />
              {published.approverMemberId && (
                <> after approval by {memberOf(published.names, published.approverMemberId)}</>
              )}
              .
            </p>
            <div className="document">
              <Markdown source={published.content} />
            </div>
          </>
        ) : (
          <p className="muted">No version is published yet.</p>
        )}
      </Section>

      {open ? (
        <OpenVersion
          key={`${open.id}:${open.version}`}
          membership={membership}
          version={open}
          onChange={setMessage}
        />
      ) : (
        p.abilities.draft && (
          <Section id="new-version" title="Change the policy">
            <p>
              A published version cannot be edited. To change the policy, start a new version: it
              begins as a draft with the text in force.
            </p>
            <Alert>{startError}</Alert>
            <button
              type="button"
              className="button primary"
              disabled={starting}
              onClick={() => void startVersion()}
            >
              {starting ? 'Starting…' : 'Start a new version'}
            </button>
          </Section>
        )
      )}

      {published && (
        <AcknowledgementsPanel slug={slug} policyId={p.id} versionNumber={published.number} />
      )}

      <Section id="versions" title="Versions">
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Versions of {p.title}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Author</th>
                <th scope="col">Approved by</th>
                <th scope="col">Published</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {all.map((v) => (
                <tr key={v.id}>
                  <td className="num">{v.number}</td>
                  <td>
                    <Badge tone={VERSION_TONE[v.status]}>{humanize(v.status)}</Badge>
                  </td>
                  <td>{memberOf(v.names, v.authorMemberId) ?? <span className="muted">—</span>}</td>
                  <td>
                    {memberOf(v.names, v.approverMemberId) ?? <span className="muted">—</span>}
                  </td>
                  <td>
                    {v.publishedAt ? <When at={v.publishedAt} /> : <span className="muted">—</span>}
                  </td>
                  <td>{v.changeNote ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <HistoryPanel slug={slug} entity="policies" id={p.id} />
    </>
  );
}

export function PoliciesSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'new') return <NewPolicyPage membership={membership} />;
  if (first) return <PolicyPage key={first} membership={membership} id={first} />;
  return <PoliciesList membership={membership} />;
}
