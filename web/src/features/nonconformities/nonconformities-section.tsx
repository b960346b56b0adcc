// Nonconformities and corrective action (10.2): the list with its filters and exports, and the
// form that raises one. Each nonconformity's page (nonconformity-page.tsx) takes it through
// correction, root cause, corrective actions and the independent effectiveness check.
import { useState } from 'react';
import { interchangeHref } from '../interchange/api';
import { can, type Membership } from '../../api';
import {
  Alert,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { RecordList, useRecordPages } from '../../components/record-list';
import { Breadcrumbs, DateOnly, Loading, PageHeader } from '../../components/page';
import { lookupApi, RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { useSession } from '../auth/session';
import {
  NC_STATES,
  ncApi,
  SEVERITIES,
  SOURCE_TYPES,
  type Nonconformity,
  type Severity,
  type SourceType,
} from './api';
import { NonconformityPage } from './nonconformity-page';
import { StatusBadge, useRequirements } from './status';
import { SEVERITY_WORD, SOURCE_WORD, STATUS_WORD } from './words';
import './nonconformities.css';

export function NonconformitiesSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'new') return <RaisePage membership={membership} />;
  if (first) return <NonconformityPage key={first} membership={membership} id={first} />;
  return <NonconformityList membership={membership} />;
}

const FILTERS = ['q', 'sort', 'status', 'severity', 'sourceType', 'requirementId'] as const;

function NonconformityList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages<Nonconformity, Record<(typeof FILTERS)[number], string>>(
    `${slug}|nonconformities`,
    FILTERS,
    (f) => ncApi.page(slug, f),
  );
  const { sort: _sort, ...filters } = list.filter;
  const requirements = useRequirements();
  return (
    <>
      <PageHeader title="Nonconformities" org={membership.name}>
        {can(membership, 'nonconformities.raise') && (
          <Link className="button primary" href={sectionHref(slug, 'nonconformities', 'new')}>
            Raise a nonconformity
          </Link>
        )}
        {(['xlsx', 'pdf', 'csv'] as const).map((f) => (
          <a key={f} className="button small" href={ncApi.exportHref(slug, f, filters)} download>
            Export {f.toUpperCase()}
          </a>
        ))}
        <a className="button small" href={interchangeHref.oscal(slug, 'poam')} download>
          Export as OSCAL POA&amp;M
        </a>
      </PageHeader>
      <p className="intro">
        Where a requirement is not met: what was done to contain it, its root cause, the corrective
        actions against that cause, and a check by someone independent of those actions that they
        worked. <span className="clause">ISO/IEC 42001: 10.2</span>
      </p>
      <RecordList
        list={list}
        noun="nonconformities"
        one="nonconformity"
        searchLabel="Search title or id (NC-0012)"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: NC_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
          {
            name: 'severity',
            label: 'Severity',
            options: SEVERITIES.map((v) => ({ value: v, label: SEVERITY_WORD[v] })),
          },
          {
            name: 'sourceType',
            label: 'Found through',
            options: SOURCE_TYPES.map((v) => ({ value: v, label: SOURCE_WORD[v] })),
          },
          {
            name: 'requirementId',
            label: 'Requirement',
            options: (requirements.data ?? []).map((r) => ({
              value: r.id,
              label: `${r.id} ${r.title}`,
            })),
          },
        ]}
        sorts={[
          { value: 'ref', label: 'Id' },
          { value: 'title', label: 'Title' },
          { value: 'status', label: 'Status' },
          { value: 'detectedOn', label: 'Detected' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        none="No nonconformities raised yet."
        noMatch="No nonconformities match."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Nonconformity</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Detected</th>
                </tr>
              </thead>
              <tbody>
                {items.map((nc) => (
                  <tr key={nc.id}>
                    <td className="nowrap">{nc.reference}</td>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'nonconformities', nc.reference ?? nc.id)}>
                        {nc.title}
                      </Link>
                    </th>
                    <td title={nc.requirementTitle}>{nc.requirementId}</td>
                    <td>{SEVERITY_WORD[nc.severity]}</td>
                    <td>
                      <StatusBadge nc={nc} />
                    </td>
                    <td className={nc.overdueActions ? 'warning-text' : undefined}>
                      {nc.openActions === 0
                        ? '—'
                        : `${nc.openActions} open${nc.overdueActions ? `, ${nc.overdueActions} overdue` : ''}`}
                    </td>
                    <td>
                      {nc.ownerMemberId ? (nc.names[nc.ownerMemberId] ?? 'A former member') : '—'}
                    </td>
                    <td>
                      <DateOnly value={nc.detectedOn} />
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

function RaisePage({ membership }: { membership: Membership }) {
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
