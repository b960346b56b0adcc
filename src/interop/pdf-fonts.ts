import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { lazy } from '../kernel/lazy.js';

export type Weight = 'regular' | 'bold';

/**
 * The faces the PDF reports are drawn with, in fallback order: each character is drawn by the
 * first family that has a glyph for it. Noto Sans covers Latin, Greek, Cyrillic and Devanagari;
 * no single file covers every script (the Japanese one alone is 5 MB). Only the faces a report
 * uses are read and embedded, each as a subset.
 *
 * Arabic is Vazirmatn rather than Noto Sans Arabic: Noto's current Arabic fonts draw a letter as a
 * base shape plus separate dot glyphs, so one glyph stands for several letters (ح and خ share
 * one) and the dots stand for none, and text copied or searched in the PDF comes out wrong.
 * Vazirmatn has one glyph per letter form.
 */
const FAMILIES: { key: string; files: Record<Weight, string> }[] = [
  {
    key: 'latin',
    files: {
      regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    },
  },
  {
    key: 'hebrew',
    files: {
      regular: '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans-hebrew/700Bold/NotoSansHebrew_700Bold.ttf',
    },
  },
  {
    key: 'arabic',
    files: {
      regular: 'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf',
      bold: 'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf',
    },
  },
  {
    key: 'japanese',
    files: {
      regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
    },
  },
];

export interface Face {
  /** The name the face is registered under in a PDF document. */
  name: string;
  /** The font file, for the PDF library to parse and subset. */
  data: Buffer;
  /** The same file parsed once here, to ask which characters it has and how wide text is. */
  font: fontkit.Font;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Face>();
const fontkitLib = lazy<typeof fontkit>('fontkit');

function load(family: (typeof FAMILIES)[number], weight: Weight): Face {
  const name = `${family.key}-${weight}`;
  let face = loaded.get(name);
  if (!face) {
    const file = family.files[weight];
    const data = readFileSync(require.resolve(file));
    const font = fontkitLib().create(data);
    // A collection (.ttc) would hold several fonts; these packages ship one font per file.
    if (!('layout' in font)) throw new Error(`${file}: expected a single font`);
    face = { name, data, font };
    loaded.set(name, face);
  }
  return face;
}

// Spaces, punctuation, digits and combining marks belong to no script of their own: they stay in
// the face of the text around them when it has them, so a run is not cut for a comma or a space.
const SHARED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** A character of no script of its own: punctuation, digits, spaces, symbols, combining marks. */
export const isShared = (char: string) => SHARED.test(char);

/**
 * The face that draws one character: the first face that has it, or the previous one for a
 * character shared between scripts. A character no face has is drawn by the previous (or first)
 * face as its missing-glyph box, which at least does not pretend to be another character.
 */
export function faceFor(char: string, weight: Weight, previous?: Face): Face {
  const cp = char.codePointAt(0)!;
  if (previous && SHARED.test(char) && previous.font.hasGlyphForCodePoint(cp)) return previous;
  let first: Face | undefined;
  for (const family of FAMILIES) {
    const face = load(family, weight);
    first ??= face;
    if (face.font.hasGlyphForCodePoint(cp)) return face;
  }
  return previous ?? first!;
}
