import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { sample } from './interchange-schemas.js';

const OSCAL = { 'content-type': 'application/oscal+json' };

interface Entry {
  ref: string;
  status: string;
  links: { requirement: string; provenance: string[]; counts: boolean }[];
  evidence: { id: string; state: string }[];
}

describe.each(DIALECTS)('imported frameworks as targets on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const coverage = async (key: string) => {
    const r = await org.owner.get(`${base}/readiness/frameworks`);
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      items: { id: string; title: string; reached: number; entries: Entry[] }[];
      legend: { provenance: Record<string, string> };
    };
    return { fw: body.items.find((f) => f.id === key), legend: body.legend };
  };

  it('links evidence and crosswalk pairs to a control of the NIST sample catalog, and shows its coverage', async () => {
    const catalog = sample('oscal-examples/basic-catalog.json');
    const dry = await org.owner.post(`${base}/oscal/catalog-import?dryRun=true`, catalog, OSCAL);
    // A key is made from the title unless one is given.
    expect(dry.json().framework.key).toBe('sample-security-catalog-for');
    const imported = await org.owner.post(
      `${base}/oscal/catalog-import?key=nist-sample`,
      catalog,
      OSCAL,
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.json().framework).toMatchObject({ key: 'nist-sample' });
    const frameworkId = imported.json().framework.id as string;
    // Imported again without a key, it keeps the one it has.
    const again = await org.owner.post(`${base}/oscal/catalog-import`, catalog, OSCAL);
    expect(again.json().framework).toMatchObject({ id: frameworkId, key: 'nist-sample' });
    // A key of the catalog's own frameworks is not free.
    const taken = await org.owner.post(`${base}/oscal/catalog-import?key=iso27001`, catalog, OSCAL);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].pointer).toBe('/query/key');

    expect((await coverage('nist-sample')).fw).toMatchObject({ reached: 0, entries: [] });

    const ev = (
      await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: 'Roles and responsibilities register',
        url: 'https://x.example/roles',
      })
    ).json();
    const link = await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'framework_requirement',
      targetId: 'nist-sample:s1.1.1',
    });
    expect(link.statusCode).toBe(201);
    for (const targetId of ['nist-sample:s9.9.9', 'nist-sample:s1.1', 'nosuch:s1.1.1']) {
      const bad = await org.owner.post(`${base}/evidence/${ev.id}/links`, {
        targetType: 'framework_requirement',
        targetId,
      });
      expect(bad.statusCode, targetId).toBe(422);
      expect(bad.json()).toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/targetId' }],
      });
    }

    const listed = (await org.owner.get(`${base}/oscal/frameworks`)).json().items[0];
    const wrong = await org.owner.request(
      'PUT',
      `${base}/oscal/frameworks/${frameworkId}/crosswalks`,
      {
        items: [
          { ref: 's1.1.2', requirement: 'A.3.2', relationship: 'intersects', confidence: 'high' },
          { ref: 'zz-1', requirement: 'A.99', relationship: 'related', confidence: 'low' },
        ],
      },
      { 'if-match': `"${listed.version}"` },
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/items/1/ref',
      '/body/items/1/requirement',
    ]);
    const mapped = await org.owner.request(
      'PUT',
      `${base}/oscal/frameworks/${frameworkId}/crosswalks`,
      {
        items: [
          { ref: 's1.1.2', requirement: 'A.3.2', relationship: 'intersects', confidence: 'high' },
        ],
      },
      { 'if-match': `"${listed.version}"` },
    );
    expect(mapped.statusCode).toBe(200);
    expect(mapped.json().crosswalks).toHaveLength(1);
    const viewer = await org.member('viewer');
    const refused = await viewer.request(
      'PUT',
      `${base}/oscal/frameworks/${frameworkId}/crosswalks`,
      { items: [] },
      { 'if-match': '"3"' },
    );
    expect(refused.statusCode).toBe(403);

    const { fw, legend } = await coverage('nist-sample');
    expect(fw!.title).toContain('Sample Security Catalog');
    expect(fw!.reached).toBe(2);
    const byRef = new Map(fw!.entries.map((e) => [e.ref, e]));
    expect(byRef.get('s1.1.1')).toMatchObject({
      status: 'met',
      evidence: [{ id: ev.id, state: 'valid' }],
    });
    expect(byRef.get('s1.1.2')).toMatchObject({
      links: [{ requirement: 'A.3.2', provenance: ['organization'], counts: true }],
    });
    expect(byRef.get('s1.1.2')!.status).not.toBe('not_credited');
    expect(legend.provenance.organization).toBeTruthy();
  });
});
