/**
 * A small PDF 1.4 writer for readable tabular reports: landscape A4, the standard Helvetica fonts
 * (no embedding), a title, a subtitle, and a table whose cells wrap and whose header repeats on
 * each page. Text outside Windows-1252 is replaced, since the standard fonts cannot show it.
 */
export interface PdfTable {
  title: string;
  subtitle?: string;
  columns: { header: string; width: number }[];
  rows: string[][];
}

const PAGE_W = 842;
const PAGE_H = 595;
const MARGIN = 36;
const FONT = 8;
const LINE = 10;

// Windows-1252 code points 0x80–0x9F that differ from Latin-1.
const CP1252: Record<number, number> = {
  0x20ac: 0x80,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2013: 0x96,
  0x2014: 0x97,
  0x2022: 0x95,
  0x2026: 0x85,
  0x2122: 0x99,
};

function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const b = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : (CP1252[cp] ?? 0x3f);
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20) out += ' ';
    else if (b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** Approximate Helvetica advance widths (per 1000 em): narrow, wide and average letters. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s)
    w += /[il.,:;'|!ftjr ]/.test(ch)
      ? 280
      : /[mwMW@]/.test(ch)
        ? 830
        : /[A-Z0-9]/.test(ch)
          ? 650
          : 540;
  return (w * size) / 1000;
}

function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      let w = word;
      while (textWidth(w, size) > width) {
        // A word longer than the column is cut.
        let cut = w.length - 1;
        while (cut > 1 && textWidth(w.slice(0, cut), size) > width) cut--;
        if (line) lines.push(line);
        lines.push(w.slice(0, cut));
        line = '';
        w = w.slice(cut);
      }
      const next = line ? `${line} ${w}` : w;
      if (textWidth(next, size) > width && line) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    lines.push(line);
  }
  return lines.length ? lines : [''];
}

export function renderPdf(t: PdfTable, generatedAt: string): Buffer {
  const usable = PAGE_W - 2 * MARGIN;
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => (c.width / total) * usable);
  const pages: string[] = [];
  let ops: string[] = [];
  let y = 0;
  let pageNo = 0;
  const text = (x: number, yy: number, s: string, bold = false, size = FONT) =>
    ops.push(
      `BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(1)} ${yy.toFixed(1)} Td (${encode(s)}) Tj ET`,
    );
  const rule = (yy: number) =>
    ops.push(`${MARGIN} ${yy.toFixed(1)} m ${PAGE_W - MARGIN} ${yy.toFixed(1)} l S`);
  const header = () => {
    let x = MARGIN;
    const cells = t.columns.map((c, i) => wrap(c.header, widths[i]! - 6, FONT));
    const h = Math.max(...cells.map((c) => c.length)) * LINE;
    cells.forEach((lines, i) => {
      lines.forEach((l, k) => text(x + 3, y - (k + 1) * LINE + 2, l, true));
      x += widths[i]!;
    });
    y -= h + 3;
    rule(y + 1);
  };
  const newPage = () => {
    if (ops.length) pages.push(ops.join('\n'));
    ops = ['0.5 w 0.6 G'];
    pageNo++;
    y = PAGE_H - MARGIN;
    text(MARGIN, y - 14, t.title, true, 14);
    y -= 20;
    if (t.subtitle) {
      text(MARGIN, y - 10, t.subtitle, false, 9);
      y -= 14;
    }
    text(MARGIN, MARGIN - 16, `${t.title} - generated ${generatedAt} - page ${pageNo}`, false, 7);
    y -= 8;
    header();
  };
  newPage();
  if (t.rows.length === 0) text(MARGIN + 3, y - LINE, 'No records.');
  for (const row of t.rows) {
    const cells = row.map((v, i) => wrap(v ?? '', widths[i]! - 6, FONT));
    const h = Math.max(...cells.map((c) => c.length)) * LINE + 4;
    if (y - h < MARGIN) newPage();
    let x = MARGIN;
    cells.forEach((lines, i) => {
      lines.forEach((l, k) => text(x + 3, y - (k + 1) * LINE + 2, l));
      x += widths[i]!;
    });
    y -= h;
    rule(y + 1);
  }
  pages.push(ops.join('\n'));

  // Objects: 1 catalog, 2 pages, 3 F1, 4 F2, then per page: page, content.
  const objs: string[] = [];
  const kids = pages.map((_, i) => `${5 + i * 2} 0 R`).join(' ');
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objs.push(
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  );
  pages.forEach((content, i) => {
    objs.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + i * 2} 0 R >>`,
    );
    objs.push(
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info << /Producer (aims) /Title (${encode(t.title)}) >> >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
