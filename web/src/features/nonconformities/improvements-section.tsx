// The improvement log (10.1): opportunities to make the AIMS better, wherever they come from,
// each decided by a manager or owner (adopt, defer or reject, the last two with a reason) and,
// once adopted, worked on until done.
import { can, type Membership } from '../../api';
import { Alert, SelectField, TextAreaField, TextField, textValue } from '../../components/form';
import { Badge, Breadcrumbs, DateOnly, PageHeader } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { DECISIONS, IMPROVEMENT_SOURCES, IMPROVEMENT_STATES, ncApi } from './api';
import { ImprovementPage } from './improvement-page';
import { useStep } from './status';
import {
  DECISION_TONE,
  DECISION_WORD,
  memberName,
  IMPROVEMENT_SOURCE_WORD,
  IMPROVEMENT_WORD,
} from './words';

export function ImprovementsSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first] = parts;
  if (first === 'new') return <NewImprovement membership={membership} />;
  if (first) return <ImprovementPage key={first} membership={membership} id={first} />;
  return <ImprovementList membership={membership} />;
}

function ImprovementList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|improvements`, ['q', 'sort', 'decision', 'status'], (f) =>
    ncApi.improvementPage(slug, f),
  );
  return (
    <>
      <PageHeader title="Improvements" org={membership.name}>
        {can(membership, 'improvements.create') && (
          <Link className="button primary" href={sectionHref(slug, 'improvements', 'new')}>
            Log an opportunity
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        Opportunities to make the AI management system more suitable, adequate and effective, each
        decided and, once adopted, carried out. <span className="clause">ISO/IEC 42001: 10.1</span>
      </p>
      <RecordList
        list={list}
        noun="opportunities"
        one="opportunity"
        searchLabel="Search title or description"
        filters={[
          {
            name: 'decision',
            label: 'Decision',
            options: DECISIONS.map((d) => ({ value: d, label: DECISION_WORD[d] })),
          },
          {
            name: 'status',
            label: 'Status',
            options: IMPROVEMENT_STATES.map((v) => ({ value: v, label: IMPROVEMENT_WORD[v] })),
          },
        ]}
        sorts={[
          { value: 'title', label: 'Title' },
          { value: 'decision', label: 'Decision' },
          { value: 'status', label: 'Status' },
          { value: 'dueDate', label: 'Due' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        none="No opportunities logged yet."
        noMatch="No opportunities match."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Opportunity</th>
                  <th scope="col">Source</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Status</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'improvements', i.id)}>{i.title}</Link>
                    </th>
                    <td>{IMPROVEMENT_SOURCE_WORD[i.sourceType]}</td>
                    <td>
                      <Badge tone={DECISION_TONE[i.decision]}>{DECISION_WORD[i.decision]}</Badge>
                    </td>
                    <td>{IMPROVEMENT_WORD[i.status]}</td>
                    <td>{i.ownerMemberId ? memberName(i.names, i.ownerMemberId) : '—'}</td>
                    <td className={i.overdue ? 'warning-text' : undefined}>
                      {i.dueDate ? <DateOnly value={i.dueDate} /> : '—'}
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

function NewImprovement({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const fields = ['title', 'description', 'sourceType', 'sourceId', 'ownerMemberId', 'dueDate'];
  const sub = useStep(
    fields,
    () => undefined,
    async (data) => {
      const i = await ncApi.createImprovement(slug, {
        title: textValue(data, 'title') ?? '',
        description: textValue(data, 'description') ?? null,
        sourceType: textValue(data, 'sourceType') ?? 'suggestion',
        sourceId: textValue(data, 'sourceId') ?? null,
        ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
        dueDate: textValue(data, 'dueDate') ?? null,
      });
      navigate(sectionHref(slug, 'improvements', i.id));
    },
  );
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'improvements'), label: 'Improvements' }]} />
      <PageHeader title="Log an opportunity for improvement" org={membership.name} />
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Log an opportunity"
        noValidate
        className="record-form"
      >
        <TextField label="Opportunity" name="title" required error={sub.fieldErrors.title} />
        <TextAreaField
          label="Description"
          name="description"
          rows={3}
          error={sub.fieldErrors.description}
        />
        <SelectField
          label="Source"
          name="sourceType"
          defaultValue="suggestion"
          options={IMPROVEMENT_SOURCES.map((s) => ({
            value: s,
            label: IMPROVEMENT_SOURCE_WORD[s]!,
          }))}
          error={sub.fieldErrors.sourceType}
        />
        <TextField
          label="Source record id"
          name="sourceId"
          hint="The nonconformity or concern it comes from, if any."
          error={sub.fieldErrors.sourceId}
        />
        <RecordPicker
          org={slug}
          type="members"
          label="Owner"
          name="ownerMemberId"
          hint="Nobody yet when left empty."
          error={sub.fieldErrors.ownerMemberId}
        />
        <TextField label="Due date" name="dueDate" type="date" error={sub.fieldErrors.dueDate} />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Logging…' : 'Log the opportunity'}
        </button>
      </form>
    </>
  );
}
