// Evidence: files (stored by content hash, every download recorded), links and references, each
// valid for a period and linked to the controls, requirements, risks and AI systems it supports.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import {
  Badge,
  Breadcrumbs,
  DateOnly,
  Loading,
  PageHeader,
  Section,
  When,
} from '../../components/page';
import { RecordPicker, type LookupKind } from '../../components/record-picker';
import { messageOf, useData } from '../../lib/data';
import { actorName, humanize } from '../../lib/format';
import { usePaged } from '../../lib/paged';
import { LoadMore } from '../../components/load-more';
import { ListToolbar } from '../../components/list-toolbar';
import { Link, orgHref, sectionHref, setSearch, useSearch } from '../../router';
import { evidenceApi, TARGET_TYPES, type Evidence, type EvidenceLink } from './api';
import { STATE_TONE, STATE_WORD, uploadForm } from './attach-evidence';

export function EvidenceSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first) return <EvidencePage key={first} membership={membership} id={first} />;
  return <EvidenceList membership={membership} />;
}

/** Where a link's target lives in the app. */
export function targetHref(
  slug: string,
  l: Pick<EvidenceLink, 'targetType' | 'targetId'>,
): string | null {
  switch (l.targetType) {
    case 'control':
      return sectionHref(slug, 'controls', l.targetId);
    case 'risk':
      return sectionHref(slug, 'risks', l.targetId);
    case 'ai_system':
      return sectionHref(slug, 'systems', l.targetId);
    case 'incident':
      return sectionHref(slug, 'incidents', l.targetId);
    default:
      return null;
  }
}

const sizeOf = (n: number | null) =>
  n === null
    ? ''
    : n < 1024
      ? `${n} bytes`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The fields the server sorts evidence by (src/modules/evidence/queries.ts EVIDENCE_SORTS). */
const EVIDENCE_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'kind', label: 'Kind' },
  { value: 'validUntil', label: 'Valid until' },
  { value: 'updatedAt', label: 'Last changed' },
];

function EvidenceList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const search = useSearch();
  const params = new URLSearchParams(search);
  const filter = {
    targetType: params.get('targetType'),
    targetId: params.get('targetId'),
    expiringBefore: params.get('expiringBefore'),
    q: params.get('q'),
    sort: params.get('sort'),
  };
  const list = usePaged(`${slug}|evidence-list|${search}`, (cursor) =>
    evidenceApi.list(slug, { ...filter, cursor }),
  );
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };
  return (
    <>
      <PageHeader title="Evidence" org={membership.name} />
      <p className="intro">
        What shows the controls and requirements at work: files, links to other systems and
        references to records in aims. Each piece is valid for a period; files are checked against
        their hash whenever they are downloaded.{' '}
        <span className="clause">ISO/IEC 42001: 7.5, 9.1</span>
      </p>
      <ListToolbar
        noun="pieces of evidence"
        one="piece of evidence"
        searchLabel="Search title or file name"
        count={list.items ? list.items.length : null}
        more={list.more}
        filters={[
          {
            name: 'targetType',
            label: 'Supports',
            any: 'Anything',
            options: TARGET_TYPES.map((t) => ({ value: t, label: humanize(t) })),
          },
        ]}
        sorts={EVIDENCE_SORTS}
      >
        <div className="filter">
          <label htmlFor="ev-target">Identifier</label>
          <input
            id="ev-target"
            key={filter.targetId ?? ''}
            defaultValue={filter.targetId ?? ''}
            onBlur={(e) => setParam('targetId', e.target.value.trim())}
            placeholder="e.g. A.6.2.4"
          />
        </div>
        <div className="filter">
          <label htmlFor="ev-expiring">Expiring before</label>
          <input
            id="ev-expiring"
            type="date"
            value={filter.expiringBefore ?? ''}
            onChange={(e) => setParam('expiringBefore', e.target.value)}
          />
        </div>
      </ListToolbar>
      {!list.items ? (
        <Loading
          what={list.error ? `The evidence could not be loaded: ${list.error}` : 'Loading…'}
        />
      ) : list.items.length === 0 ? (
        <p className="empty">No evidence matches.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Valid until</th>
                <th scope="col">Supports</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'evidence', e.id)}>{e.title}</Link>
                  </th>
                  <td>{humanize(e.kind)}</td>
                  <td>
                    <Badge tone={STATE_TONE[e.state]}>{STATE_WORD[e.state]}</Badge>
                  </td>
                  <td>{e.validUntil ? <DateOnly value={e.validUntil} /> : 'open-ended'}</td>
                  <td className="inline-list">
                    {e.links.map((l) => targetLabel(e, l)).join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} one="piece of evidence" many="pieces of evidence" />
      {can(membership, 'evidence.create') && <NewEvidence slug={slug} />}
    </>
  );
}

function NewEvidence({ slug }: { slug: string }) {
  const [done, setDone] = useState<string | null>(null);
  const upload = useSubmission(
    ['title', 'description', 'validFrom', 'validUntil', 'file'],
    async (data, form) => {
      setDone(null);
      const e = await evidenceApi.upload(slug, uploadForm(data));
      form.reset();
      setDone(`“${e.title}” is uploaded.`);
    },
  );
  const link = useSubmission(
    ['title', 'url', 'description', 'validFrom', 'validUntil'],
    async (data, form) => {
      setDone(null);
      const e = await evidenceApi.addLink(slug, {
        kind: 'link',
        title: textValue(data, 'title') ?? '',
        url: textValue(data, 'url') ?? '',
        description: textValue(data, 'description') ?? null,
        validFrom: textValue(data, 'validFrom') ?? null,
        validUntil: textValue(data, 'validUntil') ?? null,
      });
      form.reset();
      setDone(`“${e.title}” is recorded.`);
    },
  );
  return (
    <div className="two-columns">
      <Section id="upload" title="Upload a file">
        <form ref={upload.formRef} onSubmit={upload.onSubmit} aria-label="Upload a file" noValidate>
          <TextField label="Title" name="title" required error={upload.fieldErrors.title} />
          <TextAreaField
            label="Description"
            name="description"
            rows={2}
            error={upload.fieldErrors.description}
          />
          <TextField
            label="Valid from"
            name="validFrom"
            type="date"
            error={upload.fieldErrors.validFrom}
          />
          <TextField
            label="Valid until"
            name="validUntil"
            type="date"
            error={upload.fieldErrors.validUntil}
          />
          <TextField
            label="File"
            name="file"
            type="file"
            required
            error={upload.fieldErrors.file}
          />
          <Alert>{upload.formError}</Alert>
          <button type="submit" className="button primary" disabled={upload.busy}>
            {upload.busy ? 'Uploading…' : 'Upload'}
          </button>
        </form>
      </Section>
      <Section id="add-link" title="Record a link">
        <form ref={link.formRef} onSubmit={link.onSubmit} aria-label="Record a link" noValidate>
          <TextField label="Title" name="title" required error={link.fieldErrors.title} />
          <TextField
            label="Address"
            name="url"
            type="url"
            required
            placeholder="https://…"
            error={link.fieldErrors.url}
          />
          <TextAreaField
            label="Description"
            name="description"
            rows={2}
            error={link.fieldErrors.description}
          />
          <TextField
            label="Valid from"
            name="validFrom"
            type="date"
            error={link.fieldErrors.validFrom}
          />
          <TextField
            label="Valid until"
            name="validUntil"
            type="date"
            error={link.fieldErrors.validUntil}
          />
          <Alert>{link.formError}</Alert>
          <button type="submit" className="button primary" disabled={link.busy}>
            Record the link
          </button>
        </form>
      </Section>
      <Alert tone="success">{done}</Alert>
    </div>
  );
}

function EvidencePage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const ev = useData(`${slug}|evidence|${id}`, () => evidenceApi.get(slug, id));
  const custody = useData(`${slug}|custody|${id}`, () => evidenceApi.custody(slug, id));
  const [error, setError] = useState<string | null>(null);
  const crumbs = <Breadcrumbs items={[{ href: orgHref(slug, 'evidence'), label: 'Evidence' }]} />;
  if (!ev.data) {
    return (
      <>
        {crumbs}
        {ev.status === 404 ? <PageHeader title="Evidence not found" org={membership.name} /> : null}
        <Loading what={ev.error ? `The evidence could not be loaded: ${ev.error}` : 'Loading…'} />
      </>
    );
  }
  const e: Evidence = ev.data;
  const unlink = async (l: EvidenceLink) => {
    setError(null);
    try {
      await evidenceApi.unlink(slug, e.id, l.id);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <>
      {crumbs}
      <PageHeader title={e.title} org={membership.name}>
        {e.kind === 'file' && can(membership, 'evidence.download') && (
          <a
            className="button"
            href={evidenceApi.downloadHref(slug, e.id)}
            download={e.filename ?? true}
          >
            Download
          </a>
        )}
      </PageHeader>
      <dl className="policy-meta">
        <dt>State</dt>
        <dd>
          <Badge tone={STATE_TONE[e.state]}>{STATE_WORD[e.state]}</Badge>
        </dd>
        <dt>Valid</dt>
        <dd>
          {e.validFrom ? <DateOnly value={e.validFrom} /> : 'from the start'} –{' '}
          {e.validUntil ? <DateOnly value={e.validUntil} /> : 'open-ended'}
        </dd>
        {e.kind === 'file' && (
          <>
            <dt>File</dt>
            <dd>
              {e.filename} ({sizeOf(e.size)}, {e.mediaType})
            </dd>
            <dt>SHA-256</dt>
            <dd className="mono">{e.sha256}</dd>
          </>
        )}
        {e.url && (
          <>
            <dt>Address</dt>
            <dd>
              <a href={e.url} rel="noreferrer noopener" target="_blank">
                {e.url}
              </a>
            </dd>
          </>
        )}
        {e.description && (
          <>
            <dt>Description</dt>
            <dd className="prewrap">{e.description}</dd>
          </>
        )}
        <dt>Recorded</dt>
        <dd>
          <When at={e.createdAt} />
        </dd>
      </dl>
      <Section id="links" title="What it supports">
        {e.links.length === 0 ? (
          <p>Not linked to anything yet.</p>
        ) : (
          <ul className="plain-list">
            {e.links.map((l) => {
              const href = targetHref(slug, l);
              const label = targetLabel(e, l);
              return (
                <li key={l.id}>
                  {href ? <Link href={href}>{label}</Link> : label}{' '}
                  {can(membership, 'evidence.link') && (
                    <button
                      type="button"
                      className="button small"
                      onClick={() => void unlink(l)}
                      aria-label={`Remove the link to ${label}`}
                    >
                      Remove
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <Alert>{error}</Alert>
        {can(membership, 'evidence.link') && <LinkForm slug={slug} id={e.id} />}
      </Section>
      <Section id="custody" title="Chain of custody">
        {!custody.data ? (
          <Loading what={custody.error ?? 'Loading…'} />
        ) : (
          <ol className="timeline">
            {custody.data.items.map((c) => (
              <li key={c.id}>
                <strong>{humanize(c.event)}</strong> by{' '}
                {actorName(c.actor, new Map(Object.entries(custody.data?.names ?? {})))},{' '}
                <When at={c.at} />
                {c.sha256 && <span className="mono muted"> {c.sha256.slice(0, 12)}…</span>}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

/** What a link points at, in words: its kind, and its name from the server (else its id). */
function targetLabel(e: Evidence, l: EvidenceLink): string {
  const name = e.names[l.targetId];
  const catalog = ['control', 'requirement', 'framework_requirement'].includes(l.targetType);
  if (catalog) return `${humanize(l.targetType)} ${l.targetId}${name ? ` ${name}` : ''}`;
  return `${humanize(l.targetType)} ${name ?? l.targetId}`;
}

/** The lookup kind that finds each kind of target; framework requirements are typed. */
const TARGET_LOOKUP: Record<(typeof TARGET_TYPES)[number], LookupKind | null> = {
  control: 'controls',
  requirement: 'requirements',
  framework_requirement: null,
  risk: 'risks',
  ai_system: 'ai_systems',
  incident: 'incidents',
};

function LinkForm({ slug, id }: { slug: string; id: string }) {
  const [targetType, setTargetType] = useState<(typeof TARGET_TYPES)[number]>('control');
  const lookup = TARGET_LOOKUP[targetType];
  const sub = useSubmission(['targetType', 'targetId'], async (data, form) => {
    const targetId = textValue(data, 'targetId');
    if (!targetId) throw new Error('Choose what the evidence supports.');
    await evidenceApi.link(slug, id, { targetType, targetId });
    form.reset();
    setPicked((n) => n + 1);
  });
  // A new picker after each link, so the next one starts empty.
  const [picked, setPicked] = useState(0);
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label="Link the evidence"
      noValidate
      className="inline-form"
    >
      <SelectField
        label="Supports a"
        name="targetType"
        value={targetType}
        onChange={(e) => setTargetType(e.target.value as (typeof TARGET_TYPES)[number])}
        options={TARGET_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
        error={sub.fieldErrors.targetType}
      />
      {lookup ? (
        <RecordPicker
          key={`${targetType}-${picked}`}
          org={slug}
          type={lookup}
          label="Which"
          name="targetId"
          required
          hint="Type part of its name or its identifier, in any case (a.6.2.4, 6.1.2)."
          error={sub.fieldErrors.targetId}
        />
      ) : (
        <TextField
          label="Identifier"
          name="targetId"
          required
          hint="A requirement of another framework as framework:ref (iso27001:A.5.24, soc2:CC6.1)."
          error={sub.fieldErrors.targetId}
        />
      )}
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button">
        Link
      </button>
    </form>
  );
}
