/**
 * The bad-input suite is split over several test files (kinds of input × a share of the
 * operations) so that each file stays short; this defines one such file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/app.js';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, type SuiteFixture } from './fixture.js';
import { KNOWN_BAD_INPUT_BUGS, knownBugTests, knownFor, splitKnown } from './known-bugs.js';
import { loadOpenApi, operations, type Json } from './openapi-doc.js';
import { badInputSuite, type BadInputPart } from './suites.js';

/** Operation ids in a stable order; share `i` of `n` takes every n-th. Ids the route list lacks go to share 0. */
export function shareOf(operationId: string, n: number): number {
  const ids = ROUTES.map((r) => r.operationId).sort();
  const i = ids.indexOf(operationId);
  return i < 0 ? 0 : i % n;
}

export function badInputFile(name: string, parts: BadInputPart[], share: number, shares: number) {
  const ids = ROUTES.map((r) => r.operationId).filter((id) => shareOf(id, shares) === share);
  describe.each(DIALECTS)(
    `generated bad-input suite (${name}, operations ${share + 1}/${shares}) on %s`,
    (dialect) => {
      let t: TestApp;
      let fx: SuiteFixture;
      let doc: Json;
      let failures: string[] = [];
      const known = knownFor(KNOWN_BAD_INPUT_BUGS, dialect, parts, ids);

      beforeAll(async () => {
        t = await openTestApp(dialect);
        fx = await buildSuiteFixture(t);
        const full = await loadOpenApi(t.app);
        // This file's share of the operations: the document with only their methods.
        const paths: Json = {};
        for (const o of operations(full).filter((x) => shareOf(x.operationId, shares) === share))
          (paths[o.path] ??= {})[o.method.toLowerCase()] = o.op;
        doc = { ...full, paths };
      });
      afterAll(() => t?.close());

      it('has its share of the operations', () => {
        expect(operations(doc).length).toBeGreaterThan(0);
        expect(operations(doc).length).toBe(ids.length);
      });

      it('answers every malformed request with a 4xx problem+json with a code, never a 5xx or a success, and changes nothing', async () => {
        failures = await badInputSuite(fx, doc, {
          bodyLimit: t.services.config.bodyLimitBytes,
          parts,
        });
        expect(splitKnown(failures, known, dialect).unknown).toEqual([]);
      });

      knownBugTests(known, () => failures);
    },
  );
}
