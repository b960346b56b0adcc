import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/app.js';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, createRecordsFromDocument, type SuiteFixture } from './fixture.js';
import { REF_PARAMS, type RefTable } from '../../src/kernel/refs.js';
import {
  describeOp,
  fillPath,
  isOrgOperation,
  loadOpenApi,
  operations,
  pathParamNames,
  pathValues,
  type Json,
} from './openapi-doc.js';
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

  it("opens by readable id (R-0001, INC-0001, F-0001, NC-0001) only the record of the organization in the path: B's refs never open A's", async () => {
    const failures: string[] = [];
    const refOf = async (table: RefTable, id: string) =>
      (
        await (fx.db as unknown as Kysely<Record<string, { id: string; ref: string | null }>>)
          .selectFrom(table)
          .select('ref')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.ref;
    const reads = operations(doc).filter(
      (o) =>
        isOrgOperation(o) && o.method === 'GET' && pathParamNames(o).some((n) => REF_PARAMS[n]),
    );
    expect(reads.length).toBeGreaterThanOrEqual(6);
    for (const o of reads) {
      const ids = pathValues(o, fx.a.params);
      const refs = { ...ids };
      for (const n of pathParamNames(o).filter((x) => REF_PARAMS[x])) {
        const ref = await refOf(REF_PARAMS[n]!, ids[n]!);
        if (!ref) failures.push(`${describeOp(o)}: A's ${n} has no ref`);
        else refs[n] = ref;
      }
      const byId = fillPath(o, ids) as { url: string };
      const byRef = fillPath(o, refs) as { url: string };
      const [one, two] = [await fx.a.owner.get(byId.url), await fx.a.owner.get(byRef.url)];
      if (two.statusCode !== one.statusCode || two.body !== one.body)
        failures.push(
          `${describeOp(o)}: ${byRef.url} answers ${two.statusCode}, not as ${byId.url}`,
        );
      for (const { label, client } of fx.b.owners) {
        const there = await client.get(byRef.url);
        if (there.statusCode !== 404)
          failures.push(`${describeOp(o)}: B's ${label} got ${there.statusCode} on ${byRef.url}`);
        // The same refs under B's slug name B's records (B has one of each kind), never A's.
        const own = await client.get(
          byRef.url.replace(`/orgs/${fx.a.slug}/`, `/orgs/${fx.b.slug}/`),
        );
        const aIds = pathParamNames(o)
          .filter((x) => REF_PARAMS[x])
          .map((x) => ids[x]!);
        if (aIds.some((id) => own.body.includes(id)))
          failures.push(`${describeOp(o)}: B's ${label} read A's record through B's slug`);
      }
    }
    expect(failures).toEqual([]);
  });
});
