// The web app's Markdown for policy and document text, rendered to static markup under Node:
// GitHub-flavoured Markdown comes out as real elements, while raw HTML and unsafe addresses in
// the text never become markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { prerenderToNodeStream } from 'react-dom/static';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../web/src/components/markdown.js';
import { MarkdownText } from '../web/src/components/markdown-text.js';

const render = (source: string, baseLevel = 3) =>
  renderToStaticMarkup(createElement(MarkdownText, { source, baseLevel }));

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);

describe('Markdown', () => {
  it('renders a GFM table with its header and cells, in a box of its own that scrolls', () => {
    const html = render(
      ['| Control | Owner | Due |', '|---|:---:|--:|', '| A.2.2 | CISO | 2025-06 |'].join('\n'),
    );
    expect(html).toContain('<div class="markdown-table" role="region"');
    expect(html).toMatch(/<table><thead><tr><th scope="col">Control<\/th>/);
    expect(html).toMatch(/<th scope="col" style="text-align:center">Owner<\/th>/);
    expect(html).toMatch(/<tbody><tr><td>A\.2\.2<\/td><td style="text-align:center">CISO<\/td>/);
    expect(html).toMatch(/<td style="text-align:right">2025-06<\/td><\/tr><\/tbody><\/table>/);
  });

  it('renders strikethrough and task lists', () => {
    expect(render('The ~~old~~ rule.')).toContain('<p>The <del>old</del> rule.</p>');
    const tasks = render('- [x] Scope approved\n- [ ] Risks treated');
    expect(tasks).toContain('<ul class="contains-task-list">');
    expect(tasks).toContain('<input type="checkbox" disabled="" checked=""/> Scope approved</li>');
    expect(tasks).toContain('<input type="checkbox" disabled=""/> Risks treated</li>');
  });

  it('shows raw HTML as text and never as elements', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '',
        '<img src=x onerror=alert(1)>',
        '',
        'Inline <script>alert(2)</script> and <img src=y onerror=alert(3)> and <a href="javascript:alert(4)">a</a>.',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<a href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=y onerror=alert(3)&gt;');
  });

  it('keeps http(s) and mailto links and drops every other address, keeping the words', () => {
    const html = render(
      [
        '[policy](https://example.org/policy) [old](http://example.org/) [write](mailto:ai@example.org)',
        'www.example.com and https://example.net/x',
        '[x](javascript:alert(1)) [y](JavaScript:alert(1)) [z](java&#115;cript:alert(1))',
        '<javascript:alert(1)> [d](data:text/html,<b>x</b>) [v](vbscript:x) [r](/api/v1/orgs)',
      ].join('\n'),
    );
    expect(hrefs(html)).toEqual([
      'https://example.org/policy',
      'http://example.org/',
      'mailto:ai@example.org',
      'http://www.example.com',
      'https://example.net/x',
    ]);
    expect(html).toContain(
      '<a href="https://example.org/policy" rel="noopener noreferrer nofollow" target="_blank">policy</a>',
    );
    expect(html).toContain('<span>x</span>');
    expect(html).toContain('<span>r</span>');
  });

  it('does not load images: it links to a web image by its description', () => {
    const html = render(
      '![Org chart](https://example.org/chart.png) ![Pixel](data:image/png;base64,AA)',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<a href="https://example.org/chart.png"');
    expect(html).toContain('>Image: Org chart</a>');
    expect(html).toContain('<span>Image: Pixel</span>');
    expect(html).not.toContain('data:');
  });

  it('renders headings below the page, lists, quotes, code and inline marks as before', () => {
    const html = render(
      [
        '# AI policy',
        '## Scope',
        '###### Deep',
        '',
        'We **develop**, *use* and `retire` AI.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '> quoted',
        '',
        '```',
        '<b>kept as text</b>',
        '```',
        '',
        '---',
      ].join('\n'),
    );
    expect(html).toMatch(
      /^<div class="markdown"><h3>AI policy<\/h3>\n<h4>Scope<\/h4>\n<h6>Deep<\/h6>/,
    );
    expect(html).toContain(
      '<p>We <strong>develop</strong>, <em>use</em> and <code>retire</code> AI.</p>',
    );
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(html).toContain('<pre><code>&lt;b&gt;kept as text&lt;/b&gt;\n</code></pre>');
    expect(html).toContain('<hr/>');
    expect(render('# Title', 2)).toContain('<h2>Title</h2>');
  });

  it('gives the footnotes of two texts on one page ids of their own', () => {
    const html = renderToStaticMarkup(
      createElement(
        'main',
        null,
        createElement(MarkdownText, { source: 'A[^1]\n\n[^1]: First.', baseLevel: 3 }),
        createElement(MarkdownText, { source: 'B[^1]\n\n[^1]: Second.', baseLevel: 3 }),
      ),
    );
    const ids = [...html.matchAll(/<li id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(hrefs(html)).toContain(`#${id}`);
  });

  it('says there is no text yet for an empty text, without loading the renderer', () => {
    expect(renderToStaticMarkup(createElement(Markdown, { source: '  \n ' }))).toBe(
      '<p class="muted">No text yet.</p>',
    );
  });

  it('loads the renderer when a text is shown, and renders the text with it', async () => {
    const source = '# Roles\n\n| Role | Who |\n|---|---|\n| Owner | CISO |';
    // A single pass shows the placeholder while the renderer's chunk is fetched...
    expect(renderToStaticMarkup(createElement(Markdown, { source }))).toBe(
      '<p class="muted">Loading the text…</p>',
    );
    // ...and waiting for it gives what the renderer itself gives, with # at h3 by default.
    const { prelude } = await prerenderToNodeStream(createElement(Markdown, { source }));
    const html = (await text(prelude)).replace(/<!--.*?-->/g, '');
    expect(html).toBe(render(source));
    expect(html).toContain('<h3>Roles</h3>');
    expect(html).toContain('<td>CISO</td>');
  });
});
