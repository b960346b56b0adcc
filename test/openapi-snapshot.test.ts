import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/app.js';
import { buildOpenApi } from '../src/api/openapi.js';
import { openTestApp, type TestApp } from './harness.js';

const committed = () =>
  JSON.parse(fs.readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as unknown;

/**
 * openapi.json in the repository is the API's contract. Any change to a route, schema or example
 * shows as a diff of that file: regenerate it with `npm run openapi` and name the change in the
 * commit.
 */
describe('the committed OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('is exactly what the server serves (run `npm run openapi` after a deliberate change)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(committed());
  });

  it('is built the same way twice (the snapshot does not depend on build order)', () => {
    expect(buildOpenApi(ROUTES)).toEqual(buildOpenApi(ROUTES));
  });

  it('catches a drift: one changed summary makes the documents differ', () => {
    const changed = ROUTES.map((r, i) =>
      i === 0 ? { ...r, summary: `${r.summary} (changed)` } : r,
    );
    expect(buildOpenApi(changed)).not.toEqual(committed());
  });
});
