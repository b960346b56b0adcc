// A very small history-API router: the location is external state that components subscribe to.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

window.addEventListener('popstate', emit);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  emit();
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The query string of the current address, with its leading `?` (or empty). */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** Replaces the query string of the current page (filters, sort), keeping the history short. */
export function setSearch(params: URLSearchParams) {
  const s = params.toString();
  navigate(`${window.location.pathname}${s ? `?${s}` : ''}`, { replace: true });
}

export const SECTIONS = [
  { id: 'dashboard', label: 'Dashboard', coming: false },
  { id: 'inbox', label: 'My work', coming: false },
  { id: 'systems', label: 'AI systems', coming: false },
  { id: 'registers', label: 'Registers', coming: false },
  { id: 'policies', label: 'Policies', coming: false },
  { id: 'scope', label: 'Scope', coming: false },
  { id: 'documents', label: 'Documents', coming: false },
  { id: 'concerns', label: 'Concerns', coming: false },
  { id: 'incidents', label: 'Incidents', coming: false },
  { id: 'monitoring', label: 'Monitoring', coming: false },
  { id: 'risks', label: 'Risks', coming: false },
  { id: 'impact', label: 'Impact assessments', coming: false },
  { id: 'dpia', label: 'DPIAs', coming: false },
  { id: 'operations', label: 'Assessments due', coming: false },
  { id: 'gates', label: 'Life cycle gates', coming: false },
  { id: 'objectives', label: 'Objectives', coming: false },
  { id: 'changes', label: 'Planned changes', coming: false },
  { id: 'nonconformities', label: 'Nonconformities', coming: false },
  { id: 'improvements', label: 'Improvements', coming: false },
  { id: 'audits', label: 'Internal audit', coming: false },
  { id: 'reviews', label: 'Management reviews', coming: false },
  { id: 'controls', label: 'Controls (SoA)', coming: false },
  { id: 'evidence', label: 'Evidence', coming: false },
  { id: 'interchange', label: 'Import and export', coming: false },
  { id: 'ledger', label: 'Ledger', coming: false },
  { id: 'settings', label: 'Settings', coming: false },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export type Route =
  | { kind: 'root' }
  | { kind: 'report'; slug: string }
  /** The signed-in user's account; and the pages for signed-out people (links carry # secrets). */
  | { kind: 'account' }
  | { kind: 'forgot-password' }
  | { kind: 'reset-password' }
  | { kind: 'invitation' }
  | { kind: 'org'; slug: string; section: SectionId | null; rest: string; parts: string[] };

/**
 * `/` → root; `/report/<slug>` → the public concern page; `/o/<slug>[/<section>[/…]]` → org
 * (section null when it is not one we know; `parts` are the decoded segments after it).
 */
export function parseRoute(path: string): Route {
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === 'report' && parts[1] && parts.length === 2)
    return { kind: 'report', slug: parts[1] };
  if (parts.length === 1) {
    const page = ACCOUNT_PAGES.find((k) => k === parts[0]);
    if (page) return { kind: page };
  }
  if (parts[0] !== 'o' || !parts[1]) return { kind: 'root' };
  const name = parts[2] ?? 'dashboard';
  const section = SECTIONS.find((s) => s.id === name)?.id ?? null;
  return {
    kind: 'org',
    slug: parts[1],
    section,
    rest: parts.slice(2).join('/'),
    parts: parts.slice(3),
  };
}

const ACCOUNT_PAGES = ['account', 'forgot-password', 'reset-password', 'invitation'] as const;

export const orgHref = (slug: string, section: SectionId = 'dashboard') =>
  `/o/${encodeURIComponent(slug)}/${section}`;

/** An address inside a section: `/o/<slug>/<section>/<part>/<part>…`, each part encoded. */
export const sectionHref = (slug: string, section: SectionId, ...parts: string[]) =>
  [orgHref(slug, section), ...parts.map((p) => encodeURIComponent(p))].join('/');

/** An anchor that changes the route without a page load (modified clicks keep their meaning). */
export function Link({
  href,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
