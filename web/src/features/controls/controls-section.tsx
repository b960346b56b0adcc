// The Statement of Applicability section: the statement's list (soa-page.tsx), and per control
// its decision (applicable or excluded with a justification either way), guidance and evidence.
import { useState } from 'react';
import { type Membership } from '../../api';
import { Alert, SelectField, TextAreaField, textValue, useSubmission } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { AttachEvidence } from '../evidence/attach-evidence';
import { ControlGuidance } from './control-guidance';
import { SoaImportPage } from '../imports/pages';
import { IMPLEMENTATION, soaApi, type SoaEntry } from './api';
import { SoaPage } from './soa-page';
import { decisionTone, decisionWord } from './words';

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

function ControlPage({ membership, controlId }: { membership: Membership; controlId: string }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  // The statement narrowed to this identifier (never read whole), then the exact match.
  const soa = useData(
    `${slug}|soa|${controlId}`,
    async () => (await soaApi.page(slug, { q: controlId, limit: '200' })).items,
    refresh,
  );
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
