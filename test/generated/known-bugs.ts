/**
 * Failures of the real app in the generated suites that are known bugs in src/ (reported to the
 * lead, not fixed here). The suite tests leave them out of their main assertion and give each a
 * test of its own marked `fails`: when a bug is fixed, that test fails and its entry here should go.
 */
import { expect, it } from 'vitest';
import type { DialectName } from '../harness.js';

export interface KnownBug {
  bug: string;
  pattern: RegExp;
  dialects: DialectName[];
  /** The operations it shows in, when not (nearly) all of them. */
  operationIds?: string[];
  /** The kinds of bad input that show it (all when absent). */
  parts?: string[];
}

// Empty: the five found so far (router errors not problem+json, NUL characters a 500 on
// PostgreSQL, any string taken as a history id, soa.versions taking any cursor, a multipart upload
// without a boundary a 500) were fixed in a83eac2, which turned their `fails` tests red as intended.
export const KNOWN_BAD_INPUT_BUGS: KnownBug[] = [];

/** The known bugs that apply, and the failures that are none of them. */
export function splitKnown(failures: string[], known: KnownBug[], dialect: DialectName) {
  const applicable = known.filter((k) => k.dialects.includes(dialect));
  return {
    unknown: failures.filter((f) => !applicable.some((k) => k.pattern.test(f))),
    applicable,
  };
}

/** One `it.fails` per known bug that shows up in these failures: it starts failing when the bug is fixed. */
export function knownBugTests(known: KnownBug[], failures: () => string[]) {
  for (const k of known) {
    it.fails(`known bug: ${k.bug}`, () => {
      expect(failures().filter((f) => k.pattern.test(f))).toEqual([]);
    });
  }
}

/** The known bugs a part of the bad-input suite (these kinds of input, these operations) shows on a dialect. */
export function knownFor(
  known: KnownBug[],
  dialect: DialectName,
  parts: string[],
  operationIds: string[],
) {
  return known.filter(
    (k) =>
      k.dialects.includes(dialect) &&
      (!k.parts || k.parts.some((p) => parts.includes(p))) &&
      (!k.operationIds || k.operationIds.some((id) => operationIds.includes(id))),
  );
}
