// A very small history-API router: the path is external state that components subscribe to.
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

export const SECTIONS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'systems', label: 'AI systems' },
  { id: 'risks', label: 'Risks' },
  { id: 'controls', label: 'Controls (SoA)' },
  { id: 'evidence', label: 'Evidence' },
  { id: 'policies', label: 'Policies' },
  { id: 'ledger', label: 'Ledger' },
  { id: 'settings', label: 'Settings' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export type Route = { kind: 'root' } | { kind: 'org'; slug: string; section: SectionId | null; rest: string };

/** `/` → root; `/o/<slug>[/<section>]` → org (section null when it is not one we know). */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] !== 'o' || !parts[1]) return { kind: 'root' };
  const name = parts[2] ?? 'dashboard';
  const section = SECTIONS.find((s) => s.id === name)?.id ?? null;
  return { kind: 'org', slug: parts[1], section, rest: parts.slice(2).join('/') };
}

export const orgHref = (slug: string, section: SectionId = 'dashboard') => `/o/${encodeURIComponent(slug)}/${section}`;

/** An anchor that changes the route without a page load (modified clicks keep their meaning). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
