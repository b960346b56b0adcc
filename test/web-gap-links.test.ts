// Where the web app sends someone to close a readiness gap: every clause the rules assess has a
// screen, and records that readiness names link to their pages.
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/modules/readiness/index.js';

// The router listens to the browser's history when it loads; here there is no browser.
(globalThis as { window?: unknown }).window ??= { addEventListener: () => {} };
// A path the server's compiler does not follow: the module is the web app's (bundler resolution).
const LINKS = '../web/src/features/readiness/links.js';
type Req = { id: string; kind: 'clause' | 'control' };
const { fixHref, refHref } = (await import(LINKS)) as {
  fixHref(slug: string, req: Req): string | null;
  refHref(slug: string, ref: { type: string; id: string }, req: Req, catalog: null): string | null;
};

describe('the gap list links', () => {
  it('give every assessed clause the screen that closes it', () => {
    const missing = Object.keys(RULES.clauses).filter(
      (id) => fixHref('acme', { id, kind: 'clause' }) === null,
    );
    expect(missing).toEqual([]);
    // Clauses whose rules now ask for approved documents lead to the documents.
    for (const id of ['6.1.2', '6.1.4', '7.1', '7.4', '7.5.1'])
      expect(fixHref('acme', { id, kind: 'clause' })).toBe('/o/acme/documents');
    expect(fixHref('acme', { id: '8.1', kind: 'clause' })).toBe('/o/acme/gates');
    expect(fixHref('acme', { id: 'A.7.5', kind: 'control' })).toBe('/o/acme/controls/A.7.5');
  });

  it('link the documents, objectives and changes a reason names', () => {
    const req = { id: '7.4', kind: 'clause' as const };
    expect(refHref('acme', { type: 'documents', id: 'd1' }, req, null)).toBe(
      '/o/acme/documents/d1',
    );
    expect(refHref('acme', { type: 'objectives', id: 'o1' }, req, null)).toBe(
      '/o/acme/objectives/o1',
    );
    expect(refHref('acme', { type: 'aims_changes', id: 'c1' }, req, null)).toBe(
      '/o/acme/changes/c1',
    );
  });
});
