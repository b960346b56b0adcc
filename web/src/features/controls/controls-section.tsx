// The Statement of Applicability: every Annex A control (and the organization's own), grouped by
// domain, each decided applicable or excluded with a justification either way; versions frozen for
// four-eyes approval; exports for the auditor; and per control its evidence.
import { interchangeHref } from '../interchange/api';
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
import { Badge, Breadcrumbs, DateOnly, Loading, PageHeader, Section } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { humanize, clip } from '../../lib/format';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { AttachEvidence } from '../evidence/attach-evidence';
import { ControlGuidance } from './control-guidance';
import { SoaImportPage } from '../imports/pages';
import { IMPLEMENTATION, soaApi, type SoaEntry, type SoaVersion } from './api';

export function ControlsSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'import') return <SoaImportPage membership={membership} />;
  if (first) return <ControlPage key={first} membership={membership} controlId={first} />;
  return <SoaPage membership={membership} />;
}

const decisionWord = (e: SoaEntry) =>
  e.applicable === null ? 'Undecided' : e.applicable ? 'Applicable' : 'Excluded';
const decisionTone = (e: SoaEntry) =>
  e.applicable === null ? 'warning' : e.applicable ? 'info' : 'neutral';

function SoaPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const soa = useData(`${slug}|soa`, () => soaApi.list(slug), refresh);
  const groups = new Map<string, SoaEntry[]>();
  for (const e of soa.data ?? []) {
    const g = e.domain ?? 'own';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  // Each domain's heading takes its title from the catalog, as the server gives it.
  const headingOf = (domain: string, entries: SoaEntry[]) =>
    domain === 'own' ? 'Own controls' : `${domain} ${entries[0]?.domainTitle ?? ''}`.trim();
  const undecided = (soa.data ?? []).filter((e) => e.applicable === null).length;
  return (
    <>
      <PageHeader title="Controls (SoA)" org={membership.name}>
        <a className="button small" href={soaApi.exportHref(slug, 'xlsx')} download>
          Export XLSX
        </a>
        <a className="button small" href={soaApi.exportHref(slug, 'pdf')} download>
          Export PDF
        </a>
        <a className="button small" href={soaApi.exportHref(slug, 'csv')} download>
          Export CSV
        </a>
        <a className="button small" href={interchangeHref.oscal(slug, 'ssp')} download>
          Export as OSCAL SSP
        </a>
        <a className="button small" href={interchangeHref.catalog()} download>
          Catalog as OSCAL
        </a>
        <a className="button small" href={interchangeHref.oscal(slug, 'mapping')} download>
          Mapping as OSCAL
        </a>
        {can(membership, 'soa.import') && (
          <Link className="button small" href={sectionHref(slug, 'controls', 'import')}>
            Import from a file
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        The Statement of Applicability: for every control, whether it applies, why (an exclusion
        needs a reason just as much as an inclusion), how far it is implemented and what evidence
        shows it. <span className="clause">ISO/IEC 42001: 6.1.3, Annex A</span>
      </p>
      {!soa.data ? (
        <Loading
          what={
            soa.error ? `The statement could not be loaded: ${soa.error}` : 'Loading the statement…'
          }
        />
      ) : (
        <>
          <p>
            {undecided
              ? `${undecided} of ${soa.data.length} controls are still undecided.`
              : `All ${soa.data.length} controls are decided.`}
          </p>
          {[...groups.entries()].map(([domain, entries]) => (
            <section key={domain} className="panel" aria-labelledby={`domain-${domain}`}>
              <h2 id={`domain-${domain}`} tabIndex={-1}>
                {headingOf(domain, entries)}
              </h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Control</th>
                      <th scope="col">Decision</th>
                      <th scope="col">Implementation</th>
                      <th scope="col">Evidence</th>
                      <th scope="col">Justification</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((e) => (
                      <tr key={e.controlId}>
                        <th scope="row">
                          <Link href={sectionHref(slug, 'controls', e.controlId)}>
                            <span className="mono">{e.controlId}</span> {e.title}
                          </Link>
                        </th>
                        <td>
                          <Badge tone={decisionTone(e)}>{decisionWord(e)}</Badge>
                        </td>
                        <td>{e.implementationStatus ? humanize(e.implementationStatus) : '—'}</td>
                        <td>
                          {e.evidence.valid} valid
                          {e.evidence.expired ? `, ${e.evidence.expired} expired` : ''}
                        </td>
                        <td>
                          {e.justification ? (
                            clip(e.justification, 80)
                          ) : (
                            <span className="muted">none yet</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      )}
      {/* Adding an own control is deciding one more: shown when the server lets the caller decide. */}
      {soa.data?.some((e) => e.abilities.decide) && (
        <OwnControlForm slug={slug} onAdded={() => setRefresh((n) => n + 1)} />
      )}
      <SoaVersions membership={membership} />
    </>
  );
}

function OwnControlForm({ slug, onAdded }: { slug: string; onAdded: () => void }) {
  const [done, setDone] = useState<string | null>(null);
  const sub = useSubmission(['controlId', 'title', 'justification'], async (data, form) => {
    setDone(null);
    const e = await soaApi.addControl(slug, {
      controlId: textValue(data, 'controlId') ?? '',
      title: textValue(data, 'title') ?? '',
      justification: textValue(data, 'justification') ?? '',
    });
    form.reset();
    setDone(`${e.controlId} is added as applicable.`);
    onAdded();
  });
  return (
    <Section
      id="own-control"
      title="Add an own control"
      intro="A control of the organization's own, beyond Annex A. It is included in the statement from the start, so say why."
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Add an own control"
        noValidate
        className="inline-form"
      >
        <TextField
          label="Identifier"
          name="controlId"
          required
          hint="Capital letters, digits, dots or dashes, e.g. ORG-1."
          error={sub.fieldErrors.controlId}
        />
        <TextField label="Title" name="title" required error={sub.fieldErrors.title} />
        <TextAreaField
          label="Why it is included"
          name="justification"
          required
          rows={2}
          error={sub.fieldErrors.justification}
        />
        <Alert>{sub.formError}</Alert>
        <Alert tone="success">{done}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          Add the control
        </button>
      </form>
    </Section>
  );
}

function SoaVersions({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const versions = useData(`${slug}|soa-versions`, () => soaApi.versions(slug), refresh);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (what: () => Promise<SoaVersion>, message: (v: SoaVersion) => string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const v = await what();
      setDone(message(v));
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="soa-versions">
      <h2 id="soa-versions" tabIndex={-1}>
        Versions
      </h2>
      <p className="intro">
        A version freezes the whole statement once every control is decided; another manager
        approves it, and it replaces the version in force.
      </p>
      {can(membership, 'soa.update') && (
        <div className="inline-form">
          <div className="field">
            <label htmlFor="soa-note">
              What changed<span className="optional"> (optional)</span>
            </label>
            <input id="soa-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => soaApi.freeze(slug, note.trim() || null),
                (v) => `Version ${v.number} is frozen and waits for approval.`,
              )
            }
          >
            Freeze a version
          </button>
        </div>
      )}
      <Alert>{error}</Alert>
      <Alert tone="success">{done}</Alert>
      {!versions.data ? (
        <Loading what={versions.error ?? 'Loading…'} />
      ) : versions.data.items.length === 0 ? (
        <p className="muted">No version yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Author</th>
                <th scope="col">Approved</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.items.map((v) => (
                <tr key={v.id}>
                  <td>{v.number}</td>
                  <td>{humanize(v.status)}</td>
                  <td>{v.authorMemberId ? (v.names[v.authorMemberId] ?? 'Former member') : '—'}</td>
                  <td>{v.approvedAt ? <DateOnly value={v.approvedAt.slice(0, 10)} /> : '—'}</td>
                  <td>{v.changeNote ?? ''}</td>
                  <td>
                    {v.abilities.approve && (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        onClick={() =>
                          void run(
                            () => soaApi.approve(slug, v),
                            (x) => `Version ${x.number} is approved.`,
                          )
                        }
                      >
                        Approve
                      </button>
                    )}
                    {v.status === 'draft' &&
                      !v.abilities.approve &&
                      can(membership, 'soa.approve') && (
                        <span className="muted">
                          {' '}
                          You froze this version; another manager approves it.
                        </span>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ControlPage({ membership, controlId }: { membership: Membership; controlId: string }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const soa = useData(`${slug}|soa`, () => soaApi.list(slug), refresh);
  const entry = soa.data?.find((e) => e.controlId === controlId) ?? null;
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'controls'), label: 'Controls (SoA)' }]} />
  );
  if (!soa.data)
    return (
      <Loading
        what={
          soa.error ? `The statement could not be loaded: ${soa.error}` : 'Loading the control…'
        }
      />
    );
  if (!entry) {
    return (
      <>
        {crumbs}
        <PageHeader title="Control not found" org={membership.name} />
        <p>
          There is no control {controlId} in the statement.{' '}
          <Link href={orgHref(slug, 'controls')}>See every control</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      {crumbs}
      <PageHeader title={`${entry.controlId} ${entry.title}`} org={membership.name} />
      <p className="intro">
        {entry.domain
          ? `${entry.domain} ${entry.domainTitle ?? ''}`
          : 'An own control of the organization'}{' '}
        · <Badge tone={decisionTone(entry)}>{decisionWord(entry)}</Badge> {entry.evidence.valid}{' '}
        valid evidence{entry.evidence.expired ? `, ${entry.evidence.expired} expired` : ''}
        {entry.riskIds.length > 0 && (
          <>
            {' '}
            · treats{' '}
            {entry.riskIds.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link href={sectionHref(slug, 'risks', id)}>
                  {entry.names[id] ? `risk “${entry.names[id]}”` : `risk ${i + 1}`}
                </Link>
              </span>
            ))}
          </>
        )}
      </p>
      <ControlGuidance slug={slug} controlId={entry.controlId} />
      {entry.abilities.decide ? (
        <DecisionForm slug={slug} entry={entry} onSaved={() => setRefresh((n) => n + 1)} />
      ) : (
        <Section id="decision" title="Decision">
          <p>{entry.justification ?? 'Not decided yet.'}</p>
        </Section>
      )}
      <AttachEvidence
        membership={membership}
        targetType="control"
        targetId={entry.controlId}
        onChange={() => setRefresh((n) => n + 1)}
      />
      <p>
        <button
          type="button"
          className="button"
          onClick={() => navigate(orgHref(slug, 'dashboard'))}
        >
          Back to the dashboard
        </button>
      </p>
    </>
  );
}

function DecisionForm({
  slug,
  entry,
  onSaved,
}: {
  slug: string;
  entry: SoaEntry;
  onSaved: () => void;
}) {
  const [applicable, setApplicable] = useState<'yes' | 'no' | ''>(
    entry.applicable === null ? '' : entry.applicable ? 'yes' : 'no',
  );
  const [done, setDone] = useState<string | null>(null);
  const sub = useSubmission(
    ['applicable', 'justification', 'implementationStatus', 'ownerMemberId', 'notes'],
    async (data) => {
      setDone(null);
      if (!applicable) throw new Error('Say whether the control applies.');
      const owner = textValue(data, 'ownerMemberId') ?? null;
      const saved = await soaApi.decide(slug, entry, {
        applicable: applicable === 'yes',
        // Sent as typed, even empty: the API says what a justification needs.
        justification: String(data.get('justification') ?? '').trim(),
        implementationStatus:
          applicable === 'yes'
            ? ((textValue(data, 'implementationStatus') ??
                'not_started') as SoaEntry['implementationStatus'] & string)
            : 'not_applicable',
        ownerMemberId: owner,
        notes: textValue(data, 'notes') ?? null,
      });
      setDone(`The decision on ${saved.controlId} is saved.`);
      onSaved();
    },
  );
  return (
    <Section id="decision" title="Decision">
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Decision"
        noValidate
        className="record-form"
      >
        <fieldset
          className={sub.fieldErrors.applicable ? 'field fieldset field-invalid' : 'field fieldset'}
        >
          <legend>Does the control apply?</legend>
          <div className="checks">
            <label className="check">
              <input
                type="radio"
                name="applicable"
                value="yes"
                checked={applicable === 'yes'}
                onChange={() => setApplicable('yes')}
              />
              Yes, it applies
            </label>
            <label className="check">
              <input
                type="radio"
                name="applicable"
                value="no"
                checked={applicable === 'no'}
                onChange={() => setApplicable('no')}
              />
              No, it is excluded
            </label>
          </div>
        </fieldset>
        <TextAreaField
          label="Justification"
          name="justification"
          required
          rows={3}
          defaultValue={entry.justification ?? ''}
          hint={
            applicable === 'no'
              ? 'Why the control does not apply to this organization.'
              : 'Why the control is needed: the risks or requirements it answers.'
          }
          error={sub.fieldErrors.justification}
        />
        {applicable !== 'no' && (
          <SelectField
            label="Implementation status"
            name="implementationStatus"
            defaultValue={
              entry.implementationStatus && entry.implementationStatus !== 'not_applicable'
                ? entry.implementationStatus
                : 'not_started'
            }
            options={IMPLEMENTATION.map((v) => ({ value: v, label: humanize(v) }))}
            error={sub.fieldErrors.implementationStatus}
          />
        )}
        <RecordPicker
          org={slug}
          type="members"
          label="Owner"
          name="ownerMemberId"
          placeholder="Type part of a name or email"
          defaultValue={entry.ownerMemberId ? [entry.ownerMemberId] : []}
          names={entry.names}
          hint="Who sees that the control is carried out; nobody yet when left empty."
          error={sub.fieldErrors.ownerMemberId}
        />
        <TextAreaField
          label="Notes"
          name="notes"
          rows={2}
          defaultValue={entry.notes ?? ''}
          error={sub.fieldErrors.notes}
        />
        <Alert>{sub.formError}</Alert>
        <Alert tone="success">{done}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          Save the decision
        </button>
      </form>
    </Section>
  );
}
