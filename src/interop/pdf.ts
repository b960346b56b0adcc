import type PDFKit from 'pdfkit';
import { lazy } from '../kernel/lazy.js';
import { headLines, utcMinute, type DocumentHead } from './document.js';
import type { Weight } from './pdf-fonts.js';
import { layoutText, type Line } from './pdf-text.js';

/**
 * Reports as PDF, landscape A4: a title page (organization, document, when generated, as of which
 * moment and ledger head, by whom) with a sign-off block (prepared, reviewed, approved: name,
 * role, date, signature line), then tables whose cells wrap at word boundaries and whose header
 * row repeats on each page, with the organization, document, generation time and page at the foot.
 * Text in the scripts the faces of pdf-fonts.ts cover (Latin, Greek, Cyrillic, Hebrew, Arabic,
 * Japanese and the Han characters it shares with Chinese) is drawn as written, right-to-left
 * text from the right, with subsets of those faces embedded.
 */
export interface PdfTable {
  title: string;
  subtitle?: string;
  columns: { header: string; width: number }[];
  rows: string[][];
}

/** A whole report: its title page and its tables, each table from a new page. */
export interface PdfDocument {
  title: string;
  subtitle?: string;
  head: DocumentHead;
  tables: PdfTable[];
}

const PAGE_W = 842;
const PAGE_H = 595;
const MARGIN = 36;
const FONT = 8;
const LINE = 10;
/** Space between a cell's text and its column's edges. */
const PAD = 3;
const BOTTOM = PAGE_H - MARGIN;
const pdfkit = lazy<typeof PDFKit>('pdfkit');

/** The rows of the sign-off block; the first is filled in with the member who asked. */
export const SIGN_OFF = ['Prepared by', 'Reviewed by', 'Approved by'] as const;

/**
 * The report as a PDF file: the title page, then the tables one after the other, each from a new
 * page. Asynchronous because pdfkit hands its output over as a stream.
 */
export function renderPdf(report: PdfDocument): Promise<Buffer> {
  const { tables, head } = report;
  const generatedAt = utcMinute(head.generatedAt);
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: `${report.title} - ${head.organization}`,
      Author: head.preparedBy?.label ?? '',
      Producer: 'aims',
      Creator: 'aims',
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const usable = PAGE_W - 2 * MARGIN;
  const registered = new Set<string>();
  /** Draws laid-out lines, the first on `baseline`; returns the height they took. */
  const draw = (lines: Line[], x: number, width: number, baseline: number, size = FONT) => {
    const leading = (size * LINE) / FONT;
    lines.forEach((line, k) => {
      let at = line.rtl ? x + width - line.width : x;
      for (const run of line.runs) {
        // Only the faces a report uses are embedded, each as a subset of the glyphs it drew.
        if (!registered.has(run.face.name)) {
          doc.registerFont(run.face.name, run.face.data);
          registered.add(run.face.name);
        }
        doc
          .font(run.face.name)
          .fontSize(size)
          .text(run.text, at, baseline + k * leading, {
            lineBreak: false,
            baseline: 'alphabetic',
            // pdfkit shapes text word by word (and caches the words) unless it is given features.
            // A right-to-left run must be shaped whole, or its words stay in reading order
            // from left to right while only the letters inside each word are reversed.
            features: run.rtl ? [] : undefined,
          });
        at += run.width;
      }
    });
    return lines.length * leading;
  };
  const rule = (y: number) =>
    doc
      .moveTo(MARGIN, y)
      .lineTo(PAGE_W - MARGIN, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();

  let page = 0;
  const footer = () => {
    const foot = layoutText(
      `${head.organization} - ${report.title} - generated ${generatedAt} - page ${page}`,
      'regular',
      7,
      usable,
    );
    draw(foot.slice(0, 1), MARGIN, usable, BOTTOM + 16, 7);
  };

  // The title page.
  doc.addPage();
  page++;
  let y = MARGIN + 40;
  y += draw(layoutText(head.organization, 'bold', 22, usable), MARGIN, usable, y, 22) + 10;
  y += draw(layoutText(report.title, 'bold', 16, usable), MARGIN, usable, y, 16) + 4;
  if (report.subtitle)
    y += draw(layoutText(report.subtitle, 'regular', 10, usable), MARGIN, usable, y, 10);
  y += 14;
  for (const [label, value] of headLines(report.title, head).slice(2)) {
    draw(layoutText(label, 'bold', 10, 110), MARGIN, 110, y, 10);
    y += draw(layoutText(value, 'regular', 10, usable - 120), MARGIN + 120, usable - 120, y, 10);
    y += 3;
  }
  y = Math.max(y + 20, 300);
  draw(layoutText('Sign-off', 'bold', 12, usable), MARGIN, usable, y, 12);
  y += 10;
  const signCols = [
    { header: '', width: 110 },
    { header: 'Name', width: 230 },
    { header: 'Role', width: 120 },
    { header: 'Date', width: 100 },
    { header: 'Signature', width: usable - 560 },
  ];
  const signLefts = signCols.map(
    (_, i) => MARGIN + signCols.slice(0, i).reduce((a, c) => a + c.width, 0),
  );
  signCols.forEach((c, i) =>
    draw(
      layoutText(c.header, 'bold', 9, c.width - 2 * PAD),
      signLefts[i]! + PAD,
      c.width,
      y + 12,
      9,
    ),
  );
  y += 16;
  for (const [k, who] of SIGN_OFF.entries()) {
    const p = k === 0 ? head.preparedBy : null;
    const cells = [who, p?.label ?? '', p?.role ?? '', p ? generatedAt.slice(0, 10) : '', ''];
    cells.forEach((text, i) =>
      draw(
        layoutText(text, i === 0 ? 'bold' : 'regular', 9, signCols[i]!.width - 2 * PAD),
        signLefts[i]! + PAD,
        signCols[i]!.width - 2 * PAD,
        y + 14,
        9,
      ),
    );
    // Lines to write on: name, role and date when blank, and the signature always.
    signCols.forEach((c, i) => {
      if (i === 0 || (i < 4 && cells[i])) return;
      doc
        .moveTo(signLefts[i]! + PAD, y + 30)
        .lineTo(signLefts[i]! + c.width - PAD, y + 30)
        .lineWidth(0.5)
        .strokeColor('#333333')
        .stroke();
    });
    y += 40;
  }
  footer();

  for (const t of tables) {
    const total = t.columns.reduce((a, c) => a + c.width, 0);
    const widths = t.columns.map((c) => (c.width / total) * usable);
    const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, w) => a + w, 0));
    const cells = (texts: string[], weight: Weight) =>
      texts.map((v, i) => layoutText(v ?? '', weight, FONT, widths[i]! - 2 * PAD));

    const header = cells(
      t.columns.map((c) => c.header),
      'bold',
    );
    const headerLines = Math.max(...header.map((c) => c.length));
    const title = layoutText(t.title, 'bold', 14, usable);
    const subtitle = t.subtitle ? layoutText(t.subtitle, 'regular', 9, usable) : [];
    let rowsOnPage = 0;
    const newPage = () => {
      doc.addPage();
      page++;
      rowsOnPage = 0;
      y = MARGIN + draw(title, MARGIN, usable, MARGIN + 14, 14) + 2.5;
      if (subtitle.length) y += draw(subtitle, MARGIN, usable, y + 10, 9) + 2.75;
      footer();
      y += 8;
      header.forEach((lines, i) =>
        draw(lines, lefts[i]! + PAD, widths[i]! - 2 * PAD, y + LINE - 2),
      );
      y += headerLines * LINE + 3;
      rule(y - 1);
    };

    newPage();
    if (t.rows.length === 0)
      draw(layoutText('No records.', 'regular', FONT, usable), MARGIN + PAD, usable, y + LINE - 2);
    for (const row of t.rows) {
      const lines = cells(row, 'regular');
      const height = Math.max(...lines.map((c) => c.length));
      // A row starts on a new page unless it is taller than a whole page, which it then spans.
      if (y + height * LINE + 4 > BOTTOM && rowsOnPage > 0) newPage();
      for (let from = 0; from < height;) {
        if (from > 0) newPage();
        const fit = Math.max(1, Math.floor((BOTTOM - y - 4) / LINE));
        const to = Math.min(height, from + fit);
        lines.forEach((c, i) =>
          draw(c.slice(from, to), lefts[i]! + PAD, widths[i]! - 2 * PAD, y + LINE - 2),
        );
        y += (to - from) * LINE + 4;
        rule(y - 1);
        rowsOnPage++;
        from = to;
      }
    }
  }
  doc.end();
  return done;
}
