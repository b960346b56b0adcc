// Policy and document text, rendered with react-markdown and remark-gfm (CommonMark plus GitHub's
// tables, strikethrough, task lists, autolinks and footnotes). The text becomes React elements,
// never an HTML string, and raw HTML is not interpreted: react-markdown turns it into plain text
// unless a plugin such as rehype-raw is added, which this file must not do. The app loads this
// module only when it first shows such a text (see markdown.tsx).
import { useId, type ComponentPropsWithoutRef, type JSX } from 'react';
import ReactMarkdown, { type Components, type ExtraProps, type UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const WEB = /^https?:\/\//i;
const EXTERNAL = /^(https?:\/\/|mailto:)/i;

/**
 * Keeps http(s) and mailto addresses, and in-page fragments (footnote references point at `#…`);
 * drops everything else, so `javascript:`, `data:` and relative addresses never reach an href.
 */
export const safeUrl: UrlTransform = (url) =>
  EXTERNAL.test(url) || url.startsWith('#') ? url : undefined;

type Props<Tag extends keyof JSX.IntrinsicElements> = ComponentPropsWithoutRef<Tag> & ExtraProps;

function Link({ node: _node, href, children, ...rest }: Props<'a'>) {
  // safeUrl removed an unsafe address: keep the words, lose the link (as before).
  if (!href) return <span>{children}</span>;
  if (href.startsWith('#'))
    return (
      <a href={href} {...rest}>
        {children}
      </a>
    );
  return (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank" {...rest}>
      {children}
    </a>
  );
}

// Images are never loaded: the CSP allows only this origin's images, and a remote image would tell
// a third party who read the policy and when. The reader gets the description, as a link to the
// picture when its address is http(s).
function Image({ src, alt }: Props<'img'>) {
  const label = alt ? `Image: ${alt}` : 'Image';
  if (typeof src === 'string' && WEB.test(src))
    return (
      <a href={src} rel="noopener noreferrer nofollow" target="_blank">
        {label}
      </a>
    );
  return alt ? <span>{label}</span> : null;
}

// A wide table scrolls inside its own box; the box takes the keyboard focus so that it can be
// scrolled without a mouse, and is named so that a screen reader says what has the focus.
function Table({ node: _node, ...rest }: Props<'table'>) {
  return (
    <div className="markdown-table" role="region" aria-label="Table" tabIndex={0}>
      <table {...rest} />
    </div>
  );
}

// GFM puts header cells only in the table's head, so they are column headers.
function HeaderCell({ node: _node, ...rest }: Props<'th'>) {
  return <th scope="col" {...rest} />;
}

type HeadingTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

/** Heading components that shift `#` down to `baseLevel`, below the page's own headings. */
function headings(baseLevel: number): Components {
  const shifted = (level: number) => {
    const Tag = `h${Math.min(6, level + baseLevel - 1)}` as HeadingTag;
    return function Heading({ node: _node, ...rest }: Props<HeadingTag>) {
      return <Tag {...rest} />;
    };
  };
  return {
    h1: shifted(1),
    h2: shifted(2),
    h3: shifted(3),
    h4: shifted(4),
    h5: shifted(5),
    h6: shifted(6),
  };
}

const BASE: Components = { a: Link, img: Image, table: Table, th: HeaderCell };
const COMPONENTS = new Map<number, Components>();
function componentsFor(baseLevel: number): Components {
  let c = COMPONENTS.get(baseLevel);
  if (!c) COMPONENTS.set(baseLevel, (c = { ...BASE, ...headings(baseLevel) }));
  return c;
}

const REMARK_PLUGINS = [remarkGfm];
// The footnotes' heading uses the app's own class for text that only screen readers see.
const FOOTNOTE_LABEL = { className: ['visually-hidden'] };

/**
 * Renders Markdown. Headings are shifted so that `#` lands below the page's own headings
 * (`baseLevel` 3 makes `#` an h3).
 */
export function MarkdownText({ source, baseLevel }: { source: string; baseLevel: number }) {
  // Footnote ids get a prefix of their own per text: a page can show two versions of a policy,
  // and a reference in one must not jump to the other's note.
  const prefix = `${useId()}-`;
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={REMARK_PLUGINS}
        remarkRehypeOptions={{ clobberPrefix: prefix, footnoteLabelProperties: FOOTNOTE_LABEL }}
        components={componentsFor(baseLevel)}
        urlTransform={safeUrl}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
