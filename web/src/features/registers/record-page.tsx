// One record of any register: its fields and history, and the pages to add and change records.
import { useState, type ReactNode } from 'react';
import { ability } from './abilities';
import { ApiError, can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Breadcrumbs, Loading, PageHeader, Section } from '../../components/page';
import { useData, messageOf, type Loaded } from '../../lib/data';
import { inSentence } from '../../lib/format';
import type { Catalog, RecordData, RegisterMeta } from '../../lib/lookups';
import { Link, navigate, sectionHref, useSearch } from '../../router';
import { registersApi } from './api';
import { FieldList, recordTitle } from './field-value';
import { HistoryPanel } from './history';
import { recordHref, registerHref } from './links';
import { RecordForm } from './record-form';

export function useRecord(slug: string, reg: RegisterMeta, id: string): Loaded<RecordData> {
  return useData(`${slug}|${reg.key}|${id}`, () => registersApi.get(slug, reg, id));
}

/** Breadcrumbs from a record back to its register (and to Registers, except for AI systems). */
export function crumbs(
  slug: string,
  reg: RegisterMeta,
  extra: { href: string; label: string }[] = [],
) {
  const list =
    reg.key === 'ai_systems' ? [] : [{ href: sectionHref(slug, 'registers'), label: 'Registers' }];
  return [...list, { href: registerHref(slug, reg), label: reg.title }, ...extra];
}

export function NotFound({ what, back }: { what: string; back: { href: string; label: string } }) {
  return (
    <>
      <PageHeader title={`${what[0]!.toUpperCase()}${what.slice(1)} not found`} />
      <p>
        There is no such {what} in this organization; it may have been deleted.{' '}
        <Link href={back.href}>{back.label}</Link>
      </p>
    </>
  );
}

function DeleteRecord({
  slug,
  reg,
  record,
}: {
  slug: string;
  reg: RegisterMeta;
  record: RecordData;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await registersApi.remove(slug, reg, record);
      navigate(registerHref(slug, reg));
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'VERSION_MISMATCH'
          ? `This ${reg.singular} changed since it was loaded. Reload the page and try again.`
          : messageOf(e),
      );
      setBusy(false);
    }
  };
  return (
    <>
      {!confirming ? (
        <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
          Delete
        </button>
      ) : (
        <span className="confirm" role="group" aria-label="Confirm deletion">
          <span>Delete this {reg.singular}? The ledger keeps its history.</span>
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {busy ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      )}
      {error && (
        <div className="header-alert">
          <Alert>{error}</Alert>
        </div>
      )}
    </>
  );
}

export function RecordPage({
  membership,
  reg,
  catalog,
  id,
  children,
}: {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  id: string;
  children?: ReactNode;
}) {
  const slug = membership.slug;
  const rec = useRecord(slug, reg, id);
  if (rec.error && !rec.data) {
    return rec.status === 404 ? (
      <NotFound
        what={reg.singular}
        back={{ href: registerHref(slug, reg), label: `Back to ${inSentence(reg.title)}` }}
      />
    ) : (
      <Alert>{rec.error}</Alert>
    );
  }
  if (!rec.data) return <Loading />;
  const r = rec.data;
  return (
    <>
      <Breadcrumbs items={crumbs(slug, reg)} />
      <PageHeader title={recordTitle(reg, r, true)} org={membership.name}>
        {ability(r, 'edit') && (
          <Link className="button" href={recordHref(slug, reg, r.id, 'edit')}>
            Edit
          </Link>
        )}
        {ability(r, 'delete') && <DeleteRecord slug={slug} reg={reg} record={r} />}
      </PageHeader>
      <p className="intro">
        {reg.singular[0]!.toUpperCase() + reg.singular.slice(1)} ·{' '}
        <span className="clause">ISO/IEC 42001: {reg.clauses}</span>
      </p>
      <Section id="details" title="Details">
        <FieldList slug={slug} reg={reg} record={r} catalog={catalog} />
      </Section>
      {children}
      <HistoryPanel slug={slug} entity={reg.key} id={r.id} fields={reg.fields} />
    </>
  );
}

export function NewRecordPage({
  membership,
  reg,
  catalog,
  title,
}: {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  title?: string;
}) {
  const slug = membership.slug;
  const search = useSearch();
  const params = new URLSearchParams(search);
  const initial: Record<string, string> = {};
  for (const f of reg.fields) {
    const v = params.get(f.name);
    if (v) initial[f.name] = v;
  }
  const heading = title ?? `New ${reg.singular}`;
  if (!can(membership, `${reg.key}.create`)) {
    return (
      <>
        <Breadcrumbs items={crumbs(slug, reg)} />
        <PageHeader title={heading} org={membership.name} />
        <p>
          Your role in {membership.name} does not include adding {inSentence(reg.title)}.
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={crumbs(slug, reg)} />
      <PageHeader title={heading} org={membership.name} />
      <div className="panel">
        <RecordForm
          slug={slug}
          reg={reg}
          catalog={catalog}
          initial={initial}
          label={heading}
          submitLabel={reg.key === 'ai_systems' ? 'Register the system' : `Add ${reg.singular}`}
          onSaved={(r) => navigate(recordHref(slug, reg, r.id))}
          onCancel={() => window.history.back()}
        />
      </div>
    </>
  );
}

export function EditRecordPage({
  membership,
  reg,
  catalog,
  id,
}: {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  id: string;
}) {
  const slug = membership.slug;
  const rec = useRecord(slug, reg, id);
  if (rec.error && !rec.data) return <Alert>{rec.error}</Alert>;
  if (!rec.data) return <Loading />;
  const r = rec.data;
  const name = recordTitle(reg, r, true);
  return (
    <>
      <Breadcrumbs
        items={crumbs(slug, reg, [{ href: recordHref(slug, reg, r.id), label: name }])}
      />
      <PageHeader title={`Edit ${name}`} org={membership.name} />
      <div className="panel">
        <RecordForm
          key={r.version}
          slug={slug}
          reg={reg}
          catalog={catalog}
          record={r}
          label={`Edit ${name}`}
          submitLabel="Save changes"
          onSaved={(saved) => navigate(recordHref(slug, reg, saved.id))}
          onCancel={() => navigate(recordHref(slug, reg, r.id))}
        />
      </div>
    </>
  );
}
