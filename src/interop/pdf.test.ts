import { describe, expect, it } from 'vitest';
import { readPdf, type PdfTextItem } from '../../test/pdf-text.js';
import { renderPdf, type PdfTable } from './pdf.js';

const SAMPLES = {
  Polish: 'Zażółć gęślą jaźń',
  Greek: 'Διαχείριση κινδύνου',
  Japanese: 'リスク管理システム',
  Hebrew: 'ניהול סיכונים',
  Arabic: 'إدارة المخاطر',
};

// The page is landscape A4 with 36 pt margins and 3 pt of padding inside each column.
const LEFT = 36;
const RIGHT = 842 - 36;
const PAD = 3;

const HEAD = { organization: 'Test Org', generatedAt: new Date('2026-11-29T10:00:00Z') };
const render = (table: PdfTable) => renderPdf({ title: table.title, head: HEAD, tables: [table] });
/** The pages of the table: the title page comes first. */
const tablePages = async (buf: Buffer) => (await readPdf(buf)).slice(1);
const strings = (items: PdfTextItem[]) => items.map((i) => i.str);

describe('renderPdf', () => {
  it('draws Polish, Greek, Japanese, Hebrew and Arabic as written, with subsets of the fonts', async () => {
    const buf = await render({
      title: `Rejestr ryzyk: ${SAMPLES.Polish}`,
      subtitle: SAMPLES.Greek,
      columns: [
        { header: 'Language', width: 1 },
        { header: 'Text', width: 1 },
      ],
      rows: Object.entries(SAMPLES),
    });
    const [page, ...more] = await tablePages(buf);
    expect(more).toHaveLength(0);
    // pdf.js hands right-to-left text back in reading order, so each string comes back whole,
    // as one piece of text, exactly as written; drawn in the wrong order it would come back
    // reversed, or with its words swapped.
    for (const sample of Object.values(SAMPLES)) expect(strings(page!.items)).toContain(sample);
    expect(page!.text).toContain(`Rejestr ryzyk: ${SAMPLES.Polish}`);
    // No character replaced: not by '?' as before, nor by U+FFFD, nor by a missing glyph (NUL).
    expect(page!.text).not.toMatch(/[?\uFFFD]|(?!\n)\p{Cc}/u);
    // Right-to-left paragraphs align with the right edge of their column, the others the left.
    const at = (s: string) => page!.items.find((i) => i.str === s)!;
    expect(at(SAMPLES.Polish).x).toBeCloseTo((LEFT + RIGHT) / 2 + PAD, 0);
    for (const rtl of [SAMPLES.Hebrew, SAMPLES.Arabic])
      expect(at(rtl).x + at(rtl).width).toBeCloseTo(RIGHT - PAD, 0);
    // Four font files of more than 6 MB between them; the file embeds only the glyphs it uses.
    expect(buf.length).toBeLessThan(60_000);
  });

  it('repeats the header row and the footer on every page and loses no row at a page break', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [
      `R-${String(i).padStart(3, '0')}`,
      `${SAMPLES.Hebrew} ${i}`,
    ]);
    const pages = await tablePages(
      await render({
        title: 'Risks',
        columns: [
          { header: 'Κωδικός', width: 1 },
          { header: 'リスク', width: 3 },
        ],
        rows,
      }),
    );
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, n) => {
      const s = strings(page.items);
      expect(s.filter((x) => x === 'Κωδικός')).toHaveLength(1);
      expect(s.filter((x) => x === 'リスク')).toHaveLength(1);
      // The header is the first thing under the title on each page.
      const header = page.items.find((i) => i.str === 'Κωδικός')!;
      const firstRow = page.items.find((i) => i.str.startsWith('R-'))!;
      expect(header.y).toBeGreaterThan(firstRow.y);
      expect(page.text).toContain(
        `Test Org - Risks - generated 2026-11-29 10:00 UTC - page ${n + 2}`,
      );
    });
    const ids = pages.flatMap((p) => strings(p.items).filter((s) => s.startsWith('R-')));
    expect(ids).toEqual(rows.map((r) => r[0]));
    const text = pages.map((p) => p.text).join('\n');
    for (const [, hebrew] of rows) expect(text).toContain(hebrew);
  });

  it('wraps cells inside their column, Japanese between characters', async () => {
    const japanese = 'リスク管理システムの継続的改善と監視'.repeat(4);
    const english =
      'An AI system whose risk treatment plan must be reviewed by its owner every quarter';
    const [page] = await tablePages(
      await render({
        title: 'Wrap',
        columns: [
          { header: 'A', width: 1 },
          { header: 'B', width: 1 },
          { header: 'C', width: 3 },
        ],
        rows: [[japanese, english, 'short']],
      }),
    );
    const headerY = page!.items.find((i) => i.str === 'A')!.y;
    const body = page!.items.filter((i) => i.y < headerY && !i.str.includes('generated'));
    const columnRight = LEFT + (RIGHT - LEFT) / 5;
    const first = body.filter((i) => i.x < columnRight);
    expect(new Set(first.map((i) => i.y)).size).toBeGreaterThan(2);
    expect(strings(first).join('')).toBe(japanese);
    for (const i of first) expect(i.x + i.width).toBeLessThanOrEqual(columnRight - PAD + 0.5);
    const second = body.filter((i) => i.x > columnRight && i.x < 2 * columnRight - LEFT);
    expect(new Set(second.map((i) => i.y)).size).toBeGreaterThan(1);
    expect(strings(second).join(' ').replace(/\s+/g, ' ')).toBe(english);
  });

  it('continues a row taller than a page on the next page instead of running off it', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i + 1}`);
    const pages = await tablePages(
      await render({
        title: 'Tall',
        columns: [
          { header: 'Note', width: 1 },
          { header: 'Owner', width: 1 },
        ],
        rows: [[lines.join('\n'), 'Ada']],
      }),
    );
    expect(pages.length).toBe(2);
    const drawn = pages.flatMap((p) => strings(p.items).filter((s) => s.startsWith('line ')));
    expect(drawn).toEqual(lines);
    for (const page of pages) {
      expect(strings(page.items)).toContain('Note');
      for (const i of page.items.filter((i) => !i.str.includes('generated')))
        expect(i.y).toBeGreaterThanOrEqual(LEFT);
    }
  });

  it('says so when there are no rows', async () => {
    const [page] = await tablePages(
      await render({ title: 'Empty', columns: [{ header: 'Title', width: 1 }], rows: [] }),
    );
    expect(page!.text).toContain('No records.');
  });
});

describe('the title page and the tables of a report', () => {
  const head = {
    organization: 'Lovelace Analytical Engines Ltd',
    generatedAt: new Date('2026-11-29T10:00:00Z'),
    asOf: '2026-11-01T00:00:00.000Z',
    ledger: { seq: 42, hash: 'ab'.repeat(32) },
    preparedBy: {
      label: 'Ada Lovelace <ada@example.org>',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      role: 'Manager',
    },
  };

  it('names the organization, the moment, the ledger head and who prepared it, with a sign-off block', async () => {
    const [title] = await readPdf(
      await renderPdf({
        title: 'Risk register',
        subtitle: '3 risks',
        head,
        tables: [{ title: 'Risk register', columns: [{ header: 'Risk', width: 1 }], rows: [] }],
      }),
    );
    for (const part of [
      'Lovelace Analytical Engines Ltd',
      'Risk register',
      '2026-11-29 10:00 UTC',
      'As of',
      '2026-11-01 00:00 UTC',
      `event 42, hash ${'ab'.repeat(8)}`,
      'Prepared by',
      'Reviewed by',
      'Approved by',
      'Signature',
      'Ada Lovelace <ada@example.org>',
      'Manager',
    ])
      expect(title!.text).toContain(part);
    // The sign-off rows: prepared by the member who asked, dated; the others left to fill in.
    // "Prepared by" is on the page twice: in the lines about the file, then in the sign-off.
    const preparedY = title!.items.filter((i) => i.str === 'Prepared by').at(-1)!.y;
    const sameLine = title!.items.filter((i) => Math.abs(i.y - preparedY) < 1).map((i) => i.str);
    expect(sameLine).toEqual([
      'Prepared by',
      'Ada Lovelace <ada@example.org>',
      'Manager',
      '2026-11-29',
    ]);
    const reviewedY = title!.items.find((i) => i.str === 'Reviewed by')!.y;
    expect(title!.items.filter((i) => Math.abs(i.y - reviewedY) < 1)).toHaveLength(1);
  });

  it('wraps a long cell at spaces only: every line of it is whole words of the text', async () => {
    const long =
      'The residual risk of unfair refusals stays above the acceptance level until the retrained scoring model passes its bias evaluation across every protected group and the human reviewers confirm the sampled decisions';
    const pages = (
      await readPdf(
        await renderPdf({
          title: 'Wrap',
          head,
          tables: [
            {
              title: 'Wrap',
              columns: [
                { header: 'Risk', width: 1 },
                { header: 'Owner', width: 4 },
              ],
              rows: [[long, 'Ada Lovelace <ada@example.org>']],
            },
          ],
        }),
      )
    ).slice(1);
    const columnRight = LEFT + (RIGHT - LEFT) / 5;
    const headerY = pages[0]!.items.find((i) => i.str === 'Risk')!.y;
    const lines = new Map<number, string[]>();
    const cells = pages[0]!.items.filter(
      (i) => i.x < columnRight && i.y < headerY - 1 && !i.str.includes('generated'),
    );
    for (const i of cells)
      lines.set(Math.round(i.y), [...(lines.get(Math.round(i.y)) ?? []), i.str]);
    const texts = [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, s]) => s.join('').trim());
    expect(texts.length).toBeGreaterThan(4);
    for (const line of texts) expect(` ${long} `).toContain(` ${line} `);
    expect(texts.join(' ')).toBe(long);
  });
});
