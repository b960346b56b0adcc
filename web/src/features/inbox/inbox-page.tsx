// My work: what waits for the signed-in member now (computed by the server from the records),
// each item linking to the page that acts on it; below, their notifications, read and unread.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, DateOnly, Loading, PageHeader, When } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { Link } from '../../router';
import { inboxApi, type AppNotification, type InboxItem } from './api';
import './inbox.css';

const EMAIL_WORD: Record<NonNullable<AppNotification['email']>['status'], string> = {
  pending: 'e-mail queued',
  sent: 'e-mailed',
  failed: 'e-mail failed',
  skipped: 'no e-mail (none configured)',
};

function Item({ item }: { item: InboxItem }) {
  return (
    <li className="inbox-item">
      <Link href={item.path} className="inbox-title">
        {item.title}
      </Link>
      {item.dueDate && (
        <span className="inbox-due">
          {item.overdue ? (
            <Badge tone="danger">
              Overdue since <DateOnly value={item.dueDate} />
            </Badge>
          ) : (
            <Badge tone="warning">
              Due <DateOnly value={item.dueDate} />
            </Badge>
          )}
        </span>
      )}
      <p className="inbox-why">{item.why}</p>
    </li>
  );
}

export function InboxPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const inbox = useData(`${slug}|inbox`, () => inboxApi.inbox(slug), refresh);
  const notes = useData(`${slug}|notifications`, () => inboxApi.notifications(slug), refresh);
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().then(
      () => setRefresh((n) => n + 1),
      (e: unknown) => setError(messageOf(e)),
    );
  };

  return (
    <>
      <PageHeader title="My work" org={membership.name} />
      {inbox.error && <Alert>What waits for you could not be read: {inbox.error}</Alert>}
      {!inbox.data && !inbox.error && <Loading />}
      {inbox.data && (
        <>
          <p className="lead" role="status">
            {inbox.data.total === 0
              ? 'Nothing waits for you now.'
              : `${inbox.data.total} ${inbox.data.total === 1 ? 'item waits' : 'items wait'} for you.`}
          </p>
          {inbox.data.groups
            .filter((g) => g.count > 0)
            .map((g) => (
              <section key={g.group} className="panel" aria-labelledby={`inbox-${g.group}`}>
                <h2 id={`inbox-${g.group}`}>
                  {g.label} <span className="muted">({g.count})</span>
                </h2>
                <ul className="inbox-list">
                  {g.items.map((i) => (
                    <Item key={i.key} item={i} />
                  ))}
                </ul>
                {g.count > g.items.length && (
                  <p className="muted">
                    The {g.items.length} due first are shown of {g.count}.
                  </p>
                )}
              </section>
            ))}
        </>
      )}

      <section className="panel" aria-labelledby="notifications-title">
        <div className="panel-heading">
          <h2 id="notifications-title">
            Notifications{' '}
            {inbox.data && <span className="muted">({inbox.data.unreadNotifications} unread)</span>}
          </h2>
          {inbox.data && inbox.data.unreadNotifications > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => act(() => inboxApi.markAllRead(slug))}
            >
              Mark all read
            </button>
          )}
        </div>
        <Alert>{error}</Alert>
        {notes.error && <Alert>The notifications could not be read: {notes.error}</Alert>}
        {notes.data && notes.data.items.length === 0 && (
          <p className="muted">No notifications yet.</p>
        )}
        {notes.data && notes.data.items.length > 0 && (
          <ul className="inbox-list" aria-label="Notifications">
            {notes.data.items.map((n) => (
              <li key={n.id} className={`inbox-item${n.readAt ? '' : ' unread'}`}>
                <Link href={n.path} className="inbox-title">
                  {n.reason === 'reminder' ? `Reminder: ${n.title}` : n.title}
                </Link>{' '}
                {!n.readAt && <Badge tone="info">Unread</Badge>}{' '}
                {n.resolvedAt && <Badge tone="success">No longer waiting</Badge>}
                <p className="inbox-why">{n.why}</p>
                <p className="muted inbox-meta">
                  <When at={n.createdAt} />
                  {n.email && <> · {EMAIL_WORD[n.email.status]}</>}
                  {!n.readAt && (
                    <>
                      {' · '}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => act(() => inboxApi.markRead(slug, n.id))}
                      >
                        Mark read<span className="visually-hidden">: {n.title}</span>
                      </button>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
