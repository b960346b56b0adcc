import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, stepAt } from './totp.js';

// RFC 6238, appendix B (SHA-1): the shared secret "12345678901234567890"; the last six digits of
// the eight-digit values there.
const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238) on node:crypto', () => {
  it('gives the test vectors of the RFC', () => {
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(SECRET).toString()).toBe('12345678901234567890');
    const at = (s: number) => hotp(SECRET, stepAt(new Date(s * 1000)));
    expect(at(59)).toBe('287082');
    expect(at(1111111109)).toBe('081804');
    expect(at(1111111111)).toBe('050471');
    expect(at(1234567890)).toBe('005924');
    expect(at(2000000000)).toBe('279037');
    expect(at(20000000000)).toBe('353130');
  });

  it('accepts one step of drift either way, each step once', () => {
    const now = new Date(1111111109 * 1000);
    const step = stepAt(now);
    expect(matchTotp(SECRET, hotp(SECRET, step), now, null)).toBe(step);
    expect(matchTotp(SECRET, hotp(SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(SECRET, hotp(SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(SECRET, hotp(SECRET, step + 2), now, null)).toBeNull();
    expect(matchTotp(SECRET, hotp(SECRET, step), now, step)).toBeNull();
    expect(matchTotp(SECRET, 'abcdef', now, null)).toBeNull();
  });
});
