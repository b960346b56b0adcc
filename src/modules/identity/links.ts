import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../kernel/ids.js';

/**
 * The secrets of links sent by e-mail or handed over (password reset, invitation): 32 random
 * bytes, base64url in the link; only their SHA-256 is stored, and a stored hash is compared with
 * the presented one in constant time.
 */
export function newLinkSecret(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

export const linkHash = (token: string) => sha256Hex(token);

export function sameHash(storedHex: string, presentedHex: string): boolean {
  const a = Buffer.from(storedHex, 'hex');
  const b = Buffer.from(presentedHex, 'hex');
  return a.length === 32 && b.length === 32 && timingSafeEqual(a, b);
}
