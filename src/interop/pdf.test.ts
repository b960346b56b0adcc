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
