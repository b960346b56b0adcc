import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/app.js';
import { PERMISSIONS } from '../src/kernel/permissions.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import {
  describeOp,
  isOrgOperation,
  loadOpenApi,
  operations,
  type Json,
} from './generated/openapi-doc.js';

/** Redocly's `recommended` ruleset, unchanged: every rule of it applies to the document. */
async function lint(doc: Json): Promise<NormalizedProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  return lintFromString({
    source: JSON.stringify(doc, null, 2),
    absoluteRef: 'openapi.json',
    config,
  });
}
const show = (p: NormalizedProblem) =>
  `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`;

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

  it('has zero errors and zero warnings under Redocly recommended', () => {
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
    Object.entries((op.responses ?? {}) as Record<string, Json>).filter(
      ([code, r]) => /^4(\d\d|XX)$/.test(code) && r.content?.['application/problem+json'],
    );

  it('documents at least one 4xx problem+json response on every operation', () => {
    expect(
      operations(doc)
        .filter((o) => problemResponses(o.op).length === 0)
        .map((o) => o.operationId),
    ).toEqual([]);
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
    expect(refs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/swagger-ui-bundle\.js$/),
        expect.stringMatching(/swagger-ui\.css$/),
      ]),
    );
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
