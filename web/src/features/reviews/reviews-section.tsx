// Management reviews (9.3): the list, and the form that plans one (date, chair, attendees). The
// review's own page shows its inputs, decisions and minutes.
import { can, type Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, Breadcrumbs, DateOnly, PageHeader } from '../../components/page';
import { RecordList, useRecordPages } from '../../components/record-list';
import { RecordPicker } from '../../components/record-picker';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { REVIEW_STATES, reviewsApi } from './api';
import { ReviewPage } from './review-page';
import { memberOf, STATUS_TONE, STATUS_WORD } from './words';
import './reviews.css';

export function ReviewsSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const [first] = parts;
  if (first === 'new') return <PlanReview membership={membership} />;
  if (first) return <ReviewPage key={first} membership={membership} id={first} />;
  return <ReviewList membership={membership} />;
}

function ReviewList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|reviews`, ['q', 'sort', 'status'], (f) =>
    reviewsApi.list(slug, f),
  );
  return (
    <>
      <PageHeader title="Management reviews" org={membership.name}>
        {can(membership, 'reviews.plan') && (
          <Link className="button primary" href={sectionHref(slug, 'reviews', 'new')}>
            Plan a review
          </Link>
        )}
        {(['xlsx', 'pdf', 'csv'] as const).map((f) => (
          <a key={f} className="button small" href={reviewsApi.exportHref(slug, f)} download>
            Export actions {f.toUpperCase()}
          </a>
        ))}
      </PageHeader>
      <p className="intro">
        Top management reviews the AI management system at planned intervals: the inputs come from
        the records here, the decisions and actions are recorded with the review.{' '}
        <span className="clause">ISO/IEC 42001: 9.3</span>
      </p>
      <RecordList
        list={list}
        noun="reviews"
        one="review"
        searchLabel="Search title"
        filters={[
          {
            name: 'status',
            label: 'Status',
            options: REVIEW_STATES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
        ]}
        sorts={[
          { value: 'title', label: 'Title' },
          { value: 'status', label: 'Status' },
          { value: 'plannedOn', label: 'Planned for' },
          { value: 'updatedAt', label: 'Last changed' },
        ]}
        none="No management review planned yet."
        noMatch="No management review matches these filters."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Planned for</th>
                  <th scope="col">Held on</th>
                  <th scope="col">Chair</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'reviews', r.id)}>{r.title}</Link>
                    </th>
                    <td>
                      <DateOnly value={r.plannedOn} />
                    </td>
                    <td>{r.heldOn ? <DateOnly value={r.heldOn} /> : '—'}</td>
                    <td>{memberOf(r.names, r.chairMemberId)}</td>
                    <td>
                      <Badge tone={STATUS_TONE[r.status]}>{STATUS_WORD[r.status]}</Badge>
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

function PlanReview({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const sub = useSubmission(
    ['title', 'plannedOn', 'chairMemberId', 'attendees', 'agenda'],
    async (data) => {
      const picked = data.getAll('attendeeMemberIds').map(String);
      const others = (textValue(data, 'others') ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      const r = await reviewsApi.plan(slug, {
        title: textValue(data, 'title') ?? '',
        plannedOn: textValue(data, 'plannedOn') ?? '',
        chairMemberId: textValue(data, 'chairMemberId') ?? '',
        attendees: [
          ...picked.map((memberId) => ({ memberId })),
          ...others.map((name) => ({ name })),
        ],
        agenda: textValue(data, 'agenda') ?? null,
      });
      navigate(sectionHref(slug, 'reviews', r.id));
    },
  );
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'reviews'), label: 'Management reviews' }]} />
      <PageHeader title="Plan a management review" org={membership.name} />
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        noValidate
        className="record-form"
        aria-label="Plan a management review"
      >
        <TextField label="Title" name="title" required error={sub.fieldErrors.title} />
        <TextField
          label="Planned for"
          name="plannedOn"
          type="date"
          required
          error={sub.fieldErrors.plannedOn}
        />
        <RecordPicker
          org={slug}
          type="members"
          label="Chair"
          name="chairMemberId"
          required
          error={sub.fieldErrors.chairMemberId}
        />
        <RecordPicker
          org={slug}
          type="members"
          label="Attending members"
          name="attendeeMemberIds"
          multiple
        />
        <TextAreaField
          label="Other attendees"
          name="others"
          rows={2}
          hint="People who are not members, one name per line."
          error={sub.fieldErrors.attendees}
        />
        <TextAreaField label="Agenda" name="agenda" rows={3} error={sub.fieldErrors.agenda} />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          Plan the review
        </button>
      </form>
    </>
  );
}
