// Raising a nonconformity (10.2): the form that records what is wrong, the requirement it breaches,
// its severity, what it was found through and its owner, then opens the new nonconformity's page.
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
import { Breadcrumbs, Loading, PageHeader } from '../../components/page';
import { lookupApi, RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { navigate, orgHref, sectionHref } from '../../router';
import { useSession } from '../auth/session';
import { ncApi, SEVERITIES, SOURCE_TYPES, type Severity, type SourceType } from './api';
import { useRequirements } from './status';
import { SEVERITY_WORD, SOURCE_WORD } from './words';

const RAISE_FIELDS = [
  'title',
  'description',
  'requirementId',
  'severity',
  'sourceType',
  'sourceId',
  'ownerMemberId',
  'detectedOn',
];

/** The permission that reads each kind of source record: a source the caller may not read is not offered. */
const SOURCE_READ: Partial<Record<SourceType, string>> = {
  audit_finding: 'audits.read',
  incident: 'incidents.read',
  monitoring: 'monitoring.read',
  concern: 'concerns.read',
  management_review: 'reviews.read',
};

/** The lookup kind that finds each kind of source record (a monitoring breach has no name). */
const SOURCE_LOOKUP: Partial<Record<SourceType, string>> = {
  audit_finding: 'audit_findings',
  incident: 'incidents',
  concern: 'concerns',
  management_review: 'management_reviews',
};
export function RaisePage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [sourceType, setSourceType] = useState<SourceType>('direct');
  const { session } = useSession();
  const requirements = useRequirements();
  // A new nonconformity is the caller's own until they choose another owner.
  const me = useData(`${slug}|me`, () =>
    lookupApi.search(slug, 'members', session.user.email, 5),
  ).data?.items.find((m) => m.detail === session.user.email);
  const sources = SOURCE_TYPES.filter((s) => !SOURCE_READ[s] || can(membership, SOURCE_READ[s]));
  const sub = useSubmission(RAISE_FIELDS, async (data) => {
    const nc = await ncApi.raise(slug, {
      title: textValue(data, 'title') as string,
      description: textValue(data, 'description') ?? null,
      // Left out when not chosen, so the API names them as required.
      requirementId: textValue(data, 'requirementId') as string,
      severity: textValue(data, 'severity') as Severity,
      sourceType: (textValue(data, 'sourceType') ?? 'direct') as SourceType,
      sourceId: textValue(data, 'sourceId') ?? null,
      ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
      ...(textValue(data, 'detectedOn') ? { detectedOn: textValue(data, 'detectedOn') } : {}),
    });
    navigate(sectionHref(slug, 'nonconformities', nc.id));
  });
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'nonconformities'), label: 'Nonconformities' }]} />
      <PageHeader title="Raise a nonconformity" org={membership.name} />
      {!can(membership, 'nonconformities.raise') ? (
        <p>Your role may read nonconformities but not raise them.</p>
      ) : !requirements.data ? (
        <Loading what={requirements.error ?? 'Loading…'} />
      ) : (
        <form
          ref={sub.formRef}
          onSubmit={sub.onSubmit}
          aria-label="Raise a nonconformity"
          noValidate
          className="record-form"
        >
          <TextField
            label="Nonconformity"
            name="title"
            required
            hint="What is wrong, in one line."
            error={sub.fieldErrors.title}
            autoComplete="off"
          />
          <TextAreaField
            label="Description"
            name="description"
            rows={3}
            hint="What was found, where and when, and the evidence for it."
            error={sub.fieldErrors.description}
          />
          <SelectField
            label="Requirement not met"
            name="requirementId"
            defaultValue=""
            hint="The clause or Annex A control of ISO/IEC 42001 it breaches."
            options={[
              { value: '', label: 'Choose…' },
              ...requirements.data.map((r) => ({ value: r.id, label: `${r.id} ${r.title}` })),
            ]}
            error={sub.fieldErrors.requirementId}
          />
          <SelectField
            label="Severity"
            name="severity"
            defaultValue=""
            hint="Major: the requirement is not met at all, or not in a whole system. Minor: a lapse."
            options={[
              { value: '', label: 'Choose…' },
              ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_WORD[s] })),
            ]}
            error={sub.fieldErrors.severity}
          />
          <SelectField
            label="Found through"
            name="sourceType"
            value={sourceType}
            onChange={(e) => setSourceType(e.target.value as SourceType)}
            options={sources.map((s) => ({ value: s, label: SOURCE_WORD[s] }))}
            error={sub.fieldErrors.sourceType}
          />
          {SOURCE_LOOKUP[sourceType] ? (
            <RecordPicker
              key={sourceType}
              org={slug}
              type={SOURCE_LOOKUP[sourceType]!}
              label="Source record"
              name="sourceId"
              hint="The record it comes from, if any: type part of its title."
              error={sub.fieldErrors.sourceId}
            />
          ) : sourceType === 'direct' ? null : (
            <TextField
              label="Source record id"
              name="sourceId"
              hint="The id of the record it comes from, if any."
              error={sub.fieldErrors.sourceId}
              autoComplete="off"
            />
          )}
          <RecordPicker
            key={me?.id ?? 'nobody'}
            org={slug}
            type="members"
            label="Owner"
            name="ownerMemberId"
            defaultValue={me ? [me.id] : []}
            names={me ? { [me.id]: me.name } : {}}
            hint="Who answers for handling it."
            error={sub.fieldErrors.ownerMemberId}
          />
          <TextField
            label="Detected on"
            name="detectedOn"
            type="date"
            hint="Today if left empty."
            error={sub.fieldErrors.detectedOn}
          />
          <Alert>{sub.formError}</Alert>
          <button type="submit" className="button primary" disabled={sub.busy}>
            {sub.busy ? 'Raising…' : 'Raise the nonconformity'}
          </button>
        </form>
      )}
    </>
  );
}
