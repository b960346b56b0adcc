// Documented information (clause 7.5): documents with versions, owner, classification and
// retention. A version takes effect when someone other than its author approves it; published
// registers appear here as snapshots.
import { useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { Markdown } from '../../components/markdown';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { readCsv } from '../../lib/csv';
import { messageOf, useData } from '../../lib/data';
import { humanize, optionsOf, plural } from '../../lib/format';
import { useCatalog } from '../../lib/lookups';
import { awaitingMe, RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, sectionHref } from '../../router';
import { registerHref } from '../registers/links';
import {
  CLASSIFICATIONS,
  DOCUMENT_KINDS,
  DOCUMENT_PURPOSES,
  documentsApi,
  PURPOSE_OPTIONS,
  type DocumentRecord,
  type DocumentVersion,
} from './api';

const FIELDS = [
  'title',
  'kind',
  'classification',
  'retentionMonths',
  'ownerMemberId',
  'purpose',
  'content',
  'changeNote',
] as const;
/** A member a view names (its `names` from the server), else one no longer (or not) readable. */
const memberOf = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'a former member') : null;
const DOCUMENT_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'kind', label: 'Kind' },
  { value: 'classification', label: 'Classification' },
  { value: 'updatedAt', label: 'Last changed' },
];
const CSV_ROWS_SHOWN = 200;

function download(name: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Content({ v }: { v: DocumentVersion }) {
  if (v.contentType.startsWith('text/csv')) {
    const { rows: table, problem } = readCsv(v.content);
    if (problem) return <p className="muted">The snapshot cannot be shown: {problem}</p>;
    const [head, ...rows] = table;
    if (!head) return <p className="muted">The snapshot is empty.</p>;
    return (
      <>
        <div className="table-wrap snapshot">
          <table>
            <caption className="visually-hidden">Register snapshot, version {v.number}</caption>
            <thead>
              <tr>
                {head.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, CSV_ROWS_SHOWN).map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j} title={c.length > 40 ? c : undefined}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">
          {plural(rows.length, 'record')}
          {rows.length > CSV_ROWS_SHOWN
            ? `; the first ${CSV_ROWS_SHOWN} are shown, the download has them all`
            : ''}
          .
        </p>
      </>
    );
  }
  return (
    <div className="document">
      <Markdown source={v.content} />
    </div>
  );
}

function DocumentsList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|documents`, ['q', 'sort', 'kind', 'awaiting'], (f) =>
    documentsApi.list(slug, f),
  );
  const { catalog } = useCatalog();
  return (
    <>
      <PageHeader title="Documents" org={membership.name}>
        {can(membership, 'documents.create') && (
          <Link className="button primary" href={sectionHref(slug, 'documents', 'new')}>
            New document
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        Procedures, plans, records and reports, each with approved versions; published registers are
        kept here as dated snapshots. <span className="clause">ISO/IEC 42001: 7.5</span>
      </p>
      <RecordList
        list={list}
        noun="documents"
        one="document"
        searchLabel="Search title"
        filters={[
          ...(can(membership, 'documents.approve')
            ? [awaitingMe('Approval', 'Awaiting my approval')]
            : []),
          { name: 'kind', label: 'Kind', options: optionsOf(DOCUMENT_KINDS) },
        ]}
        sorts={DOCUMENT_SORTS}
        none={
          <>
            No documents yet. Add one, or publish a register from its page under{' '}
            <Link href={sectionHref(slug, 'registers')}>Registers</Link>.
          </>
        }
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Documents</caption>
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Classification</th>
                  <th scope="col">Approved version</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row" className="row-title">
                      <Link href={sectionHref(slug, 'documents', d.id)}>{d.title}</Link>
                    </th>
                    <td>
                      {d.sourceRegister
                        ? `Snapshot of ${catalog?.byKey.get(d.sourceRegister)?.title ?? humanize(d.sourceRegister)}`
                        : humanize(d.kind)}
                    </td>
                    <td>{humanize(d.classification)}</td>
                    <td>
                      {d.currentVersionId ? (
                        <Badge tone="success">Yes</Badge>
                      ) : (
                        <Badge>Not yet</Badge>
                      )}
                    </td>
                    <td>
                      <When at={d.updatedAt} />
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

/** The document's owner, chosen through the member lookup (no list of every member). */
function OwnerPicker({ slug, error }: { slug: string; error: string | undefined }) {
  return (
    <RecordPicker
      org={slug}
      type="members"
      label="Owner"
      name="ownerMemberId"
      placeholder="Type part of a name or email"
      hint="You when left empty."
      error={error}
    />
  );
}

const KIND_OPTIONS = optionsOf(DOCUMENT_KINDS.filter((k) => k !== 'register_snapshot'));

function NewDocumentPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const form = useSubmission(FIELDS, async (data) => {
    const owner = textValue(data, 'ownerMemberId');
    const purpose = textValue(data, 'purpose');
    const months = Number(textValue(data, 'retentionMonths'));
    const out = await documentsApi.create(slug, {
      title: textValue(data, 'title') ?? '',
      kind: textValue(data, 'kind') ?? 'procedure',
      classification: textValue(data, 'classification') ?? 'internal',
      retentionMonths: Number.isFinite(months)
        ? months
        : (textValue(data, 'retentionMonths') as unknown as number),
      content: String(data.get('content') ?? ''),
      ...(owner ? { ownerMemberId: owner } : {}),
      ...(purpose ? { purpose } : {}),
    });
    navigate(sectionHref(slug, 'documents', out.document.id));
  });
  return (
    <>
      <Breadcrumbs items={[{ href: sectionHref(slug, 'documents'), label: 'Documents' }]} />
      <PageHeader title="New document" org={membership.name} />
      {!can(membership, 'documents.create') ? (
        <p>Your role in {membership.name} does not include adding documents.</p>
      ) : (
        <div className="panel">
          <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-label="New document">
            <p className="intro">
              Version 1 starts as a draft; it takes effect when a manager or owner other than you
              approves it.
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
                defaultValue="procedure"
                error={form.fieldErrors.kind}
              />
              <SelectField
                label="Classification"
                name="classification"
                options={optionsOf(CLASSIFICATIONS)}
                defaultValue="internal"
                error={form.fieldErrors.classification}
              />
              <TextField
                label="Keep versions for (months)"
                name="retentionMonths"
                type="number"
                min={1}
                max={1200}
                required
                defaultValue="36"
                error={form.fieldErrors.retentionMonths}
              />
              <OwnerPicker slug={slug} error={form.fieldErrors.ownerMemberId} />
              <SelectField
                label="Fulfils"
                name="purpose"
                optional
                hint="The documented information of ISO/IEC 42001 this document is; readiness counts it once approved."
                options={PURPOSE_OPTIONS}
                defaultValue=""
                error={form.fieldErrors.purpose}
              />
              <div className="span-all">
                <TextAreaField
                  label="Text"
                  name="content"
                  rows={14}
                  className="mono"
                  hint="Markdown."
                  error={form.fieldErrors.content}
                />
              </div>
            </div>
            <button type="submit" className="button primary" disabled={form.busy}>
              {form.busy ? 'Creating…' : 'Create the draft'}
            </button>
          </form>
        </div>
      )}
    </>
  );
}

function NewVersionForm({
  slug,
  doc,
  start,
  onDone,
  onCancel,
}: {
  slug: string;
  doc: DocumentRecord;
  start: string;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const form = useSubmission(['content', 'changeNote'], async (data) => {
    const v = await documentsApi.draft(slug, doc.id, {
      content: String(data.get('content') ?? ''),
      changeNote: textValue(data, 'changeNote') ?? null,
    });
    onDone(`Draft version ${v.number} saved. A manager or owner other than you approves it.`);
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label="New version"
      className="subform"
    >
      <Alert>{form.formError}</Alert>
      <TextField
        label="What changes and why"
        name="changeNote"
        error={form.fieldErrors.changeNote}
        autoComplete="off"
      />
      <TextAreaField
        label="Text"
        name="content"
        rows={12}
        className="mono"
        defaultValue={start}
        hint="Markdown."
        error={form.fieldErrors.content}
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

/** Says which documented information of the standard the document fulfils. */
function PurposeForm({
  slug,
  doc,
  onDone,
}: {
  slug: string;
  doc: DocumentRecord;
  onDone: (text: string) => void;
}) {
  const form = useSubmission(['purpose'], async (data) => {
    await documentsApi.update(slug, doc, { purpose: textValue(data, 'purpose') ?? null });
    onDone('What the document fulfils is saved.');
  });
  return (
    <form
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label="What it fulfils"
      className="inline-form"
    >
      <Alert>{form.formError}</Alert>
      <SelectField
        key={`${doc.version}`}
        label="Fulfils"
        name="purpose"
        optional
        options={PURPOSE_OPTIONS}
        defaultValue={doc.purpose ?? ''}
        error={form.fieldErrors.purpose}
      />
      <button type="submit" className="button" disabled={form.busy}>
        Save
      </button>
    </form>
  );
}

function DocumentPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const doc = useData(`${slug}|document|${id}`, () => documentsApi.get(slug, id));
  const versions = useData(`${slug}|document-versions|${id}`, () =>
    documentsApi.versions(slug, id),
  );
  const { catalog } = useCatalog();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [writing, setWriting] = useState(false);
  const [busy, setBusy] = useState(false);
  const back = { href: sectionHref(slug, 'documents'), label: 'Documents' };

  if (doc.error && !doc.data) {
    return (
      <>
        <Breadcrumbs items={[back]} />
        <Alert>
          {doc.status === 404 ? 'There is no such document in this organization.' : doc.error}
        </Alert>
      </>
    );
  }
  if (!doc.data || !versions.data) return <Loading />;
  const d = doc.data;
  const all = [...versions.data.items].sort((a, b) => b.number - a.number);
  const current = all.find((v) => v.id === d.currentVersionId) ?? null;
  const drafts = all.filter((v) => v.status === 'draft');
  const source = d.sourceRegister ? catalog?.byKey.get(d.sourceRegister) : undefined;

  const approve = async (v: DocumentVersion) => {
    setBusy(true);
    setMessage(null);
    try {
      await documentsApi.approve(slug, v);
      setMessage({ tone: 'success', text: `Version ${v.number} is approved and now in effect.` });
    } catch (e) {
      setMessage({
        tone: 'error',
        text:
          e instanceof ApiError && e.code === 'VERSION_MISMATCH'
            ? 'This version changed meanwhile. Reload the page.'
            : messageOf(e),
      });
    } finally {
      setBusy(false);
    }
  };
  const fileName = (v: DocumentVersion) =>
    `${d.title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'document'}-v${v.number}.${v.contentType.startsWith('text/csv') ? 'csv' : 'md'}`;

  return (
    <>
      <Breadcrumbs items={[back]} />
      <PageHeader title={d.title} org={membership.name}>
        {d.abilities.draft && !writing && (
          <button type="button" className="button" onClick={() => setWriting(true)}>
            New version
          </button>
        )}
      </PageHeader>
      <p className="intro policy-meta">
        <span>{d.sourceRegister ? 'Register snapshot' : humanize(d.kind)}</span>
        <span>Classification: {humanize(d.classification)}</span>
        <span>Versions kept {plural(d.retentionMonths, 'month')}</span>
        <span>Owner: {memberOf(d.names, d.ownerMemberId) ?? 'nobody'}</span>
        <span>
          Fulfils: {d.purpose ? (DOCUMENT_PURPOSES[d.purpose] ?? d.purpose) : 'nothing named'}
        </span>
        {source && (
          <span>
            From <Link href={registerHref(slug, source)}>{source.title}</Link>
          </span>
        )}
      </p>
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      {d.abilities.edit && (
        <PurposeForm slug={slug} doc={d} onDone={(text) => setMessage({ tone: 'success', text })} />
      )}
      {writing && (
        <Section id="new-version" title="New version">
          <NewVersionForm
            slug={slug}
            doc={d}
            start={(current ?? all[0])?.content ?? ''}
            onDone={(text) => {
              setWriting(false);
              setMessage({ tone: 'success', text });
            }}
            onCancel={() => setWriting(false)}
          />
        </Section>
      )}
      {drafts.map((v) => (
        <Section key={v.id} id={`draft-${v.id}`} title={`Draft: version ${v.number}`}>
          <p>
            <Badge tone="warning">Draft</Badge> Written by{' '}
            {memberOf(v.names, v.authorMemberId) ?? 'someone'} <When at={v.createdAt} />
            {v.changeNote && <> — {v.changeNote}</>}
          </p>
          <Content v={v} />
          {!v.abilities.approve && can(membership, 'documents.approve') && (
            <p className="hint">
              You wrote this version: under the four-eyes rule another manager or owner approves it.
            </p>
          )}
          {v.abilities.approve && (
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void approve(v)}
            >
              {busy ? 'Approving…' : 'Approve'}
            </button>
          )}
        </Section>
      ))}
      <Section id="current" title={current ? `In effect: version ${current.number}` : 'In effect'}>
        {current ? (
          <>
            <p className="muted">
              Approved by {memberOf(current.names, current.approverMemberId) ?? 'someone'}{' '}
              {current.approvedAt && <When at={current.approvedAt} />}. SHA-256{' '}
              <code title={current.contentSha256}>{current.contentSha256.slice(0, 16)}…</code>{' '}
              <button
                type="button"
                className="button small"
                onClick={() => download(fileName(current), current.content, current.contentType)}
              >
                Download
              </button>
            </p>
            <Content v={current} />
          </>
        ) : (
          <p className="muted">No version is approved yet.</p>
        )}
      </Section>
      <Section id="versions" title="Versions">
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Versions of {d.title}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Author</th>
                <th scope="col">Approved by</th>
                <th scope="col">Approved</th>
                <th scope="col">Change</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {all.map((v) => (
                <tr key={v.id}>
                  <td className="num">{v.number}</td>
                  <td>
                    <Badge
                      tone={
                        v.status === 'approved'
                          ? v.id === d.currentVersionId
                            ? 'success'
                            : 'neutral'
                          : 'warning'
                      }
                    >
                      {v.id === d.currentVersionId ? 'In effect' : humanize(v.status)}
                    </Badge>
                  </td>
                  <td>{memberOf(v.names, v.authorMemberId) ?? <span className="muted">—</span>}</td>
                  <td>
                    {memberOf(v.names, v.approverMemberId) ?? <span className="muted">—</span>}
                  </td>
                  <td>
                    {v.approvedAt ? <When at={v.approvedAt} /> : <span className="muted">—</span>}
                  </td>
                  <td>{v.changeNote ?? <span className="muted">—</span>}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => download(fileName(v), v.content, v.contentType)}
                      aria-label={`Download version ${v.number}`}
                    >
                      Download
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}

export function DocumentsSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'new') return <NewDocumentPage membership={membership} />;
  if (first) return <DocumentPage key={first} membership={membership} id={first} />;
  return <DocumentsList membership={membership} />;
}
