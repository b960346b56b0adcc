/**
 * The fast path of ledger verification's per-event check (src/kernel/verify-range.ts): one pass
 * over an event's text that says whether it is certainly canonical JSON (RFC 8785, as
 * `canonicalize` writes it) and where the few top-level members verification needs are, without
 * building the parsed value (no JSON.parse, no JSON.stringify, nothing allocated for a usual body).
 *
 * It only ever answers "certainly canonical" or "not settled here": what it does not take (any
 * `\u` escape, a surrogate, an escape in a member name or in a needed member, a negative or
 * non-integer number written otherwise than JavaScript writes it, nesting beyond 64 levels, and
 * of course anything that is not canonical JSON) goes to `checkLink`, the one rule, which decides.
 * So a body it takes is one that JSON.parse reads and `canonicalize` writes back to the same text:
 * - no whitespace anywhere; only `{}`, `[]`, `,`, `:`, strings, numbers, true, false, null;
 * - strings hold no character below U+0020 and no surrogate, and escape only `"`, `\` and the
 *   five controls with a short form (`\b \f \n \r \t`), exactly as JSON.stringify does;
 * - numbers are JavaScript's own text of their value (`String(Number(t)) === t`: so no `1.0`,
 *   `1e2`, `-0`, `01`, `+1`);
 * - every object's member names have no escape and strictly increase in UTF-16 code units (the
 *   order `canonicalize` sorts them in), so no member is repeated.
 */

/** Where the needed top-level members' values are: [start, end) offsets, -1 when absent. */
export interface BodySpans {
  seq: number;
  orgId: [number, number];
  entity: [number, number];
  entityId: [number, number];
  prevHash: [number, number];
  requestId: [number, number];
  at: [number, number];
}

export const newSpans = (): BodySpans => ({
  seq: -1,
  orgId: [-1, -1],
  entity: [-1, -1],
  entityId: [-1, -1],
  prevHash: [-1, -1],
  requestId: [-1, -1],
  at: [-1, -1],
});

const MAX_DEPTH = 64;

// The text being scanned and the position in it (one scan at a time: a worker is one thread).
let s = '';
let i = 0;
let n = 0;
/** Whether the last string scanned had an escape. */
let escaped = false;

/** A string at s[i] (the opening quote); i after its closing quote. */
function str(): boolean {
  const t = s;
  const end = n;
  let j = i + 1;
  let esc = false;
  while (j < end) {
    const c = t.charCodeAt(j);
    // Most characters: letters, digits, punctuation other than `"` and `\`.
    if (c > 92 ? c < 0xd800 : c > 34 && c !== 92) j++;
    else if (c === 34) {
      i = j + 1;
      escaped = esc;
      return true;
    } else if (c === 92) {
      const e = t.charCodeAt(j + 1);
      // \" \\ \b \f \n \r \t: what JSON.stringify writes for these; never \/ nor \u here.
      if (e !== 34 && e !== 92 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116)
        return false;
      esc = true;
      j += 2;
    } else if (c === 32 || c === 33 || (c > 0xdfff && c <= 0xffff)) j++;
    else return false;
  }
  return false;
}

/** A number at s[i]; i after it. */
function num(): boolean {
  const start = i;
  let j = i;
  let plain = s.charCodeAt(j) !== 48; // no leading zero (a lone "0" is settled below)
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c >= 48 && c <= 57) j++;
    else if (c === 45 || c === 43 || c === 46 || c === 101 || c === 69) {
      plain = false;
      j++;
    } else break;
  }
  i = j;
  const len = j - start;
  if (len === 0) return false;
  // Up to 15 digits, no sign, no leading zero: an integer written as JavaScript writes it.
  if (plain && len <= 15) return true;
  const c0 = s.charCodeAt(start);
  if (len === 1) return c0 >= 48 && c0 <= 57; // "0" (a lone "-" is no number)
  const t = s.slice(start, j);
  return String(Number(t)) === t;
}

/** `a` (the text at [as, ae)) sorts strictly before `b` in UTF-16 code units. */
function before(as: number, ae: number, bs: number, be: number): boolean {
  const la = ae - as;
  const lb = be - bs;
  const m = la < lb ? la : lb;
  for (let k = 0; k < m; k++) {
    const a = s.charCodeAt(as + k);
    const b = s.charCodeAt(bs + k);
    if (a !== b) return a < b;
  }
  return la < lb;
}

function value(depth: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 34) return str();
  if (c === 123) return obj(depth + 1, null);
  if (c === 91) return arr(depth + 1);
  if ((c >= 48 && c <= 57) || c === 45) return num();
  if (c === 116 && s.startsWith('true', i)) i += 4;
  else if (c === 102 && s.startsWith('false', i)) i += 5;
  else if (c === 110 && s.startsWith('null', i)) i += 4;
  else return false;
  return true;
}

function arr(depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  i++;
  if (s.charCodeAt(i) === 93) {
    i++;
    return true;
  }
  for (;;) {
    if (!value(depth)) return false;
    const c = s.charCodeAt(i++);
    if (c === 93) return true;
    if (c !== 44) return false;
  }
}

/** The needed member a top-level name is, by its text at [ks, ke), or 0. */
function member(ks: number, ke: number): number {
  switch (ke - ks) {
    case 2:
      return s.startsWith('at', ks) ? 7 : 0;
    case 3:
      return s.startsWith('seq', ks) ? 1 : 0;
    case 6:
      return s.startsWith('org_id', ks) ? 2 : s.startsWith('entity', ks) ? 3 : 0;
    case 9:
      return s.startsWith('entity_id', ks) ? 4 : s.startsWith('prev_hash', ks) ? 5 : 0;
    case 10:
      return s.startsWith('request_id', ks) ? 6 : 0;
    default:
      return 0;
  }
}

/** An object at s[i]; with `spans` (the top level), records where the needed members are. */
function obj(depth: number, spans: BodySpans | null): boolean {
  if (depth > MAX_DEPTH) return false;
  i++;
  if (s.charCodeAt(i) === 125) {
    i++;
    return true;
  }
  let ps = -1;
  let pe = -1;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return false;
    const ks = i + 1;
    if (!str() || escaped) return false;
    const ke = i - 1;
    if (ps >= 0 && !before(ps, pe, ks, ke)) return false;
    ps = ks;
    pe = ke;
    if (s.charCodeAt(i++) !== 58) return false;
    const vs = i;
    if (!value(depth)) return false;
    if (spans) {
      const m = member(ks, ke);
      if (m === 1) {
        // seq: a plain integer (num() took it as written by JavaScript), exact in a double.
        if (i - vs > 15) return false;
        let v = 0;
        for (let k = vs; k < i; k++) {
          const d = s.charCodeAt(k) - 48;
          if (d < 0 || d > 9) return false;
          v = v * 10 + d;
        }
        spans.seq = v;
      } else if (m !== 0) {
        // A needed text member: a string without escapes, its characters at [vs + 1, i - 1).
        if (s.charCodeAt(vs) !== 34 || escaped) return false;
        const span =
          m === 2
            ? spans.orgId
            : m === 3
              ? spans.entity
              : m === 4
                ? spans.entityId
                : m === 5
                  ? spans.prevHash
                  : m === 6
                    ? spans.requestId
                    : spans.at;
        span[0] = vs + 1;
        span[1] = i - 1;
      }
    }
    const c = s.charCodeAt(i++);
    if (c === 125) return true;
    if (c !== 44) return false;
  }
}

/**
 * Whether `text` is certainly canonical JSON, an object with every needed member (seq a plain
 * integer, the others strings without escapes); `spans` then says where they are. False means
 * "not settled here" (checkLink decides), never "not canonical".
 */
export function scanBody(text: string, spans: BodySpans): boolean {
  s = text;
  i = 0;
  n = text.length;
  spans.seq = -1;
  spans.orgId[0] = spans.entity[0] = spans.entityId[0] = -1;
  spans.prevHash[0] = spans.requestId[0] = spans.at[0] = -1;
  try {
    const ok =
      n > 0 &&
      text.charCodeAt(0) === 123 &&
      obj(1, spans) &&
      i === n &&
      spans.seq >= 0 &&
      spans.orgId[0] >= 0 &&
      spans.entity[0] >= 0 &&
      spans.entityId[0] >= 0 &&
      spans.prevHash[0] >= 0 &&
      spans.requestId[0] >= 0 &&
      spans.at[0] >= 0;
    return ok;
  } finally {
    s = '';
  }
}

/** Whether text[span] is exactly `v`. */
export const spanIs = (text: string, span: [number, number], v: string) =>
  span[1] - span[0] === v.length && text.startsWith(v, span[0]);
