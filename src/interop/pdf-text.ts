import type bidiModule from 'bidi-js';
import type LineBreakerClass from 'linebreak';
import { lazy } from '../kernel/lazy.js';
import { faceFor, isShared, type Face, type Weight } from './pdf-fonts.js';

/**
 * Lays text out for the PDF writer: picks a face per character, wraps at the Unicode line break
 * opportunities (so Japanese, which has no spaces, wraps between characters) and puts each line
 * in visual order with the Unicode bidirectional algorithm, so Hebrew and Arabic read right to
 * left, numbers and Latin words inside them left to right.
 */

/** Text drawn with one face, in the order the runs of a line are drawn, left to right. */
export interface Run {
  text: string;
  face: Face;
  /** The shaper draws this run right to left, and must see all of it at once to do so. */
  rtl: boolean;
  /** Advance width in points. */
  width: number;
}

export interface Line {
  runs: Run[];
  width: number;
  /** The paragraph reads right to left: its lines align to the right. */
  rtl: boolean;
}

// bidi-js is CommonJS: its module.exports is the factory, which its types declare as an ES default
// export; under NodeNext the default import is module.exports, so the two are told apart here.
// Both are loaded on the first layout (src/kernel/lazy.ts).
const bidiOnce = lazy<typeof bidiModule.default>('bidi-js');
let bidiInstance: ReturnType<typeof bidiModule.default> | undefined;
const bidiLib = () => (bidiInstance ??= bidiOnce()());
const lineBreaker = lazy<typeof LineBreakerClass>('linebreak');
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Whether the shaper will draw `text` right to left, which takes a letter of such a script. */
function drawnRightToLeft(face: Face, text: string): boolean {
  for (const c of text) {
    const type = bidiLib().getBidiCharTypeName(c);
    if (type === 'R' || type === 'AL') return face.font.layout(text).direction === 'rtl';
  }
  return false;
}

/**
 * Shapes text[from, to) with `face` and writes each glyph's advance to the character it stands
 * for. The shaper lists glyphs in drawing order with the characters each one covers: a ligature
 * covers several (its advance goes to the first), a mark split off a letter covers none (its
 * advance goes to the letter).
 */
function shapeInto(
  advances: Float64Array,
  face: Face,
  text: string,
  from: number,
  to: number,
  size: number,
) {
  const run = face.font.layout(text.slice(from, to));
  const scale = size / face.font.unitsPerEm;
  const order = run.glyphs.map((_, k) => k);
  if (run.direction === 'rtl') order.reverse();
  const shaped = new Float64Array(to - from);
  let at = 0;
  let last = 0;
  for (const k of order) {
    const glyph = run.glyphs[k]!;
    const advance = run.positions[k]!.xAdvance * scale;
    if (glyph.codePoints.length > 0) {
      last = at;
      for (const cp of glyph.codePoints) at += cp > 0xffff ? 2 : 1;
    }
    if (last < shaped.length) shaped[last] = shaped[last]! + advance;
  }
  if (at === to - from) advances.set(shaped, from);
  else {
    // fontkit keeps the characters a glyph was first met with, so a glyph reached another way
    // (a presentation form and the ligature it names) can claim the wrong number of them. Then
    // each character is measured alone: wider where letters join, but never misplaced.
    for (const g of graphemes.segment(text.slice(from, to))) {
      advances[from + g.index] =
        (face.font.layout(g.segment).advanceWidth * size) / face.font.unitsPerEm;
    }
  }
}

/** One paragraph, shaped once: the face and the advance of each UTF-16 unit. */
class Paragraph {
  readonly faces: Face[] = [];
  readonly levels: Uint8Array;
  readonly rtl: boolean;
  /** offsets[i] is the width of text[0, i) in points. */
  private readonly offsets: Float64Array;

  constructor(
    readonly text: string,
    weight: Weight,
    readonly size: number,
  ) {
    // Punctuation that opens a paragraph goes with the script that follows it.
    const lead = [...text].find((c) => !isShared(c));
    let face = lead ? faceFor(lead, weight) : undefined;
    for (const char of text) {
      face = faceFor(char, weight, face);
      for (let k = 0; k < char.length; k++) this.faces.push(face);
    }
    const embedding = bidiLib().getEmbeddingLevels(text);
    this.levels = embedding.levels;
    this.rtl = ((embedding.paragraphs[0]?.level ?? 0) & 1) === 1;

    // Shaping costs about as much per call as per glyph, so each stretch of one face is shaped
    // once, in context (Arabic letters take their joined widths, Latin pairs their kerning), and
    // every wrapping decision reads widths from that.
    const advances = new Float64Array(text.length);
    for (let i = 0; i < text.length;) {
      let j = i + 1;
      while (j < text.length && this.faces[j] === this.faces[i]) j++;
      shapeInto(advances, this.faces[i]!, text, i, j, size);
      i = j;
    }
    this.offsets = new Float64Array(text.length + 1);
    advances.forEach((a, i) => (this.offsets[i + 1] = this.offsets[i]! + a));
  }

  /** Width of text[from, to) in points. */
  width(from: number, to: number): number {
    return this.offsets[to]! - this.offsets[from]!;
  }

  /** Greedy wrapping at break opportunities: [start, end) of each line, without trailing spaces. */
  wrap(maxWidth: number): [number, number][] {
    const lines: [number, number][] = [];
    // The line being filled is text[start, end), `width` points wide.
    let start = 0;
    let end = 0;
    let width = 0;
    const newLine = (at: number) => {
      if (end > start) lines.push([start, end]);
      start = end = at;
      width = 0;
    };
    const breaker = new (lineBreaker())(this.text);
    let from = 0;
    for (let bk = breaker.nextBreak(); bk; from = bk.position, bk = breaker.nextBreak()) {
      const to = from + this.text.slice(from, bk.position).trimEnd().length;
      if (to === from) continue;
      // The spaces between the line so far and this piece count only when it joins the line.
      const joined = this.width(end, to);
      if (end > start && width + joined <= maxWidth) {
        end = to;
        width += joined;
        continue;
      }
      newLine(from);
      const alone = this.width(from, to);
      if (alone <= maxWidth) {
        end = to;
        width = alone;
        continue;
      }
      // A piece wider than the column by itself (a long word, an address) is cut between
      // characters, never inside one.
      for (const g of graphemes.segment(this.text.slice(from, to))) {
        const a = from + g.index;
        const b = a + g.segment.length;
        const w = this.width(a, b);
        if (end > start && width + w > maxWidth) newLine(a);
        end = b;
        width += w;
      }
    }
    if (end > start || lines.length === 0) lines.push([start, end]);
    return lines;
  }

  /** The runs of text[from, to) in drawing order (UAX #9, rule L2). */
  runs(from: number, to: number): Run[] {
    const runs: { from: number; to: number; level: number; face: Face }[] = [];
    for (let i = from; i < to;) {
      let j = i + 1;
      while (j < to && this.levels[j] === this.levels[i] && this.faces[j] === this.faces[i]) j++;
      runs.push({ from: i, to: j, level: this.levels[i]!, face: this.faces[i]! });
      i = j;
    }
    if (runs.length === 0) return [];
    const levels = runs.map((r) => r.level);
    const lowestOdd = Math.min(...levels) | 1;
    for (let level = Math.max(...levels); level >= lowestOdd; level--) {
      for (let i = 0; i < runs.length;) {
        if (runs[i]!.level < level) {
          i++;
          continue;
        }
        let j = i;
        while (j < runs.length && runs[j]!.level >= level) j++;
        runs.splice(i, j - i, ...runs.slice(i, j).reverse());
        i = j;
      }
    }
    return runs.map((r) => {
      const rtl = (r.level & 1) === 1;
      let text = this.text.slice(r.from, r.to);
      if (rtl) text = [...text].map((c) => bidiLib().getMirroredCharacter(c) ?? c).join('');
      // The shaper reverses a run itself when it finds letters of a right-to-left script (and must
      // see Arabic in reading order to join it). Where that disagrees with the bidi level, as for
      // punctuation alone at a right-to-left level, the run is handed over already reversed.
      const shapedRtl = drawnRightToLeft(r.face, text);
      if (rtl !== shapedRtl) text = [...text].reverse().join('');
      return { text, face: r.face, rtl: shapedRtl, width: this.width(r.from, r.to) };
    });
  }
}

/**
 * The lines of `text` wrapped to `maxWidth` points, in drawing order. Runs of white space count
 * as one space, as they did in the previous writer; line breaks in the text start new lines.
 */
export function layoutText(text: string, weight: Weight, size: number, maxWidth: number): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
    // Control characters have no glyph in any face; they part words like a space.
    const para = raw
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const p = new Paragraph(para, weight, size);
    for (const [from, to] of p.wrap(maxWidth)) {
      const runs = p.runs(from, to);
      lines.push({ runs, width: runs.reduce((w, r) => w + r.width, 0), rtl: p.rtl });
    }
  }
  return lines;
}
