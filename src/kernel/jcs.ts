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
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalize(v))).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`JCS: cannot canonicalize a ${typeof value}`);
}
