import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, type SuiteFixture } from './fixture.js';
import { isOrgOperation, isWrite, loadOpenApi, operations, type Json } from './openapi-doc.js';
import { readCallers, restrictedReadsSuite } from './restricted-reads.js';
import { rolesSuite } from './suites.js';
import { scopedContributorSuite } from './scoped-suite.js';

describe.each(DIALECTS)('generated roles suite on %s', (dialect) => {
  let t: TestApp;
  let fx: SuiteFixture;
  let doc: Json;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    fx = await buildSuiteFixture(t);
    doc = await loadOpenApi(t.app);
  });
  afterAll(() => t?.close());

  it('finds the write operations of an organization in the OpenAPI document', () => {
    const ops = operations(doc).filter((o) => isOrgOperation(o) && isWrite(o));
    expect(ops.length).toBeGreaterThanOrEqual(6);
    expect(fx.a.readOnly.map((c) => c.label)).toHaveLength(4);
  });

  it("answers A's viewer and auditor (cookie session and write-scoped token) 403 on every write and changes nothing", async () => {
    expect(await rolesSuite(fx, doc)).toEqual([]);
    const v = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)).json();
    expect(v.ok).toBe(true);
  });

  it('restricted reads through any route: no GET answer (lists, histories, exports) shows a role or token what it may not read, and none names the anonymous reporter', async () => {
    expect(await restrictedReadsSuite(fx, doc, await readCallers(fx, t.services))).toEqual([]);
  });

  // Last: it turns scoping on in A and lets the assigned contributor change A's records.
  it("with access matched to responsibilities: refuses an unassigned contributor 403 on every scoped write of the system's records and changes nothing; allows the assigned one", async () => {
    expect(await scopedContributorSuite(fx, doc, t.services)).toEqual([]);
    const v = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger/verification`)).json();
    expect(v.ok).toBe(true);
  });
});
