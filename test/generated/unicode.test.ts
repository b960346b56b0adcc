/**
 * Text that round-trips: random Unicode (astral characters, combining marks, bidi controls, a
 * BOM, joiners, several scripts) in every free-text field of every write of the API, on both
 * stores. Whatever each write answers (a 4xx is fine: the record may be in a state that refuses
 * it), it never answers 5xx, and afterwards the organization's ledger verifies: the canonical form
 * the ledger hashed and the rows the store returns agree for every accepted value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, fillPlaceholders, type SuiteFixture } from './fixture.js';
import {
  bodySchema,
  describeOp,
  exampleBody,
  fillPath,
  isOrgOperation,
  isWrite,
  loadOpenApi,
  operations,
  pathValues,
  type Json,
} from './openapi-doc.js';

/** Pieces that break naive text handling, each well-formed Unicode. */
const PIECES = [
  '\u{1F600}', // an astral emoji (a surrogate pair in UTF-16)
  '\u{1D518}', // a mathematical letter outside the BMP
  'e\u0301', // e + combining acute (not normalized to é)
  '\u00e9', // precomposed é
  '\u202eabc\u202c', // right-to-left override … pop
  '\u2066x\u2069', // left-to-right isolate … pop
  '\ufeff', // a BOM inside the text
  '\u200d', // zero-width joiner
  '\u{1F469}\u200d\u{1F4BB}', // a joined emoji sequence
  'ニューラル', // Japanese
  'إدارة', // Arabic
  'Ζω', // Greek
  'ż', // Polish
  '\u{10FFFF}', // the last code point
  '"\\/', // characters JSON escapes
  '\t', // a tab
];

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Free text: a string property with no format, pattern or list of options. */
function isFreeText(prop: Json): boolean {
  const alt = [prop, ...((prop.anyOf ?? []) as Json[])].find((p) => p.type === 'string');
  return !!alt && !alt.format && !alt.pattern && !alt.enum;
}

function text(next: () => number, maxLength: number | undefined): string {
  // Starts and ends with a letter: leading and trailing white space is trimmed by some fields.
  let out = 'A';
  const pieces = 1 + Math.floor(next() * 6);
  for (let i = 0; i < pieces; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  out += 'Z';
  return maxLength !== undefined && out.length > maxLength ? out.slice(0, 1) : out;
}

describe.each(DIALECTS)('random Unicode through every write on %s', (dialect) => {
  let t: TestApp;
  let fx: SuiteFixture;
  let doc: Json;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    fx = await buildSuiteFixture(t);
    doc = await loadOpenApi(t.app);
  });
  afterAll(() => t?.close());

  it('stores what it accepts exactly as the ledger hashed it, and verifies', async () => {
    const failures: string[] = [];
    let accepted = 0;
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      for (const o of operations(doc).filter((x) => isOrgOperation(x) && isWrite(x))) {
        const schema = bodySchema(o);
        const example = exampleBody(o);
        if (!schema || !example || typeof example !== 'object' || Array.isArray(example)) continue;
        const props = (schema.properties ?? {}) as Record<string, Json>;
        const fields = Object.entries(props).filter(([, p]) => isFreeText(p));
        if (fields.length === 0) continue;
        const url = fillPath(o, pathValues(o, fx.a.params));
        if ('missing' in url) continue;
        const body = { ...(fillPlaceholders(example, fx.a.params, o.path).value as Json) };
        for (const [name, prop] of fields) {
          const alt = [prop, ...((prop.anyOf ?? []) as Json[])].find((p) => p.type === 'string')!;
          body[name] = text(next, alt.maxLength as number | undefined);
        }
        const res = await fx.a.owner.request(o.method.toUpperCase(), url.url, body);
        if (res.statusCode >= 500)
          failures.push(
            `${describeOp(o)} (seed ${seed}): ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        else if (res.statusCode < 300) accepted++;
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(20);
    const v = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)).json();
    expect(v.problems ?? [], JSON.stringify(v.firstBroken)).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
