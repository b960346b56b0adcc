// AI objectives (6.2): what the organization wants its AI to achieve, each with a metric and a
// target, measured over time. Whether an objective is on track is worked out by the server from
// its latest measurement; the pages say it in words and show the history it rests on.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Breadcrumbs, DateOnly, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { RecordList, useRecordPages } from '../../components/record-list';
import { Link, navigate, orgHref, sectionHref } from '../../router';
import { FREQUENCIES, planningApi, type Objective } from './api';
import { MeasurementChart } from './measurement-chart';
import { ObjectiveForm } from './objective-form';
import { MeasurementForm, MeasurementTable } from './measurements';
import {
  amount,
  dayText,
  FREQUENCY_PERIOD,
  FREQUENCY_WORD,
  STATE_TONE,
  STATE_WORD,
  targetText,
} from './words';
import './planning.css';

export function ObjectivesSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const [first, second] = parts;
  if (first === 'new') return <NewObjectivePage membership={membership} />;
  if (first && second === 'edit')
    return <EditObjectivePage key={first} membership={membership} id={first} />;
  if (first) return <ObjectivePage key={first} membership={membership} id={first} />;
  return <ObjectiveList membership={membership} />;
}

/** A member a view names (its `names` from the server), else one no longer (or not) readable. */
const memberOf = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'Former member') : 'Nobody yet';

const OBJECTIVE_SORTS = [
  { value: 'title', label: 'Title' },
  { value: 'metric', label: 'Metric' },
  { value: 'frequency', label: 'Frequency' },
  { value: 'updatedAt', label: 'Last changed' },
];

const StateBadge = ({ objective }: { objective: Objective }) => (
  <Badge tone={STATE_TONE[objective.state]}>{STATE_WORD[objective.state]}</Badge>
);

/** The latest value against the target, as one phrase. */
function LatestValue({ objective: o }: { objective: Objective }) {
  if (!o.latest) return <span className="muted">none yet; target {targetText(o)}</span>;
  return (
    <>
      <strong>{amount(o.latest.value, o.unit)}</strong> on <DateOnly value={o.latest.measuredOn} />
      <span className="muted">; target {targetText(o)}</span>
    </>
  );
}

/** How the objectives shown stand: on track, off track, without data, due for a measurement. */
function ObjectiveSummary({ items }: { items: Objective[] }) {
  const count = (state: Objective['state']) => items.filter((o) => o.state === state).length;
  const due = items.filter((o) => o.measurementOverdue).length;
  return (
    <p>
      {plural(items.length, 'objective')}: {count('on_track')} on track, {count('off_track')} off
      track, {count('no_data')} without a measurement
      {due > 0 && <>; {plural(due, 'objective')} due for a new measurement</>}.
    </p>
  );
}

function ObjectiveList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const list = useRecordPages(`${slug}|objectives`, ['q', 'sort', 'frequency'], (f) =>
    planningApi.objectives(slug, f),
  );
  return (
    <>
      <PageHeader title="Objectives" org={membership.name}>
        {can(membership, 'objectives.create') && (
          <Link className="button primary" href={sectionHref(slug, 'objectives', 'new')}>
            New objective
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        What the organization sets out to achieve with its AI, each objective measurable against a
        target, with an owner, a plan and its measurements over time. An objective is on track when
        its latest measurement meets the target. <span className="clause">ISO/IEC 42001: 6.2</span>
      </p>
      <RecordList
        list={list}
        noun="objectives"
        one="objective"
        searchLabel="Search title or metric"
        filters={[
          {
            name: 'frequency',
            label: 'Measured',
            options: FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_WORD[f] })),
          },
        ]}
        sorts={OBJECTIVE_SORTS}
        none="No objectives set yet."
      >
        {(items) => (
          <>
            <ObjectiveSummary items={items} />
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Objective</th>
                    <th scope="col">State</th>
                    <th scope="col">Latest value</th>
                    <th scope="col">Measured</th>
                    <th scope="col">Owner</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((o) => (
                    <tr key={o.id}>
                      <th scope="row">
                        <Link href={sectionHref(slug, 'objectives', o.id)}>{o.title}</Link>
                      </th>
                      <td>
                        <StateBadge objective={o} />
                      </td>
                      <td>
                        <LatestValue objective={o} />
                      </td>
                      <td>
                        {FREQUENCY_WORD[o.frequency]}
                        {o.measurementOverdue && (
                          <>
                            {' '}
                            <Badge tone="warning">Measurement due</Badge>
                          </>
                        )}
                      </td>
                      <td>{memberOf(o.names, o.ownerMemberId)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </RecordList>
    </>
  );
}

function NewObjectivePage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'objectives'), label: 'Objectives' }]} />
      <PageHeader title="New objective" org={membership.name} />
      {!can(membership, 'objectives.create') ? (
        <p>Your role may read objectives but not set them.</p>
      ) : (
        <ObjectiveForm
          slug={slug}
          objective={null}
          submitLabel="Set the objective"
          onSaved={(o) => navigate(sectionHref(slug, 'objectives', o.id))}
        />
      )}
    </>
  );
}

function EditObjectivePage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const objective = useData(`${slug}|objective|${id}`, () => planningApi.objective(slug, id));
  const back = sectionHref(slug, 'objectives', id);
  return (
    <>
      <Breadcrumbs
        items={[
          { href: orgHref(slug, 'objectives'), label: 'Objectives' },
          ...(objective.data ? [{ href: back, label: objective.data.title }] : []),
        ]}
      />
      <PageHeader
        title={objective.data ? `Edit “${objective.data.title}”` : 'Edit the objective'}
        org={membership.name}
      />
      {!objective.data ? (
        <Loading
          what={
            objective.error ? `The objective could not be loaded: ${objective.error}` : 'Loading…'
          }
        />
      ) : !objective.data.abilities.edit ? (
        <p>Your role may read objectives but not change them.</p>
      ) : (
        <>
          <ObjectiveForm
            slug={slug}
            objective={objective.data}
            submitLabel="Save the objective"
            onSaved={() => navigate(back)}
          />
          <Link className="button" href={back}>
            Cancel
          </Link>
        </>
      )}
    </>
  );
}

/** Why the objective is in its state, in a sentence or two. */
function StateExplanation({ objective: o }: { objective: Objective }) {
  const latest = o.latest;
  return (
    <div className={`objective-state objective-state-${o.state}`}>
      <p className="objective-state-head">
        <StateBadge objective={o} />
      </p>
      {latest ? (
        <p>
          The latest measurement, <strong>{amount(latest.value, o.unit)}</strong> on{' '}
          <DateOnly value={latest.measuredOn} />, {o.state === 'on_track' ? 'meets' : 'misses'} the
          target of {targetText(o)}.
        </p>
      ) : (
        <p>
          Nothing has been measured yet, so whether the target of {targetText(o)} is met is not
          known.
        </p>
      )}
      {o.measurementOverdue && (
        <p className="warning-text">
          {latest
            ? `It is measured ${FREQUENCY_WORD[o.frequency].toLowerCase()}, and the latest measurement is more than ${FREQUENCY_PERIOD[o.frequency]} old: a new one is due.`
            : 'Record a first measurement to show where the objective stands.'}
        </p>
      )}
    </div>
  );
}

function ObjectivePage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const objective = useData(`${slug}|objective|${id}`, () => planningApi.objective(slug, id));
  const measurements = useData(`${slug}|measurements|${id}`, () =>
    planningApi.measurements(slug, id),
  );
  const [done, setDone] = useState<string | null>(null);
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'objectives'), label: 'Objectives' }]} />
  );
  if (!objective.data) {
    return (
      <>
        {crumbs}
        {objective.status === 404 && (
          <PageHeader title="Objective not found" org={membership.name} />
        )}
        <Loading
          what={
            objective.error ? `The objective could not be loaded: ${objective.error}` : 'Loading…'
          }
        />
      </>
    );
  }
  const o = objective.data;
  return (
    <>
      {crumbs}
      <PageHeader title={o.title} org={membership.name}>
        {o.abilities.edit && (
          <Link className="button" href={sectionHref(slug, 'objectives', o.id, 'edit')}>
            Edit the objective
          </Link>
        )}
      </PageHeader>
      <Alert tone="success">{done}</Alert>
      <section className="panel" aria-label="Where it stands">
        <StateExplanation objective={o} />
      </section>
      <dl className="fields planning-details" aria-label="About this objective">
        <div>
          <dt>Metric</dt>
          <dd>{o.metric}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>{targetText(o)}</dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd>{FREQUENCY_WORD[o.frequency]}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{memberOf(o.names, o.ownerMemberId)}</dd>
        </div>
        {o.aiSystemIds.length > 0 && (
          <div className="wide">
            <dt>AI systems</dt>
            <dd>
              <ul className="inline-list">
                {o.aiSystemIds.map((sid) => (
                  <li key={sid}>
                    <Link href={sectionHref(slug, 'systems', sid)}>
                      {o.names[sid] ?? 'An AI system'}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        <div className="wide">
          <dt>Why it matters</dt>
          <dd className="prewrap">{o.description ?? <span className="muted">Not stated.</span>}</dd>
        </div>
        <div className="wide">
          <dt>Plan</dt>
          <dd className="prewrap">
            {o.plan ?? (
              <span className="muted">
                No plan written yet: what will be done, with what, by whom, by when, and how results
                are evaluated.
              </span>
            )}
          </dd>
        </div>
      </dl>
      {o.abilities.measure && (
        <MeasurementForm
          slug={slug}
          objective={o}
          onRecorded={async (m) => {
            setDone(null);
            const [next] = await Promise.all([
              planningApi.objective(slug, o.id),
              measurements.reload(),
            ]);
            objective.set(next);
            setDone(
              `Recorded ${amount(m.value, o.unit)} for ${dayText(m.measuredOn)}. The objective is now ${STATE_WORD[next.state].toLowerCase()}.`,
            );
          }}
        />
      )}
      <Section id="history" title="Measurements">
        {!measurements.data ? (
          <Loading
            what={
              measurements.error
                ? `The measurements could not be loaded: ${measurements.error}`
                : 'Loading…'
            }
          />
        ) : measurements.data.length === 0 ? (
          <p className="empty">No measurements yet.</p>
        ) : (
          <>
            <MeasurementChart objective={o} measurements={measurements.data} />
            <MeasurementTable objective={o} measurements={measurements.data} />
          </>
        )}
      </Section>
    </>
  );
}
