/**
 * RFC 8785 JSON Canonicalization Scheme. ECMAScript's JSON.stringify already serializes strings and
 * numbers exactly as JCS requires; what JCS adds is object members sorted by their UTF-16 code
 * units (the default order of Array.prototype.sort on strings) and no insignificant whitespace.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS: non-finite numbers have no JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalize(v));
    }
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    let first = true;
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalize(v)}`;
      first = false;
    }
    return `${out}}`;
  }
  throw new TypeError(`JCS: cannot canonicalize a ${typeof value}`);
}

/** Whether every object in a parsed JSON value lists its members in code-unit order. */
function membersSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!membersSorted(v)) return false;
    return true;
  }
  let prev: string | null = null;
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    if (prev !== null && !(prev < k)) return false;
    prev = k;
    if (!membersSorted(obj[k])) return false;
  }
  return true;
}

/**
 * Whether `text` is the canonical form of `value`, the result of JSON.parse(text): the same as
 * `canonicalize(value) === text`, faster for the usual case. When every object of the parsed value
 * lists its members in sorted order, canonicalize gives what JSON.stringify gives (same strings,
 * numbers and member order), so one native stringify settles it; otherwise (integer-like member
 * names, which JavaScript lists first, or text that is not canonical) canonicalize decides.
 */
export function isCanonicalText(value: unknown, text: string): boolean {
  if (membersSorted(value) && JSON.stringify(value) === text) return true;
  return canonicalize(value) === text;
}
