// Policy and document text. The Markdown renderer (react-markdown, remark-gfm and their parser)
// is about a quarter of the app's script and only the policy and document pages need it, so it is
// a chunk of its own, fetched the first time one of those pages shows a text.
import { lazy, Suspense } from 'react';

// With ".js", as Node's resolution wants: the tests type-check this file under the root
// tsconfig too. Vite finds markdown-text.tsx all the same.
const MarkdownText = lazy(() =>
  import('./markdown-text.js').then((m) => ({ default: m.MarkdownText })),
);

/**
 * Renders Markdown. Headings are shifted so that `#` lands below the page's own headings
 * (`baseLevel` 3 makes `#` an h3).
 */
export function Markdown({ source, baseLevel = 3 }: { source: string; baseLevel?: number }) {
  if (source.trim() === '') return <p className="muted">No text yet.</p>;
  return (
    <Suspense fallback={<p className="muted">Loading the text…</p>}>
      <MarkdownText source={source} baseLevel={baseLevel} />
    </Suspense>
  );
}
