// Where a nonconformity came from, named and linked by what the server read for it: "Audit finding
// F-0003 … of audit 2, Life cycle audit", "Incident INC-0007 …", the concern or the review.
// What the caller may not read (or what is gone) stays a plain id.
import { Link, sectionHref } from '../../router';
import { findingHref } from '../audits/finding-page';
import type { Nonconformity } from './api';

const named = (s: NonNullable<Nonconformity['source']>) =>
  s.ref ? `${s.ref} ${s.title}` : s.title;

export function SourceLink({ slug, nc }: { slug: string; nc: Nonconformity }) {
  const s = nc.source;
  if (!s) return <span className="muted"> ({nc.names[nc.sourceId ?? ''] ?? nc.sourceId})</span>;
  switch (nc.sourceType) {
    case 'audit_finding':
      return (
        <>
          {' '}
          <Link href={findingHref(slug, s)}>{named(s)}</Link>
          {s.audit && (
            <>
              {' '}
              of audit {s.audit.number},{' '}
              <Link href={sectionHref(slug, 'audits', s.audit.id)}>{s.audit.title}</Link>
            </>
          )}
        </>
      );
    case 'incident':
      return (
        <>
          {' '}
          <Link href={sectionHref(slug, 'incidents', s.id)}>{named(s)}</Link>
        </>
      );
    case 'concern':
      return (
        <>
          : <Link href={sectionHref(slug, 'concerns', s.id)}>“{s.title}”</Link>
        </>
      );
    case 'management_review':
      return (
        <>
          : <Link href={sectionHref(slug, 'reviews', s.id)}>{s.title}</Link>
        </>
      );
    default:
      return <> {named(s)}</>;
  }
}
