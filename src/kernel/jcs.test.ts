import { describe, expect, it } from 'vitest';
import { canonicalize, isCanonicalText } from './jcs.js';

describe('canonicalize (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, recursively, without whitespace', () => {
    expect(canonicalize({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    // U+20AC (€) sorts before U+FB33 and after "\r" in code-unit order; a surrogate pair sorts by its units.
    expect(canonicalize({ '\u20ac': 1, '\r': 2, '\ufb33': 3, '\ud83d\ude00': 4 })).toBe(
      '{"\\r":2,"\u20ac":1,"\ud83d\ude00":4,"\ufb33":3}',
    );
  });
  it('serializes numbers as ECMAScript does (the RFC 8785 appendix values)', () => {
    expect(canonicalize([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 9007199254740991])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,9007199254740991]',
    );
  });
  it('escapes strings minimally and drops undefined members', () => {
    expect(canonicalize({ s: '\u0000"\\\u001f\u007f', u: undefined })).toBe(
      '{"s":"\\u0000\\"\\\\\\u001f\u007f"}',
    );
  });
  it('rejects values JSON cannot carry', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalize({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('isCanonicalText', () => {
  const same = (text: string) => isCanonicalText(JSON.parse(text), text);
  it('agrees with canonicalize on canonical and non-canonical texts', () => {
    const texts = [
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
      '{"b":1,"a":2}',
      '{"a":1, "b":2}',
      '{"a":1.0}',
      '{"a":1e21}',
      '{"a":1e+21}',
      '{"s":"\\u00e9"}',
      '{"s":"é"}',
      '{"s":"\\u001f"}',
      '{"a":1,"a":2}',
      '{"a":2}',
      // JavaScript lists integer-like member names first: canonical text whose parsed object
      // is not in sorted order, and its reverse.
      '{"10":1,"9":2}',
      '{"9":2,"10":1}',
      '{"\\r":2,"€":1,"😀":4,"דּ":3}',
      '[{"b":[{"d":1,"c":2}],"a":0}]',
      '[{"a":0,"b":[{"c":2,"d":1}]}]',
      '-0',
      '0',
    ];
    for (const t of texts) expect([t, same(t)]).toEqual([t, canonicalize(JSON.parse(t)) === t]);
  });
});
