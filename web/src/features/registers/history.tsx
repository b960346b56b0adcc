// A record's history from the ledger: who changed it, when, and which fields.
import { call, client, type Page } from '../../api';
import type { operations } from '../../generated/openapi';
import { Alert } from '../../components/form';
import { Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { actorName } from '../../lib/format';
import type { FieldMeta } from '../../lib/lookups';
import { allPages } from '../../lib/pages';

type HistoryEntity = operations['ledger.history']['parameters']['path']['entity'];

/**
 * A record's events, oldest first, to a bound of pages, with the names of who acted in them (the
 * server names them, so the page reads no member list).
 */
async function readHistory(org: string, entity: string, id: string) {
  const names: Record<string, string> = {};
  const read = await allPages(async (cursor) => {
    const p = await call(
      client.GET('/api/v1/orgs/{org}/history/{entity}/{id}', {
        params: {
          path: { org, entity: entity as HistoryEntity, id },
          query: { limit: 100, ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    Object.assign(names, p.names);
    return p satisfies Page<unknown>;
  }, 10);
  return { ...read, names };
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const IGNORED = new Set(['id', 'org_id', 'version', 'created_at', 'updated_at']);

function verb(action: string): string {
  const v = action.split('.').pop() ?? action;
  const words: Record<string, string> = {
    report_public: 'Reported through the public link',
    publish_register: 'Register published',
    create: 'Created',
    update: 'Changed',
    delete: 'Deleted',
    import: 'Imported',
    transition: 'Moved to another stage',
    approve: 'Approved',
    submit: 'Submitted for review',
    publish: 'Published',
    retire: 'Retired',
    draft: 'Drafted',
    triage: 'Triaged',
    report: 'Reported',
  };
  return words[v] ?? v.replace(/_/g, ' ');
}

/** A column name in words, for records without a field catalogue: `owner_member_id` → "owner". */
const columnWords = (k: string) => k.replace(/_member_id$|_id$/, '').replace(/_/g, ' ');

/** The labels of the fields an event changed, compared with the state before it. */
function changedFields(
  prev: Record<string, unknown> | null,
  next: Record<string, unknown> | null,
  labels: Map<string, string>,
): string[] {
  if (!prev || !next) return [];
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  const out: string[] = [];
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    if (JSON.stringify(prev[k] ?? null) !== JSON.stringify(next[k] ?? null))
      out.push(labels.get(k) ?? columnWords(k));
  }
  return out;
}

export function HistoryPanel({
  slug,
  entity,
  id,
  fields = [],
  title = 'History',
}: {
  slug: string;
  entity: string;
  id: string;
  fields?: readonly FieldMeta[];
  title?: string;
}) {
  const labels = new Map(fields.map((f) => [snake(f.name), f.label]));

  // The API pages oldest first; a record has few events, so read them all (up to a bound) and
  // show the newest on top.
  const read = useData(`${slug}|history|${entity}|${id}`, () => readHistory(slug, entity, id));
  const events = read.data?.items ?? null;
  const truncated = read.data?.more ?? false;
  const error = read.error;

  const emails = new Map(Object.entries(read.data?.names ?? {}));
  // Changed fields are computed in ledger order, then the list is turned newest first.
  const rows = (events ?? [])
    .map((e, i, all) => ({
      e,
      changed: i === 0 ? [] : changedFields(all[i - 1]!.state, e.state, labels),
    }))
    .reverse();

  return (
    <Section
      id={`history-${id}`}
      title={title}
      intro={<p>Every change recorded in the ledger, newest first.</p>}
    >
      <Alert>{error}</Alert>
      {events === null && !error && <p className="muted">Loading…</p>}
      {events && events.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {rows.length > 0 && (
        <ol className="history">
          {rows.map(({ e, changed }) => (
            <li key={e.seq}>
              <span className="history-what">
                {verb(e.action)}
                {e.version !== null && <span className="muted"> · revision {e.version}</span>}
              </span>
              <span className="history-meta">
                <When at={e.at} /> · {actorName(e.actor, emails)}
              </span>
              {changed.length > 0 && <span className="history-fields">{changed.join(', ')}</span>}
            </li>
          ))}
        </ol>
      )}
      {truncated && (
        <p className="muted">
          Only the first {events?.length} changes are shown; the ledger has them all.
        </p>
      )}
    </Section>
  );
}
