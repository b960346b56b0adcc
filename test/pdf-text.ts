import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A piece of text as pdf.js extracts it, placed in PDF units from the page's bottom left. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
}

export interface PdfPage {
  items: PdfTextItem[];
  /** The page's text: the pieces in drawing order, a line break where pdf.js ends a line. */
  text: string;
}

/**
 * Reads a PDF the way a reader's text layer does, with pdf.js (Firefox's PDF engine), so a test
 * sees what a person who searches, copies or reads the file aloud gets. pdf.js puts right-to-left
 * text back into reading order, as the text layers of PDF viewers do.
 */
export async function readPdf(data: Uint8Array): Promise<PdfPage[]> {
  // pdf.js takes ownership of the bytes it is given, so it gets a copy.
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const items: PdfTextItem[] = [];
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
        if (item.str.trim())
          items.push({
            str: item.str,
            x: item.transform[4],
            y: item.transform[5],
            width: item.width,
          });
      }
      pages.push({ items, text });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Checks a PDF's cross-reference table the way a strict reader uses it: startxref points at the
 * table, each entry at its object, and each stream's /Length ends where `endstream` starts.
 */
export function checkPdfStructure(buf: Buffer) {
  const s = buf.toString('latin1');
  if (!/^%PDF-1\.\d\n/.test(s)) throw new Error('no PDF header');
  const start = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(s)?.[1]);
  if (s.slice(start, start + 4) !== 'xref') throw new Error('startxref does not point at xref');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(s.slice(start))!;
  const entries = s
    .slice(start)
    .split('\n')
    .slice(2, 2 + Number(count));
  entries.forEach((e, i) => {
    const n = Number(first) + i;
    if (e.endsWith('f ')) return;
    const off = Number(e.slice(0, 10));
    if (!s.startsWith(`${n} 0 obj`, off)) throw new Error(`xref entry ${n} is off`);
  });
  let streams = 0;
  for (const m of s.matchAll(/\/Length (\d+)\n(?:\/[^\n]*\n)*>>\nstream\n/g)) {
    const from = m.index + m[0].length;
    if (!s.startsWith('\nendstream', from + Number(m[1]))) throw new Error('bad stream length');
    streams++;
  }
  if (streams === 0) throw new Error('no streams found');
}
