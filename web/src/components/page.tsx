import { useEffect, type ReactNode } from 'react';

/** A page's heading; it also names the browser tab. The frame moves focus to it on navigation. */
export function PageHeader({ title, org, children }: { title: string; org?: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = org ? `${title} · ${org} · aims` : `${title} · aims`;
  }, [title, org]);
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-header-actions">{children}</div>}
    </div>
  );
}

/** A titled part of a page, exposed as a named region. */
export function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
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
