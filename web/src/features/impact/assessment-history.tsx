// What the ledger recorded for one assessment, newest first, in words: started, changed (which
// fields), impacts added, changed or removed, approved, superseded. Each event carries the action that made it.
import { Alert } from '../../components/form';
import { Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { allPages } from '../../lib/pages';
import { actorName } from '../../lib/format';
import { registersApi, type HistoryEvent } from '../registers/api';

type State = Record<string, unknown> | null;

const FIELD_WORDS: Record<string, string> = {
  ai_model_id: 'model version',
  title: 'title',
  summary: 'summary',
  dpia_reference: 'DPIA',
  review_cycle_months: 'review cycle',
};

function changedFields(prev: State, next: State): string {
  const changed = Object.keys(FIELD_WORDS).filter(
    (k) => JSON.stringify(prev?.[k] ?? null) !== JSON.stringify(next?.[k] ?? null),
  );
  return changed.length
    ? `Changed: ${changed.map((k) => FIELD_WORDS[k]).join(', ')}`
    : 'Saved without changes';
}

/** Events from before each change had an action of its own carry `impact_assessments.write`: what happened shows in the state. */
function describeUnnamed(prev: State, next: State): string {
  if (!next) return 'Deleted';
  if (!prev) return 'Started as a draft';
  if (prev.status !== next.status) {
    if (next.status === 'approved') return 'Approved';
    if (next.status === 'superseded') return 'Superseded by a later approved assessment';
  }
  return changedFields(prev, next);
}

function describe(e: HistoryEvent, prev: State): string {
  switch (e.action) {
    case 'impact_assessments.create':
      return 'Started as a draft';
    case 'impact_assessments.update':
      return changedFields(prev, e.state);
    case 'impact_assessments.add_impact':
      return 'Impact added';
    case 'impact_assessments.update_impact':
      return 'Impact changed';
    case 'impact_assessments.remove_impact':
      return 'Impact removed';
    case 'impact_assessments.approve':
      // Approving an assessment supersedes the one approved before it, in the same action.
      return e.state?.status === 'superseded'
        ? 'Superseded by a later approved assessment'
        : 'Approved';
    default:
      return describeUnnamed(prev, e.state);
  }
}

async function loadAll(
  slug: string,
  id: string,
): Promise<{ events: HistoryEvent[]; more: boolean; names: Record<string, string> }> {
  // The server names who acted in each page's events, so no member list is read.
  const names: Record<string, string> = {};
  const { items, more } = await allPages(async (cursor) => {
    const p = await registersApi.history(slug, 'impact_assessments', id, cursor);
    Object.assign(names, p.names);
    return p;
  }, 5);
  return { events: items, more, names };
}

export function AssessmentHistory({
  slug,
  id,
  refresh,
}: {
  slug: string;
  id: string;
  refresh: unknown;
}) {
  const history = useData(`${slug}|impact-history|${id}`, () => loadAll(slug, id), refresh);
  const emails = new Map(Object.entries(history.data?.names ?? {}));
  const events = history.data?.events ?? [];
  const rows = events
    .map((e, i) => ({ e, what: describe(e, i === 0 ? null : events[i - 1]!.state) }))
    .reverse();
  return (
    <Section
      id="impact-history"
      title="History"
      intro={
        <p>
          The changes to this assessment recorded in the ledger, newest first. A change to an impact
          counts as a change to the assessment, so an approval always covers the impacts as they
          were read.
        </p>
      }
    >
      <Alert>{history.error}</Alert>
      {!history.data && !history.error && <p className="muted">Loading…</p>}
      {rows.length > 0 && (
        <ol className="history">
          {rows.map(({ e, what }) => (
            <li key={e.seq}>
              <span className="history-what">{what}</span>
              <span className="history-meta">
                <When at={e.at} /> · {actorName(e.actor, emails)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {history.data?.more && (
        <p className="muted">
          Only the first {events.length} changes are shown; the ledger has them all.
        </p>
      )}
    </Section>
  );
}
