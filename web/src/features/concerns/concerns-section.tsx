// Concerns: every member can report one (also anonymously); managers, owners and auditors see the
// reports, and managers and owners triage them until they are resolved or dismissed.
import { useRef, useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import {
  Alert,
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { humanize, optionsOf } from '../../lib/format';
import { useCatalog } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { HistoryPanel } from '../registers/history';
import { recordHref } from '../registers/links';
import { CONCERN_STATES, concernsApi, publicReportUrl, STATUS_TONE, type Concern } from './api';

const REPORT_FIELDS = ['summary', 'details', 'aiSystemId', 'anonymous'] as const;

/** A member a concern names (`names` from the server), else a former or unreadable one. */
const memberOf = (c: Concern, id: string | null) => (id ? (c.names[id] ?? 'Former member') : null);

function ReportForm({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [sent, setSent] = useState<string | null>(null);
  const form = useSubmission(REPORT_FIELDS, async (data, el) => {
    const details = textValue(data, 'details');
    const aiSystemId = textValue(data, 'aiSystemId');
    const anonymous = data.get('anonymous') === 'on';
    const out = await concernsApi.report(slug, {
      summary: textValue(data, 'summary') ?? '',
      ...(details ? { details } : {}),
      ...(aiSystemId ? { aiSystemId } : {}),
      anonymous,
    });
    el.reset();
    setSent(
      anonymous
        ? 'Your anonymous report is recorded. Nothing in it points back to you.'
        : `Your report is recorded. Reference: ${out.id}.`,
    );
  });
  return (
    <Section
      id="report"
      title="Report a concern"
      intro={
        <p>
          Seen an AI system cause harm, treat someone unfairly, or be used in a way it should not?
          Say so here. You may stay anonymous.
        </p>
      }
    >
      {sent && <Alert tone="success">{sent}</Alert>}
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-label="Report a concern">
        <Alert>{form.formError}</Alert>
        <TextField
          label="What is the concern?"
          name="summary"
          required
          maxLength={300}
          error={form.fieldErrors.summary}
          autoComplete="off"
        />
        <TextAreaField
          label="What happened"
          name="details"
          rows={3}
          error={form.fieldErrors.details}
        />
        <RecordPicker
          org={slug}
          type="ai_systems"
          label="AI system"
          name="aiSystemId"
          hint="Type part of its name; leave empty when not sure."
          error={form.fieldErrors.aiSystemId}
        />
        <CheckboxField
          label="Report anonymously"
          name="anonymous"
          hint="Your name is kept out of the report and of the ledger."
          error={form.fieldErrors.anonymous}
        />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Sending…' : 'Send the report'}
        </button>
      </form>
    </Section>
  );
}

function PublicLink({ slug }: { slug: string }) {
  const url = publicReportUrl(slug);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied.');
    } catch {
      input.current?.select();
      setCopied('Copying was not allowed: the link is selected, copy it with Ctrl+C (or ⌘C).');
    }
  };
  return (
    <Section
      id="public-link"
      title="Public reporting link"
      intro={
        <p>
          Share this link with customers, people affected by your AI and the public: they can report
          a concern without an account.
        </p>
      }
    >
      <div className="secret-row">
        <label htmlFor="public-link-url" className="visually-hidden">
          Link to share
        </label>
        <input
          id="public-link-url"
          ref={input}
          readOnly
          value={url}
          className="mono"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <a className="button" href={url} target="_blank" rel="noopener noreferrer">
          Open
        </a>
      </div>
      <p className="muted" role="status">
        {copied}
      </p>
    </Section>
  );
}

function ConcernList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|concerns`, ['q', 'sort', 'status'], (f) =>
    concernsApi.list(slug, f),
  );
  return (
    <Section
      id="reported"
      title="Reported concerns"
      intro={<p>Open one to assign it, follow it up and close it with its outcome.</p>}
    >
      <RecordList
        list={list}
        noun="concerns"
        one="concern"
        searchLabel="Search what was reported"
        filters={[{ name: 'status', label: 'Status', options: optionsOf(CONCERN_STATES) }]}
        sorts={[
          { value: 'summary', label: 'Concern' },
          { value: 'status', label: 'Status' },
          { value: 'createdAt', label: 'Reported' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        none="No concerns reported yet."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Reported concerns</caption>
              <thead>
                <tr>
                  <th scope="col">Concern</th>
                  <th scope="col">Status</th>
                  <th scope="col">From</th>
                  <th scope="col">Reported</th>
                  <th scope="col">Handled by</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="row-title">
                      <Link href={sectionHref(slug, 'concerns', c.id)}>{c.summary}</Link>
                    </th>
                    <td>
                      <Badge tone={STATUS_TONE[c.status]}>{humanize(c.status)}</Badge>
                    </td>
                    <td>
                      {c.channel === 'public'
                        ? 'Public link'
                        : c.anonymous
                          ? 'A member, anonymously'
                          : (memberOf(c, c.reporterMemberId) ?? 'A member')}
                    </td>
                    <td>
                      <When at={c.createdAt} />
                    </td>
                    <td>
                      {memberOf(c, c.ownerMemberId) ?? <span className="muted">Nobody yet</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RecordList>
    </Section>
  );
}

function ConcernsPage({ membership }: { membership: Membership }) {
  const canRead = can(membership, 'concerns.read');
  return (
    <>
      <PageHeader title="Concerns" org={membership.name} />
      <p className="intro">
        Reports about AI systems from members and from the public, and how each one was followed up.{' '}
        <span className="clause">ISO/IEC 42001: A.3.3, A.8.3</span>
      </p>
      {canRead && <ConcernList membership={membership} />}
      {can(membership, 'concerns.report') && <ReportForm membership={membership} />}
      {canRead && <PublicLink slug={membership.slug} />}
      {!canRead && (
        <p className="muted">
          Reports are read by the organization’s owners, managers and auditors.
        </p>
      )}
    </>
  );
}

const TRIAGE_FIELDS = ['status', 'ownerMemberId', 'aiSystemId', 'outcome'] as const;

function TriageForm({
  slug,
  concern,
  onSaved,
}: {
  slug: string;
  concern: Concern;
  onSaved: (c: Concern) => void;
}) {
  const form = useSubmission(TRIAGE_FIELDS, async (data) => {
    const outcome =
      typeof data.get('outcome') === 'string' ? String(data.get('outcome')).trim() : '';
    const owner = textValue(data, 'ownerMemberId') ?? null;
    const system = textValue(data, 'aiSystemId') ?? null;
    try {
      const saved = await concernsApi.triage(slug, concern, {
        status: (textValue(data, 'status') ?? concern.status) as Concern['status'],
        ...(owner !== concern.ownerMemberId ? { ownerMemberId: owner } : {}),
        ...(system !== concern.aiSystemId ? { aiSystemId: system } : {}),
        ...(outcome !== (concern.outcome ?? '') ? { outcome: outcome || null } : {}),
      });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error(
          'Someone else changed this concern meanwhile. Reload the page and try again.',
        );
      throw e;
    }
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label="Follow up"
      className="subform"
    >
      <Alert>{form.formError}</Alert>
      <div className="grid">
        <SelectField
          label="Status"
          name="status"
          options={optionsOf(CONCERN_STATES)}
          defaultValue={concern.status}
          error={form.fieldErrors.status}
        />
        <RecordPicker
          org={slug}
          type="members"
          label="Handled by"
          name="ownerMemberId"
          defaultValue={concern.ownerMemberId ? [concern.ownerMemberId] : []}
          names={concern.names}
          hint="Nobody yet when left empty."
          error={form.fieldErrors.ownerMemberId}
        />
        <RecordPicker
          org={slug}
          type="ai_systems"
          label="AI system"
          name="aiSystemId"
          defaultValue={concern.aiSystemId ? [concern.aiSystemId] : []}
          names={concern.names}
          hint="Not known when left empty."
          error={form.fieldErrors.aiSystemId}
        />
      </div>
      <TextAreaField
        label="Outcome"
        name="outcome"
        rows={3}
        defaultValue={concern.outcome ?? ''}
        hint="What was found and what was done. Needed before the concern can be resolved or dismissed."
        error={form.fieldErrors.outcome}
      />
      <button type="submit" className="button primary" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}

function ConcernPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const concern = useData(`${slug}|concern|${id}`, () => concernsApi.get(slug, id));
  const { catalog } = useCatalog();
  const systems = catalog?.byKey.get('ai_systems');
  const [saved, setSaved] = useState<string | null>(null);
  const back = { href: sectionHref(slug, 'concerns'), label: 'Concerns' };
  if (concern.error && !concern.data) {
    return (
      <>
        <Breadcrumbs items={[back]} />
        <Alert>
          {concern.status === 404
            ? 'There is no such concern in this organization.'
            : concern.error}
        </Alert>
      </>
    );
  }
  if (!concern.data) return <Loading />;
  const c = concern.data;
  const reporter =
    c.channel === 'public'
      ? c.reporterContact
        ? `Someone from the public, who left a contact: ${c.reporterContact}`
        : 'Someone from the public, anonymously'
      : c.anonymous
        ? 'A member, anonymously'
        : (memberOf(c, c.reporterMemberId) ?? 'A member');
  return (
    <>
      <Breadcrumbs items={[back]} />
      <PageHeader title={c.summary} org={membership.name} />
      <p className="intro">
        <Badge tone={STATUS_TONE[c.status]}>{humanize(c.status)}</Badge> Reported{' '}
        <When at={c.createdAt} />
        {c.closedAt && (
          <>
            {' '}
            · closed <When at={c.closedAt} />
          </>
        )}
      </p>
      {saved && <Alert tone="success">{saved}</Alert>}
      <Section id="concern" title="The report">
        <dl className="fields">
          <div>
            <dt>Reference</dt>
            <dd className="mono">{c.id}</dd>
          </div>
          <div>
            <dt>From</dt>
            <dd>{reporter}</dd>
          </div>
          <div>
            <dt>AI system</dt>
            <dd>
              {c.aiSystemId && systems ? (
                <Link href={recordHref(slug, systems, c.aiSystemId)}>
                  {c.names[c.aiSystemId] ?? 'The system'}
                </Link>
              ) : (
                <span className="muted">Not known</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Handled by</dt>
            <dd>{memberOf(c, c.ownerMemberId) ?? <span className="muted">Nobody yet</span>}</dd>
          </div>
          <div className="wide">
            <dt>What happened</dt>
            <dd className="prewrap">
              {c.details ?? <span className="muted">No details given.</span>}
            </dd>
          </div>
          <div className="wide">
            <dt>Outcome</dt>
            <dd className="prewrap">{c.outcome ?? <span className="muted">Not yet.</span>}</dd>
          </div>
        </dl>
      </Section>
      {can(membership, 'concerns.triage') && (
        <Section id="follow-up" title="Follow up">
          <TriageForm
            key={c.version}
            slug={slug}
            concern={c}
            onSaved={(next) => {
              concern.set(next);
              setSaved(`Saved: the concern is ${humanize(next.status).toLowerCase()}.`);
            }}
          />
        </Section>
      )}
      <HistoryPanel slug={slug} entity="concerns" id={c.id} />
    </>
  );
}

export function ConcernsSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [id] = parts;
  if (id) return <ConcernPage key={id} membership={membership} id={id} />;
  return <ConcernsPage membership={membership} />;
}
