// The Statement of Applicability: every Annex A control (and the organization's own) under the
// list toolbar every list has (search by identifier or title, filters by domain, decision,
// implementation status and missing evidence, sort), read page by page from the server; in
// catalog order it is grouped by Annex A domain. Exports for the auditor, adding an own control,
// and the versions frozen for four-eyes approval.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, PageHeader, Section } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { useData } from '../../lib/data';
import { clip, humanize } from '../../lib/format';
import { useCatalogInfo } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { interchangeHref } from '../interchange/api';
import { IMPLEMENTATION, soaApi, type SoaEntry } from './api';
import { SoaVersions } from './soa-versions';
import { decisionTone, decisionWord } from './words';

const SOA_SORTS = [
  { value: 'controlId', label: 'Identifier' },
  { value: 'title', label: 'Title' },
  { value: 'applicable', label: 'Decision' },
  { value: 'implementationStatus', label: 'Implementation' },
  { value: 'evidence', label: 'Valid evidence' },
];

const PARAMS = ['q', 'domain', 'applicable', 'implementationStatus', 'evidence', 'sort'] as const;
type SoaFilter = Record<(typeof PARAMS)[number], string>;

/** How many controls are still undecided, over the whole statement. */
function Undecided({ slug }: { slug: string }) {
  const undecided = useData(`${slug}|soa-undecided`, () =>
    soaApi.page(slug, { applicable: 'undecided', limit: '200' }),
  );
  if (!undecided.data) return null;
  const n = undecided.data.items.length;
  return (
    <p>
      {n === 0
        ? 'Every control is decided.'
        : `${n} ${n === 1 ? 'control is' : 'controls are'} still undecided.`}
    </p>
  );
}

function ControlRow({ slug, e, domain }: { slug: string; e: SoaEntry; domain: boolean }) {
  return (
    <tr>
      <th scope="row">
        <Link href={sectionHref(slug, 'controls', e.controlId)}>
          <span className="mono">{e.controlId}</span> {e.title}
        </Link>
      </th>
      {domain && (
        <td>
          {e.domain ? (
            <span className="mono" title={e.domainTitle ?? undefined}>
              {e.domain}
            </span>
          ) : (
            'Own'
          )}
        </td>
      )}
      <td>
        <Badge tone={decisionTone(e)}>{decisionWord(e)}</Badge>
      </td>
      <td>{e.implementationStatus ? humanize(e.implementationStatus) : '—'}</td>
      <td>
        {e.evidence.valid} valid
        {e.evidence.expired ? `, ${e.evidence.expired} expired` : ''}
      </td>
      <td>
        {e.justification ? clip(e.justification, 80) : <span className="muted">none yet</span>}
      </td>
    </tr>
  );
}

function ControlTable({
  slug,
  entries,
  caption,
  domain,
}: {
  slug: string;
  entries: SoaEntry[];
  caption: string;
  domain: boolean;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Control</th>
            {domain && <th scope="col">Domain</th>}
            <th scope="col">Decision</th>
            <th scope="col">Implementation</th>
            <th scope="col">Evidence</th>
            <th scope="col">Justification</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <ControlRow key={e.controlId} slug={slug} e={e} domain={domain} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** In catalog order, the controls under a heading per Annex A domain (own controls last). */
function ByDomain({ slug, items }: { slug: string; items: SoaEntry[] }) {
  const groups = new Map<string, SoaEntry[]>();
  for (const e of items) {
    const g = e.domain ?? 'own';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  // Each domain's heading takes its title from the catalog, as the server gives it.
  const headingOf = (domain: string, entries: SoaEntry[]) =>
    domain === 'own' ? 'Own controls' : `${domain} ${entries[0]?.domainTitle ?? ''}`.trim();
  return (
    <>
      {[...groups.entries()].map(([domain, entries]) => (
        <section key={domain} className="panel" aria-labelledby={`domain-${domain}`}>
          <h2 id={`domain-${domain}`} tabIndex={-1}>
            {headingOf(domain, entries)}
          </h2>
          <ControlTable
            slug={slug}
            entries={entries}
            caption={headingOf(domain, entries)}
            domain={false}
          />
        </section>
      ))}
    </>
  );
}

export function SoaPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const info = useCatalogInfo();
  const list = useRecordPages<SoaEntry, SoaFilter>(`${slug}|soa-list`, PARAMS, (f) =>
    soaApi.page(slug, f),
  );
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
      <Undecided slug={slug} />
      <RecordList
        list={list}
        noun="controls"
        one="control"
        searchLabel="Search identifier or title"
        filters={[
          {
            name: 'domain',
            label: 'Domain',
            options: [
              ...(info?.annexA.domains ?? []).map((d) => ({
                value: d.id,
                label: `${d.id} ${d.title}`,
              })),
              { value: 'own', label: 'Own controls' },
            ],
          },
          {
            name: 'applicable',
            label: 'Decision',
            options: [
              { value: 'true', label: 'Applicable' },
              { value: 'false', label: 'Excluded' },
              { value: 'undecided', label: 'Not decided yet' },
            ],
          },
          {
            name: 'implementationStatus',
            label: 'Implementation',
            options: [...IMPLEMENTATION, 'not_applicable' as const].map((v) => ({
              value: v,
              label: humanize(v),
            })),
          },
          {
            name: 'evidence',
            label: 'Evidence',
            options: [{ value: 'none', label: 'No valid evidence' }],
          },
        ]}
        sorts={SOA_SORTS}
        unsorted="Catalog order"
        none="The statement has no controls."
      >
        {(items) =>
          list.filter.sort ? (
            <ControlTable slug={slug} entries={items} caption="Controls" domain />
          ) : (
            <ByDomain slug={slug} items={items} />
          )
        }
      </RecordList>
      {/* Adding an own control is deciding one more: shown when the caller may decide. */}
      {can(membership, 'soa.update') && <OwnControlForm slug={slug} />}
      <SoaVersions membership={membership} />
    </>
  );
}

function OwnControlForm({ slug }: { slug: string }) {
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
