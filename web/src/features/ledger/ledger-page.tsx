// The organization's ledger in words: what was done, to which record, by whom and when, newest
// first, narrowed to a record type, one record or one member; and, for those allowed, a check of
// the whole chain on the spot.
import { useEffect, useState } from 'react';
import {
  api,
  ApiError,
  can,
  type LedgerFilter,
  type LedgerVerification,
  type Membership,
} from '../../api';
import { Alert } from '../../components/form';
import { PageHeader, When } from '../../components/page';
import { actorName, humanize } from '../../lib/format';
import { RecordPicker } from '../../components/record-picker';
import { usePaged } from '../../lib/paged';
import { LoadMore } from '../../components/load-more';
import { PackPanel } from '../pack/pack-panel';

const short = (s: string, n = 12) => (s.length > n ? `${s.slice(0, n)}…` : s);

const PAST: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  approve: 'Approved',
  submit: 'Submitted',
  accept: 'Accepted',
  report: 'Reported',
  report_public: 'Reported (public link)',
  triage: 'Triaged',
  transition: 'Moved to a new stage',
  import: 'Imported',
  revoke: 'Revoked',
  close: 'Closed',
  reopen: 'Reopened',
  assign: 'Assigned',
  publish: 'Published',
  acknowledge: 'Acknowledged',
  record: 'Recorded',
  archive: 'Archived',
  add: 'Added',
  remove: 'Removed',
  plan: 'Planned',
  start: 'Started',
  complete: 'Completed',
  verify: 'Verified',
  decide: 'Decided',
  retire: 'Retired',
  setup: 'Set up',
};

/** `risks.create` → "Created (risks)": the verb in the past tense, with the part of the AIMS. */
export function actionInWords(action: string): string {
  const dot = action.lastIndexOf('.');
  if (dot < 0) return humanize(action);
  const area = action.slice(0, dot);
  const verb = action.slice(dot + 1);
  return `${PAST[verb] ?? humanize(verb)} (${humanize(area).toLowerCase()})`;
}

export function LedgerPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [filter, setFilter] = useState<LedgerFilter>({ order: 'desc' });
  const list = usePaged(`${slug}|ledger|${JSON.stringify(filter)}`, (cursor) =>
    api.ledgerPage(slug, filter, cursor),
  );
  const items = list.items ?? [];
  // The record types met so far, to choose from (the list grows as pages load).
  const [types, setTypes] = useState<string[]>([]);
  // Who acted, by user id, from the pages' `names` (the server names them; no member list).
  const names = list.names;

  useEffect(() => {
    if (list.items)
      setTypes((prev) => {
        const next = [...new Set([...prev, ...list.items!.map((e) => e.entity)])].sort();
        return next.length === prev.length ? prev : next;
      });
  }, [list.items]);

  const set = (patch: Partial<LedgerFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const oneRecord = filter.entityId ? { entity: filter.entity!, id: filter.entityId } : null;

  return (
    <>
      <PageHeader title="Ledger" org={membership.name} />
      <p className="intro">
        Every change to this organization’s records. Each event’s hash covers the one before it, so
        a rewritten event breaks the chain from there on.
      </p>
      {can(membership, 'ledger.verify') && <VerifyNow slug={slug} />}
      {can(membership, 'pack.create') && <PackPanel slug={slug} />}
      <div className="filters" role="group" aria-label="Filter the ledger">
        <div className="field">
          <label htmlFor="ledger-order">Order</label>
          <select
            id="ledger-order"
            value={filter.order}
            onChange={(e) => set({ order: e.target.value as LedgerFilter['order'] })}
          >
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first (chain order)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="ledger-type">Record type</label>
          <select
            id="ledger-type"
            value={filter.entity ?? ''}
            onChange={(e) => set({ entity: e.target.value || null, entityId: null })}
          >
            <option value="">Any</option>
            {[...new Set([...types, ...(filter.entity ? [filter.entity] : [])])].map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </div>
        <RecordPicker
          org={slug}
          type="members"
          label="Member"
          name="memberId"
          placeholder="Anyone: type a name or e-mail"
          onChange={(ids) => set({ memberId: ids[0] ?? null })}
        />
      </div>
      {oneRecord && (
        <p className="alert alert-info" role="status">
          Showing the history of one record ({humanize(oneRecord.entity)}).{' '}
          <button type="button" className="link-button" onClick={() => set({ entityId: null })}>
            Show every record
          </button>
        </p>
      )}
      <Alert>{list.error}</Alert>
      {list.items && items.length === 0 && <p className="muted">No events match.</p>}
      {items.length > 0 && (
        <div className="table-wrap panel">
          <table>
            <caption className="visually-hidden">Ledger events of {membership.name}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Record</th>
                <th scope="col">By</th>
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.seq}>
                  <td>
                    <When at={e.at} />
                  </td>
                  <td>{actionInWords(e.action)}</td>
                  <td>
                    {humanize(e.entity)}
                    {typeof e.state?.ref === 'string' && ` ${e.state.ref}`}
                    {e.entity_id === null ? (
                      <span className="muted"> (not shown to you)</span>
                    ) : (
                      !oneRecord && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link-button"
                            title={e.entity_id}
                            onClick={() => set({ entity: e.entity, entityId: e.entity_id })}
                          >
                            its history
                          </button>
                        </>
                      )
                    )}
                  </td>
                  <td>
                    {e.actor === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <span title={e.actor}>{actorName(e.actor, names)}</span>
                    )}
                  </td>
                  <td>
                    <span className="num">#{e.seq}</span>{' '}
                    <code title={e.hash}>{short(e.hash)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} one="event" many="events" />
    </>
  );
}

/** Runs the server's full verification of this organization's chain and says what it found. */
function VerifyNow({ slug }: { slug: string }) {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<LedgerVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify the ledger</h2>
      <p className="hint">
        Recomputes every hash, checks every signature and the head log kept outside the database,
        and replays every record from its events.
      </p>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          setReport(null);
          api
            .verifyLedger(slug)
            .then(setReport)
            .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Verifying…' : 'Verify now'}
      </button>
      <div aria-live="polite">
        <Alert>{error}</Alert>
        {report &&
          (report.ok ? (
            <p className="alert alert-success">
              The ledger verifies: {report.events} events, {report.checkpoints} signed checkpoints
              and {report.records} records, all consistent.
            </p>
          ) : (
            <p className="alert alert-error">
              The ledger does not verify.{' '}
              {report.firstBroken &&
                `${report.firstBroken.seq !== null ? `At event #${report.firstBroken.seq}: ` : ''}${report.firstBroken.message}`}
            </p>
          ))}
      </div>
    </section>
  );
}
