import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from '../router';

/** Set by the frame when it navigated before the new page had a heading to focus. */
export const focusRequest = { pending: false };

/** A page's heading; it also names the browser tab. The frame moves focus to it on navigation. */
export function PageHeader({
  title,
  org,
  children,
}: {
  title: string;
  org?: string;
  children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = org ? `${title} · ${org} · aims` : `${title} · aims`;
  }, [title, org]);
  useEffect(() => {
    if (!focusRequest.pending) return;
    focusRequest.pending = false;
    heading.current?.focus();
  }, []);
  return (
    <div className="page-header">
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children && <div className="page-header-actions">{children}</div>}
    </div>
  );
}

/** A titled part of a page, exposed as a named region. */
export function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro && <div className="intro">{intro}</div>}
      {children}
    </section>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A timestamp shown in the reader's locale, with the exact value in a <time> element. */
export function When({ at, date = false }: { at: string; date?: boolean }) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <>{at}</>;
  return <time dateTime={at}>{(date ? dateOnly : dateTime).format(d)}</time>;
}

const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) in the reader's locale, without shifting it across time zones. */
export function DateOnly({ value }: { value: string }) {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime())) return <>{value}</>;
  return <time dateTime={value}>{calendarDate.format(d)}</time>;
}

/** A small coloured label for a state; `tone` picks the colour, the text carries the meaning. */
export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Where this page sits: links to the pages above it. */
export function Breadcrumbs({ items }: { items: { href: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href}>{i.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Shown while a page's data loads, or instead of it when loading failed. */
export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}
    </p>
  );
}
