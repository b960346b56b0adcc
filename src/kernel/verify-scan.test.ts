import { describe, expect, it } from 'vitest';
import { checkLink, GENESIS_HASH, linkHash, type LedgerBody } from './chain.js';
import { canonicalize } from './jcs.js';
import { newSpans, scanBody } from './verify-scan.js';
import { rangeScanner } from './verify-range.js';

const ORG = '01a24f60-108c-7000-a829-cad77483607e';
const ID = '01a24f60-1150-7041-9112-fbea96734490';

const body = (over: Partial<LedgerBody> = {}, state?: Record<string, unknown>): LedgerBody => ({
  org_id: ORG,
  seq: 1,
  at: '2025-01-01T01:23:20.000Z',
  actor: 'host:bench',
  action: 'tokens.create',
  entity: 'api_tokens',
  entity_id: ID,
  version: 1,
  state: state ?? { id: ID, name: 'ci', scopes: '["read"]', version: 1, revoked_at: null },
  request_id: 'req-1',
  prev_hash: GENESIS_HASH,
  ...over,
});

/** What the one rule says of the text as event 1 (its hash computed for it): passes or not. */
const rulePasses = (text: string) =>
  !(
    'code' in
    checkLink(
      {
        seq: 1,
        entity: 'api_tokens',
        entity_id: ID,
        body: text,
        hash: linkHash(GENESIS_HASH, text),
      },
      ORG,
      1,
      GENESIS_HASH,
    )
  );

/** What a worker's range says of the same event. */
const rangePasses = (text: string) =>
  rangeScanner(ORG, 1, 1, new Set(), 100).push(
    1,
    'api_tokens',
    ID,
    text,
    linkHash(GENESIS_HASH, text),
  );

const isCanonical = (text: string) => {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};

const canonicalText = canonicalize(body());

/** Texts around the canonical one: each a kind of non-canonical JSON, or canonical but unusual. */
const variants: [string, string][] = [
  ['canonical', canonicalText],
  ['a space after {', canonicalText.replace('{', '{ ')],
  ['a space before }', `${canonicalText.slice(0, -1)} }`],
  ['a newline at the end', `${canonicalText}\n`],
  [
    'members out of order',
    canonicalText.replace(
      '"action":"tokens.create","actor":"host:bench"',
      '"actor":"host:bench","action":"tokens.create"',
    ),
  ],
  [
    'a repeated member',
    canonicalText.replace('"actor":"host:bench"', '"actor":"host:bench","actor":"host:bench"'),
  ],
  [
    'a repeated member, last one kept by JSON.parse',
    canonicalText.replace('"actor":"host:bench"', '"actor":"x","actor":"host:bench"'),
  ],
  ['version 1.0', canonicalText.replace('"version":1}', '"version":1.0}')],
  ['version 1e0', canonicalText.replace('"version":1}', '"version":1e0}')],
  ['version 1E0', canonicalText.replace('"version":1}', '"version":1E0}')],
  ['version 01', canonicalText.replace('"version":1}', '"version":01}')],
  ['version +1', canonicalText.replace('"version":1}', '"version":+1}')],
  ['version -0', canonicalText.replace('"version":1}', '"version":-0}')],
  ['version -', canonicalText.replace('"version":1}', '"version":-}')],
  ['version 1.5 (canonical)', canonicalText.replace('"version":1}', '"version":1.5}')],
  ['version -3 (canonical)', canonicalText.replace('"version":1}', '"version":-3}')],
  ['version 1e+21 (canonical)', canonicalText.replace('"version":1}', '"version":1e+21}')],
  ['version 1e21', canonicalText.replace('"version":1}', '"version":1e21}')],
  ['version 100 as 1e2', canonicalText.replace('"version":1}', '"version":1e2}')],
  ['version 16 digits', canonicalText.replace('"version":1}', '"version":1234567890123456}')],
  ['version 20 digits', canonicalText.replace('"version":1}', '"version":12345678901234567890}')],
  ['seq 1.0', canonicalText.replace('"seq":1,', '"seq":1.0,')],
  ['seq 01', canonicalText.replace('"seq":1,', '"seq":01,')],
  ['seq "1"', canonicalText.replace('"seq":1,', '"seq":"1",')],
  ['seq 1e0', canonicalText.replace('"seq":1,', '"seq":1e0,')],
  ['an escaped solidus', canonicalText.replace('host:bench', 'host\\/bench')],
  ['a \\u escape of a letter', canonicalText.replace('host:bench', 'host\\u003abench')],
  [
    'a \\u escape of a control (canonical)',
    canonicalText.replace('host:bench', 'host\\u001fbench'),
  ],
  ['a \\u escape in upper case', canonicalText.replace('host:bench', 'host\\u001Fbench')],
  ['a raw control character', canonicalText.replace('host:bench', 'host\u0001bench')],
  ['a raw tab', canonicalText.replace('host:bench', 'host\tbench')],
  ['an escaped tab (canonical)', canonicalText.replace('host:bench', 'host\\tbench')],
  ['an unknown escape', canonicalText.replace('host:bench', 'host\\xbench')],
  ['a backslash at the end of the text', `${canonicalText.slice(0, 20)}\\`],
  ['non-ASCII letters (canonical)', canonicalText.replace('host:bench', 'hôst:bénch €')],
  ['U+2028 and U+007F raw (canonical)', canonicalText.replace('host:bench', 'a\u2028b\u007f')],
  ['a surrogate pair (canonical)', canonicalText.replace('host:bench', '\ud83d\ude00')],
  ['a lone surrogate, raw', canonicalText.replace('host:bench', 'x\ud83dx')],
  ['a lone surrogate, escaped (canonical)', canonicalText.replace('host:bench', 'x\\ud83dx')],
  ['an escape in a member name', canonicalText.replace('"actor"', '"act\\u006fr"')],
  ['an escaped quote in a member name', canonicalText.replace('"actor"', '"act\\"or"')],
  ['True instead of true', canonicalText.replace('null', 'nul')],
  ['a trailing comma', `${canonicalText.slice(0, -1)},}`],
  ['an empty member', canonicalText.replace('"revoked_at":null,', ',')],
  ['a missing colon', canonicalText.replace('"actor":', '"actor"')],
  ['cut short', canonicalText.slice(0, -1)],
  ['trailing text', `${canonicalText}x`],
  ['two values', `${canonicalText}{}`],
  ['a top-level array', `[${canonicalText}]`],
  ['empty', ''],
  ['an unterminated string', '{"a":"b'],
];

/** States with names JavaScript lists first (integer-like), arrays, nesting, empty containers. */
const states: Record<string, unknown>[] = [
  { '10': 'a', '9': 'b', '': 0, a: [] },
  { list: [1, 'two', null, true, false, { b: 1, a: 2 }, [], {}], n: -1.25e-7 },
  { deep: JSON.parse('['.repeat(70) + ']'.repeat(70)) as unknown },
  { quote: 'say "hi" \\ \b\f\n\r\t \u0000 \u001f', big: 1e21, small: 5e-324, max: 2 ** 53 },
];

describe('the fast canonical scan of ledger verification', () => {
  it('takes a canonical body and finds its members', () => {
    const spans = newSpans();
    expect(scanBody(canonicalText, spans)).toBe(true);
    expect(spans.seq).toBe(1);
    const at = (s: [number, number]) => canonicalText.slice(s[0], s[1]);
    expect(
      [spans.orgId, spans.entity, spans.entityId, spans.prevHash, spans.requestId, spans.at].map(
        at,
      ),
    ).toEqual([ORG, 'api_tokens', ID, GENESIS_HASH, 'req-1', '2025-01-01T01:23:20.000Z']);
  });

  it('takes only what is canonical, and a worker range passes exactly what the one rule passes', () => {
    const texts = [
      ...variants,
      ...states.map((st, i): [string, string] => [`state ${i}`, canonicalize(body({}, st))]),
      // The same states with their first two members swapped, or a member name made a number.
      ...states.map((st, i): [string, string] => [
        `state ${i}, not canonical`,
        canonicalize(body({}, st)).replace(
          /"state":\{("[^"]*":[^,]*),("[^"]*":[^,]*),/,
          '"state":{$2,$1,',
        ),
      ]),
    ];
    const taken: string[] = [];
    for (const [name, text] of texts) {
      if (scanBody(text, newSpans())) {
        taken.push(name);
        expect(isCanonical(text), name).toBe(true);
      }
      expect(rangePasses(text), name).toBe(rulePasses(text));
    }
    // The usual kinds are settled by the scan itself, not left to the rule.
    expect(taken).toEqual(
      expect.arrayContaining([
        'canonical',
        'version 1.5 (canonical)',
        'version -3 (canonical)',
        'version 1e+21 (canonical)',
        'an escaped tab (canonical)',
        'non-ASCII letters (canonical)',
        'U+2028 and U+007F raw (canonical)',
        'state 0',
        'state 1',
      ]),
    );
    // Not canonical, so never taken (and the rule rejects them: checked above).
    for (const name of [
      'a space after {',
      'members out of order',
      'a repeated member',
      'version 1.0',
      'version 1e0',
      'version -0',
      'version 01',
      'version 100 as 1e2',
      'an escaped solidus',
      'a \\u escape of a letter',
      'a raw tab',
      'state 0, not canonical',
    ])
      expect(taken, name).not.toContain(name);
  });

  it('needed members that are not plain strings and a seq that is not a plain integer go to the rule', () => {
    const cases = [
      body({ request_id: 'with \\ backslash' }),
      body({ at: 'tab\there' }),
      body({ entity_id: 'é\u2028' }),
      body({ seq: 1 }),
    ];
    for (const b of cases) {
      const text = canonicalize(b);
      expect(rangePasses(text)).toBe(rulePasses(text));
    }
    // An escape in a needed member: not settled here, but the rule passes it (so does the range).
    const escaped = canonicalize(body({ request_id: 'a"b' }));
    expect(scanBody(escaped, newSpans())).toBe(false);
    expect(rangePasses(escaped)).toBe(true);
  });

  it('random edits of canonical bodies: whatever the scan takes is canonical', () => {
    let seed = 42;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % k;
    };
    const alphabet = '{}[]":,\\ 0123456789.-+eEtrufalsn\u00e9\ud83d\u2028\u0001abc';
    const bases = [canonicalText, ...states.map((st) => canonicalize(body({}, st)))];
    let takenEdited = 0;
    for (let k = 0; k < 20_000; k++) {
      let t = bases[rand(bases.length)]!;
      for (let e = 1 + rand(3); e > 0; e--) {
        const p = rand(t.length + 1);
        const ch = alphabet[rand(alphabet.length)]!;
        const op = rand(3);
        t =
          op === 0
            ? t.slice(0, p) + ch + t.slice(p)
            : op === 1
              ? t.slice(0, p) + t.slice(p + 1)
              : t.slice(0, p) + ch + t.slice(p + 1);
      }
      if (scanBody(t, newSpans())) {
        if (!bases.includes(t)) takenEdited++;
        expect(isCanonical(t), t).toBe(true);
      }
    }
    // Some edits keep a body canonical (a letter for a letter): the check above saw those too.
    expect(takenEdited).toBeGreaterThan(0);
  });
});
