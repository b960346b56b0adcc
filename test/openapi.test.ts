import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/api/app.js';
import { PERMISSIONS } from '../src/kernel/permissions.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { describeOp, isOrgOperation, loadOpenApi, operations, type Json } from './generated/openapi-doc.js';

/** Redocly's `recommended` ruleset, unchanged: every rule of it applies to the document. */
async function lint(doc: Json): Promise<NormalizedProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  return lintFromString({ source: JSON.stringify(doc, null, 2), absoluteRef: 'openapi.json', config });
}
const show = (p: NormalizedProblem) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`;

/**
 * Known bugs in src/api/openapi.ts (reported, not fixed here). The main assertions exclude them;
 * the tests marked `fails` assert they are gone and start failing when they are fixed.
 *
 * 1. `$ref`s that resolve nowhere: z.toJSONSchema turns every schema with `.meta({ id })` (Problem,
 *    Organization, Member, ApiToken, LedgerEvent, Session) into `{ $ref: '#/$defs/X', $defs: … }`
 *    and the builder pastes that in place, where `#/$defs/X` points at the root of the OpenAPI
 *    document. So even `#/components/schemas/Problem` is `{ $ref: '#/$defs/Problem' }`, every
 *    problem response is unresolvable, and the `$defs` left inside responses are "unused components".
 * 2. Operations with no input and no authentication (GET /api/v1/health, GET /api/v1/setup) get no
 *    4xx response at all.
 * 3. Example bodies carry `{aiSystemId}`-style placeholders (src/modules/registers/routes.ts: "ids
 *    are filled by the fixture"), which do not match the id pattern of their schema, so Swagger UI
 *    offers examples the API refuses. The rule is right; the examples should hold a well-formed
 *    example id (the fixture can substitute by field name). Only placeholder values are excused.
 */
const KNOWN_LINT: ((p: NormalizedProblem, doc: Json) => boolean)[] = [
  (p) => p.ruleId === 'no-unresolved-refs',
  (p) => p.ruleId === 'no-unused-components' && /\/\$defs\//.test(pointerOf(p)),
  (p) => p.ruleId === 'operation-4xx-response' && /~1api~1v1~1(health|setup)\/get\//.test(pointerOf(p)),
  (p, doc) => p.ruleId === 'no-invalid-media-type-examples' && /^\{[A-Za-z0-9_]+\}$/.test(String(at(doc, pointerOf(p)))),
];
const pointerOf = (p: NormalizedProblem) => p.location?.[0]?.pointer ?? '';
/** The value at a JSON pointer (#/a/b~1c) of the document. */
function at(doc: Json, pointer: string): unknown {
  let v: unknown = doc;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    v = v && typeof v === 'object' ? (v as Json)[key] : undefined;
  }
  return v;
}
const KNOWN_WITHOUT_4XX = ['health.get', 'setup.get'];

describe.each(DIALECTS)('the OpenAPI document on %s', (dialect) => {
  let t: TestApp;
  let doc: Json;
  let problems: NormalizedProblem[];
  beforeAll(async () => {
    t = await openTestApp(dialect);
    doc = await loadOpenApi(t.app);
    problems = await lint(doc);
  });
  afterAll(() => t?.close());

  it('is OpenAPI 3.1 and valid against the specification (Redocly struct rule)', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(problems.filter((p) => p.ruleId === 'struct').map(show)).toEqual([]);
    expect(operations(doc).length).toBe(ROUTES.length);
  });

  it('has no Redocly recommended errors or warnings beyond the known src bugs', () => {
    expect(problems.filter((p) => !KNOWN_LINT.some((k) => k(p, doc))).map(show)).toEqual([]);
  });

  it.fails('has zero errors and zero warnings under Redocly recommended (fails while route examples hold {id} placeholders)', () => {
    expect(problems.map(show)).toEqual([]);
  });

  it('resolves the Problem schema and every response schema', () => {
    expect(doc.components.schemas.Problem.$ref).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('"#/$defs/');
  });

  it('gives every operation a unique operationId, a summary and a tag', () => {
    const ids = operations(doc).map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations(doc)) {
      expect(typeof o.op.operationId, describeOp(o)).toBe('string');
      expect(String(o.op.summary ?? '').length, describeOp(o)).toBeGreaterThan(3);
      expect(o.op.tags?.length, describeOp(o)).toBeGreaterThan(0);
    }
  });

  const problemResponses = (op: Json) =>
    Object.entries((op.responses ?? {}) as Record<string, Json>).filter(([code, r]) => /^4(\d\d|XX)$/.test(code) && r.content?.['application/problem+json']);

  it('documents at least one 4xx problem+json response on every operation but the known ones', () => {
    const without = operations(doc).filter((o) => problemResponses(o.op).length === 0).map((o) => o.operationId);
    expect(without.filter((id) => !KNOWN_WITHOUT_4XX.includes(id))).toEqual([]);
  });

  it('documents at least one 4xx problem+json response on every operation', () => {
    expect(operations(doc).filter((o) => problemResponses(o.op).length === 0).map((o) => o.operationId)).toEqual([]);
  });

  it('names the permission of every organization operation (x-aims-action), one of the matrix', () => {
    const orgOps = operations(doc).filter(isOrgOperation);
    expect(orgOps.length).toBeGreaterThanOrEqual(13);
    for (const o of orgOps) {
      expect(o.op['x-aims-action'], describeOp(o)).toBeTypeOf('string');
      expect(Object.keys(PERMISSIONS), describeOp(o)).toContain(o.op['x-aims-action']);
      expect(o.op.responses['403'], `${describeOp(o)} documents 403`).toBeDefined();
      expect(o.op.responses['404'], `${describeOp(o)} documents 404`).toBeDefined();
    }
  });

  it('serves /api/docs as HTML whose every asset exists', async () => {
    const page = await t.app.inject({ url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const refs = [...page.body.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), expect.stringMatching(/swagger-ui\.css$/)]));
    const types: Record<string, RegExp> = { js: /javascript/, css: /^text\/css/ };
    for (const ref of refs) {
      expect(ref, 'same origin (the CSP allows only self)').toMatch(/^\/[^/]/);
      const res = await t.app.inject({ url: ref });
      expect(res.statusCode, ref).toBe(200);
      expect(res.body.length, ref).toBeGreaterThan(10);
      const ext = ref.split('.').pop()!;
      if (types[ext]) expect(res.headers['content-type'], ref).toMatch(types[ext]);
    }
    // The init script points Swagger UI at the document, which is served.
    const init = await t.app.inject({ url: refs.find((r) => r.endsWith('init.js'))! });
    const url = /url:\s*'([^']+)'/.exec(init.body)?.[1];
    expect(url).toBe('/api/openapi.json');
    const json = await t.app.inject({ url: url! });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });
});
