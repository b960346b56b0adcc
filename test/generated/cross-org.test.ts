import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/app.js';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, createRecordsFromDocument, type SuiteFixture } from './fixture.js';
import { isOrgOperation, loadOpenApi, operations, type Json } from './openapi-doc.js';
import { crossOrgSuite, foreignReferencesSuite } from './suites.js';

describe.each(DIALECTS)('generated cross-organization suite on %s', (dialect) => {
  let t: TestApp;
  let fx: SuiteFixture;
  let doc: Json;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    fx = await buildSuiteFixture(t);
    doc = await loadOpenApi(t.app);
  });
  afterAll(() => t?.close());

  it('finds the organization operations in the OpenAPI document', () => {
    const ops = operations(doc).filter(isOrgOperation);
    const orgRoutes = ROUTES.filter(
      (r) => r.url === '/api/v1/orgs/:org' || r.url.startsWith('/api/v1/orgs/:org/'),
    );
    expect(orgRoutes.length).toBeGreaterThanOrEqual(13);
    expect(ops.length).toBe(orgRoutes.length);
    expect(ops.map((o) => o.operationId)).toEqual(
      expect.arrayContaining([
        'orgs.get',
        'orgs.update',
        'members.remove',
        'tokens.revoke',
        'ledger.history',
      ]),
    );
  });

  it("answers B's owner (cookie session and API token) 404 on every operation of A, leaks nothing and changes nothing", async () => {
    const headBefore = (
      await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)
    ).json();
    expect(await crossOrgSuite(fx, doc)).toEqual([]);
    const headAfter = (
      await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)
    ).json();
    expect(headAfter).toEqual(headBefore);
    expect(headAfter.ok).toBe(true);
  });

  it("refuses B's ids (members, AI systems, records) in every reference field of every write of A, with 422 UNKNOWN_REFERENCE, and writes nothing", async () => {
    // B gets a record of every kind the document can create, through its own owner.
    await createRecordsFromDocument(fx.b.owners[0]!.client, doc, { org: fx.b.slug });
    expect(await foreignReferencesSuite(fx, doc)).toEqual([]);
    const v = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)).json();
    expect(v.ok).toBe(true);
  });
});
