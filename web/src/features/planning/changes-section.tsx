// Planned changes to the AIMS (6.3): each change states why it is needed, what it may affect,
// what it needs and who does what, and is decided before it is made. A change is approved or
// rejected by a manager or owner other than the member who proposed it, a rejection with its
// reason; the proposer may withdraw it while it waits. The API enforces these rules; the page
// shows every step with who took it, when and why.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextAreaField, TextField, textValue, useSubmission } from '../../components/form';
import { Badge, Breadcrumbs, DateOnly, Loading, PageHeader, When } from '../../components/page';
import { useListParams } from '../../components/list-toolbar';
import { awaitingMe, RecordList, useRecordPages } from '../../components/record-list';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { CHANGE_STATUSES, planningApi, type AimsChange } from './api';
import { DecisionPanel, ImplementationPanel, memberOf, Step, WithdrawPanel } from './change-panels';
import { STATUS_TONE, STATUS_WORD } from './words';
import './planning.css';

export function ChangesSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const [first] = parts;
  if (first === 'new') return <NewChangePage membership={membership} />;
  if (first) return <ChangePage key={first} membership={membership} id={first} />;
  return <ChangeList membership={membership} />;
}

const StatusBadge = ({ change }: { change: AimsChange }) => (
  <Badge tone={STATUS_TONE[change.status]}>{STATUS_WORD[change.status]}</Badge>
);

const CHANGE_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'status', label: 'Status' },
  { value: 'plannedOn', label: 'Planned for' },
  { value: 'createdAt', label: 'Proposed on' },
  { value: 'updatedAt', label: 'Last changed' },
];

/** How many changes wait for a decision, whoever decides them (up to a page's worth). */
function Waiting({ slug, mine }: { slug: string; mine: boolean }) {
  const waiting = useData(`${slug}|changes-waiting`, () =>
    planningApi.changes(slug, { status: 'proposed', limit: 200 }),
  );
  const p = useListParams();
  if (!waiting.data) return null;
  const n = waiting.data.items.length;
  return (
    <p>
      {n === 0
        ? 'No change is waiting for a decision.'
        : `${waiting.data.nextCursor ? 'More than ' : ''}${plural(n, 'change')} waiting for a decision.`}
      {n > 0 && mine && p.get('awaiting') !== 'me' && (
        <>
          {' '}
          <button type="button" className="link-button" onClick={() => p.set('awaiting', 'me')}>
            Show those awaiting my decision
          </button>
        </>
      )}
    </p>
  );
}

function ChangeList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const decides = can(membership, 'changes.decide');
  const list = useRecordPages(`${slug}|changes`, ['q', 'status', 'awaiting', 'sort'], (f) =>
    planningApi.changes(slug, f),
  );
  return (
    <>
      <PageHeader title="Planned changes" org={membership.name}>
        {can(membership, 'changes.propose') && (
          <Link className="button primary" href={sectionHref(slug, 'changes', 'new')}>
            Propose a change
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        Changes to the AI management system, made as planned: why each is needed, what it may
        affect, what it needs and who does what, approved by a manager or owner other than the
        member who proposed it. <span className="clause">ISO/IEC 42001: 6.3</span>
      </p>
      <Waiting slug={slug} mine={decides} />
      <RecordList
        list={list}
        noun="changes"
        one="change"
        searchLabel="Search title or purpose"
        filters={[
          ...(decides ? [awaitingMe('Decision', 'Awaiting my decision')] : []),
          {
            name: 'status',
            label: 'Status',
            options: CHANGE_STATUSES.map((v) => ({ value: v, label: STATUS_WORD[v] })),
          },
        ]}
        sorts={CHANGE_SORTS}
        none="No changes proposed yet."
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Planned changes</caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Status</th>
                  <th scope="col">Planned for</th>
                  <th scope="col">Proposed by</th>
                  <th scope="col">Proposed on</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'changes', c.id)}>{c.title}</Link>
                    </th>
                    <td>
                      <StatusBadge change={c} />
                    </td>
                    <td>
                      {c.plannedOn ? (
                        <DateOnly value={c.plannedOn} />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>{memberOf(c.names, c.requestedByMemberId)}</td>
                    <td>
                      <When at={c.createdAt} date />
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

function NewChangePage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const sub = useSubmission(
    ['title', 'purpose', 'consequences', 'resources', 'responsibilities', 'plannedOn'],
    async (data) => {
      const c = await planningApi.proposeChange(slug, {
        title: textValue(data, 'title') ?? '',
        purpose: textValue(data, 'purpose') ?? '',
        consequences: textValue(data, 'consequences') ?? null,
        resources: textValue(data, 'resources') ?? null,
        responsibilities: textValue(data, 'responsibilities') ?? null,
        plannedOn: textValue(data, 'plannedOn') ?? null,
      });
      navigate(sectionHref(slug, 'changes', c.id));
    },
  );
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'changes'), label: 'Planned changes' }]} />
      <PageHeader title="Propose a change" org={membership.name} />
      {!can(membership, 'changes.propose') ? (
        <p>Your role may read planned changes but not propose them.</p>
      ) : (
        <form
          ref={sub.formRef}
          onSubmit={sub.onSubmit}
          aria-label="Propose a change"
          noValidate
          className="record-form"
        >
          <TextField
            label="Change"
            name="title"
            required
            hint="What will change, in one line."
            error={sub.fieldErrors.title}
            autoComplete="off"
          />
          <TextAreaField
            label="Purpose"
            name="purpose"
            required
            rows={3}
            hint="Why the change is needed."
            error={sub.fieldErrors.purpose}
          />
          <TextAreaField
            label="Possible consequences"
            name="consequences"
            rows={3}
            hint="What it may affect in the AIMS, the AI systems or the people involved, and how."
            error={sub.fieldErrors.consequences}
          />
          <TextAreaField
            label="Resources"
            name="resources"
            rows={3}
            hint="People, time, money and tools it needs."
            error={sub.fieldErrors.resources}
          />
          <TextAreaField
            label="Responsibilities"
            name="responsibilities"
            rows={3}
            hint="Who does what, and who answers for the result."
            error={sub.fieldErrors.responsibilities}
          />
          <TextField
            label="Planned for"
            name="plannedOn"
            type="date"
            error={sub.fieldErrors.plannedOn}
          />
          <Alert>{sub.formError}</Alert>
          <button type="submit" className="button primary" disabled={sub.busy}>
            {sub.busy ? 'Proposing…' : 'Propose the change'}
          </button>
        </form>
      )}
    </>
  );
}

function ChangePage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const change = useData(`${slug}|change|${id}`, () => planningApi.change(slug, id));
  const [done, setDone] = useState<string | null>(null);
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'changes'), label: 'Planned changes' }]} />
  );
  if (!change.data) {
    return (
      <>
        {crumbs}
        {change.status === 404 && (
          <PageHeader title="Planned change not found" org={membership.name} />
        )}
        <Loading
          what={
            change.error ? `The planned change could not be loaded: ${change.error}` : 'Loading…'
          }
        />
      </>
    );
  }
  const c = change.data;
  const text = (value: string | null, none: string) =>
    value ? value : <span className="muted">{none}</span>;
  const panel = {
    slug,
    change: c,
    onDone: (next: AimsChange, message: string) => {
      change.set(next);
      setDone(message);
    },
    onStale: () => void change.reload(),
  };
  return (
    <>
      {crumbs}
      <PageHeader title={c.title} org={membership.name} />
      <Alert tone="success">{done}</Alert>
      <section className="panel change-decision" aria-label="Decision">
        <p>
          <StatusBadge change={c} />
        </p>
        <p>
          Proposed by {memberOf(c.names, c.requestedByMemberId)} on <When at={c.createdAt} />.
        </p>
        {c.approvedAt && !c.decisions.some((d) => d.decision === 'approved') && (
          <p>
            Approved by <strong>{memberOf(c.names, c.approverMemberId)}</strong> on{' '}
            <When at={c.approvedAt} />.
          </p>
        )}
        {c.decisions.map((d) => (
          <Step key={d.id} step={d} names={c.names} />
        ))}
        {c.status === 'proposed' && (
          <p>Waiting for a decision by a manager or owner other than the member who proposed it.</p>
        )}
        {c.status === 'proposed' && !c.abilities.approve && can(membership, 'changes.decide') && (
          <p className="hint">
            You proposed this change, so another manager or owner must approve or reject it.
            {c.abilities.withdraw && ' You may withdraw it below.'}
          </p>
        )}
        {c.status === 'rejected' && <p>It will not be made as proposed.</p>}
        {c.status === 'withdrawn' && <p>The proposer withdrew it; it will not be made.</p>}
      </section>
      <dl className="fields planning-details" aria-label="About this change">
        <div className="wide">
          <dt>Purpose</dt>
          <dd className="prewrap">{c.purpose}</dd>
        </div>
        <div className="wide">
          <dt>Possible consequences</dt>
          <dd className="prewrap">{text(c.consequences, 'Not stated.')}</dd>
        </div>
        <div className="wide">
          <dt>Resources</dt>
          <dd className="prewrap">{text(c.resources, 'Not stated.')}</dd>
        </div>
        <div className="wide">
          <dt>Responsibilities</dt>
          <dd className="prewrap">{text(c.responsibilities, 'Not stated.')}</dd>
        </div>
        <div>
          <dt>Planned for</dt>
          <dd>
            {c.plannedOn ? (
              <DateOnly value={c.plannedOn} />
            ) : (
              <span className="muted">No date set.</span>
            )}
          </dd>
        </div>
      </dl>
      {(c.abilities.approve || c.abilities.reject) && <DecisionPanel {...panel} />}
      {c.abilities.implement && <ImplementationPanel {...panel} />}
      {c.abilities.withdraw && <WithdrawPanel {...panel} />}
    </>
  );
}
