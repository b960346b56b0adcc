// The organization's ledger, oldest first, fifty events at a time.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type LedgerEvent, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { PageHeader, When } from '../../components/page';

const short = (s: string, n = 12) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** `user:<id>` or `user:<id>/token:<id>` in words, using the member list when it has the user. */
function actorName(actor: string, emails: Map<string, string>): string {
  const m = /^user:([^/]+)(\/token:.+)?$/.exec(actor);
  if (!m) return actor;
  const who = emails.get(m[1]!) ?? short(actor, 24);
  return m[2] ? `${who} (API token)` : who;
}

export function LedgerPage({ membership }: { membership: Membership }) {
  const [items, setItems] = useState<LedgerEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [emails, setEmails] = useState<Map<string, string>>(new Map());

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.ledger(membership.slug, from);
        setItems((prev) => (from ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoaded(true);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      } finally {
        setLoading(false);
      }
    },
    [membership.slug],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    let live = true;
    api
      .members(membership.slug)
      .then((page) => live && setEmails(new Map(page.items.map((m) => [m.userId, m.email]))))
      // Names are a convenience here: without them the ledger shows user ids.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [membership.slug]);

  return (
    <>
      <PageHeader title="Ledger" org={membership.name} />
      <p className="intro">
        Every change to this organization’s records, in the order it happened. Each event’s hash
        covers the one before it, so a rewritten event breaks the chain from there on.
      </p>
      <Alert>{error}</Alert>
      {loaded && items.length === 0 && <p className="muted">No events yet.</p>}
      {items.length > 0 && (
        <div className="table-wrap panel">
          <table>
            <caption className="visually-hidden">Ledger events of {membership.name}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">By</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td>
                    <When at={e.at} />
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.entity}{' '}
                    {e.entity_id === null ? (
                      <span className="muted">(not shown to you)</span>
                    ) : (
                      <code title={e.entity_id}>{short(e.entity_id, 13)}</code>
                    )}
                  </td>
                  <td>
                    {e.actor === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <span title={e.actor}>{actorName(e.actor, emails)}</span>
                    )}
                  </td>
                  <td>
                    <code title={e.hash}>{short(e.hash)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions" aria-live="polite">
        {loading && <span className="muted">Loading…</span>}
        {!loading && cursor && (
          <button type="button" className="button" onClick={() => void load(cursor)}>
            Load more
          </button>
        )}
        {loaded && !loading && !cursor && items.length > 0 && (
          <span className="muted">
            {items.length} {items.length === 1 ? 'event' : 'events'}, all shown.
          </span>
        )}
      </div>
    </>
  );
}
