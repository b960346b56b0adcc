import { describe, expect, it } from 'vitest';
import { layoutText, type Line } from './pdf-text.js';

const drawn = (line: Line) => line.runs.map((r) => [r.face.name, r.text]);
const lineText = (lines: Line[]) => lines.map((l) => l.runs.map((r) => r.text).join(''));

describe('layoutText', () => {
  it('draws each character with the first face that has it', () => {
    const [line] = layoutText('Zażółć リスク ✓', 'bold', 8, 500);
    expect(drawn(line!)).toEqual([
      ['latin-bold', 'Zażółć '],
      // ✓ is not in Noto Sans; the Japanese face has it, and the space before it goes along.
      ['japanese-bold', 'リスク ✓'],
    ]);
  });

  it('orders right-to-left runs from the right, with Latin and numbers inside them left to right', () => {
    const [rtl] = layoutText('ניהול ISO 42001', 'regular', 8, 500);
    expect(rtl!.rtl).toBe(true);
    // Runs are listed left to right; the Hebrew run is reversed by the shaper when it is drawn.
    expect(drawn(rtl!)).toEqual([
      ['latin-regular', 'ISO 42001'],
      ['hebrew-regular', 'ניהול '],
    ]);
    const [ltr] = layoutText('Risk ניהול إدارة 7', 'regular', 8, 500);
    expect(ltr!.rtl).toBe(false);
    // Two right-to-left words in a left-to-right sentence: the second one is drawn to the left
    // of the first, and a number after Arabic belongs to the Arabic (so it is drawn left of it).
    expect(drawn(ltr!)).toEqual([
      ['latin-regular', 'Risk '],
      ['arabic-regular', '7'],
      ['arabic-regular', 'إدارة '],
      ['hebrew-regular', 'ניהול '],
    ]);
  });

  it('mirrors brackets inside right-to-left text', () => {
    const [line] = layoutText('(שלום)', 'regular', 8, 500);
    expect(drawn(line!)).toEqual([['hebrew-regular', ')שלום(']]);
  });

  it('wraps Japanese between characters and cuts a word wider than the column', () => {
    const jp = layoutText('リスク管理システム', 'regular', 8, 30);
    expect(jp.length).toBeGreaterThan(1);
    expect(lineText(jp).join('')).toBe('リスク管理システム');
    const long = layoutText('x'.repeat(100), 'regular', 8, 40);
    expect(long.length).toBeGreaterThan(5);
    expect(lineText(long).join('')).toBe('x'.repeat(100));
    for (const line of [...jp, ...long]) expect(line.width).toBeLessThanOrEqual(40);
  });

  it('wraps at spaces, collapses runs of white space and starts a line at each line break', () => {
    expect(lineText(layoutText('one  two\tthree\nfour', 'regular', 8, 500))).toEqual([
      'one two three',
      'four',
    ]);
    const words = layoutText('alpha beta gamma delta epsilon zeta eta theta', 'regular', 8, 60);
    expect(lineText(words).every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);
    expect(lineText(words).join(' ')).toBe('alpha beta gamma delta epsilon zeta eta theta');
  });
});
