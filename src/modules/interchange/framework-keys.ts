import { FRAMEWORK_IDS } from '../../catalog/index.js';

/**
 * The key of an imported framework: what evidence and crosswalks put before a control id
 * (`nist-800-53:ac-2`). Lower-case letters, digits and hyphens, a letter first; the catalog's own
 * frameworks (iso27001, soc2…) keep theirs.
 */
export const KEY_RE = /^[a-z][a-z0-9-]{1,39}$/;
export const RESERVED_KEYS: readonly string[] = [...FRAMEWORK_IDS, 'iso42001'];

/** A key from a catalog's title: its first words, up to 32 characters, made unique with -2, -3… */
export function keyFromTitle(title: string, taken: ReadonlySet<string>): string {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let base = '';
  for (const w of words) {
    const next = base ? `${base}-${w}` : w;
    if (next.length > 32 && base) break;
    base = next.slice(0, 32);
  }
  if (!/^[a-z]/.test(base)) base = `fw-${base}`.replace(/-$/, '');
  if (base.length < 2) base = 'framework';
  let key = base;
  for (let n = 2; taken.has(key) || RESERVED_KEYS.includes(key); n++) key = `${base}-${n}`;
  return key;
}

/** Splits `<key>:<ref>` (the ref may itself hold colons). */
export function splitTarget(id: string): { key: string; ref: string } {
  const i = id.indexOf(':');
  return i < 0 ? { key: id, ref: '' } : { key: id.slice(0, i), ref: id.slice(i + 1) };
}
