import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { oscalValidator, problems, sample } from './interchange-schemas.js';

const OSCAL = { 'content-type': 'application/oscal+json' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** A document with its UUIDs (the organization's own) and time of export left out. */
const shape = (doc: unknown) =>
  JSON.parse(
    JSON.stringify(doc)
      .replace(UUID, 'UUID')
      .replace(/"last-modified":"[^"]*"/g, '"last-modified":"t"'),
  );

describe.each(DIALECTS)('OSCAL component definition import on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let systemId: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    a = await createOrgFixture(t, 'Alpha Components');
    b = await createOrgFixture(t, 'Bravo Components');
    const base = `/api/v1/orgs/${a.slug}`;
    systemId = (
      await a.owner.post(`${base}/ai-systems`, {
        name: 'Claims triage',
        purpose: 'Sorts insurance claims by urgency.',
        sector: 'finance',
      })
    ).json().id;
    for (const [id, applicable, status] of [
      ['A.6.2.4', true, 'implemented'],
      ['A.6.2.8', true, 'partial'],
      ['A.10.3', false, undefined],
    ] as const) {
      const r = await a.owner.request('PUT', `${base}/soa/${id}`, {
        applicable,
        justification: `Decision on ${id} for the claims system.`,
        ...(status ? { implementationStatus: status } : {}),
        ...(id === 'A.6.2.8' ? { notes: 'Logs kept 90 days.' } : {}),
      });
      expect(r.statusCode, id).toBe(200);
    }
  });
  afterAll(() => t.close());

  const head = async (org: OrgFixture) =>
    Number(
      (
        await t.database.db
          .selectFrom('ledger_heads')
          .select('seq')
          .where('org_id', '=', org.id)
          .executeTakeFirst()
      )?.seq ?? 0,
    );
  const url = (org: OrgFixture, dry = false) =>
    `/api/v1/orgs/${org.slug}/oscal/component-import${dry ? '?dryRun=true' : ''}`;

  it('round-trips a component definition into a second organization: exported again, it is the same', async () => {
    const exported = await a.owner.get(
      `/api/v1/orgs/${a.slug}/oscal/component-definition/${systemId}`,
    );
    expect(exported.statusCode).toBe(200);
    const doc = exported.json();
    const before = await head(b);
    const dry = await b.owner.post(url(b, true), exported.body, OSCAL);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      oscalVersion: '1.2.1',
      systems: [
        {
          pointer: '/body/component-definition/components/0',
          name: 'Claims triage',
          action: 'create',
          aiSystemId: null,
        },
      ],
    });
    expect(
      dry
        .json()
        .controls.map((c: { controlId: string; action: string }) => [c.controlId, c.action]),
    ).toEqual([
      ['A.6.2.4', 'create'],
      ['A.6.2.8', 'create'],
    ]);
    expect(await head(b)).toBe(before);

    const real = await b.owner.post(url(b), exported.body, OSCAL);
    expect(real.statusCode).toBe(200);
    const newId = real.json().systems[0].aiSystemId as string;
    expect(newId).toMatch(UUID);
    const again = await b.owner.get(`/api/v1/orgs/${b.slug}/oscal/component-definition/${newId}`);
    expect(problems(oscalValidator('component-definition'), again.json())).toEqual([]);
    expect(shape(again.json())).toEqual(shape(doc));
    const soa = await b.owner.get(`/api/v1/orgs/${b.slug}/soa?limit=200`);
    const entry = (soa.json().items as { controlId: string }[]).find(
      (e) => e.controlId === 'A.6.2.8',
    );
    expect(entry).toMatchObject({
      applicable: true,
      implementationStatus: 'partial',
      notes: 'Logs kept 90 days.',
    });

    // The same document again: the system is matched by name, and nothing changes.
    const mid = await head(b);
    const third = await b.owner.post(url(b), exported.body, OSCAL);
    expect(third.json().systems[0]).toMatchObject({ action: 'match', aiSystemId: newId });
    expect(third.json().controls.map((c: { action: string }) => c.action)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(await head(b)).toBe(mid);
    // Into the organization it came from, it finds its own system by its stable UUID.
    const home = await a.owner.post(url(a, true), exported.body, OSCAL);
    expect(home.json().systems[0]).toMatchObject({ action: 'match', aiSystemId: systemId });
  });

  it("names each control of NIST's sample that is not a control here, with its pointer, and changes nothing", async () => {
    const before = await head(b);
    const r = await b.owner.post(
      url(b),
      sample('oscal-examples/example-component-definition.json'),
      OSCAL,
    );
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('DOCUMENT_INVALID');
    const at = '/body/component-definition/components/0/control-implementations/0';
    expect(r.json().errors).toEqual([
      {
        pointer: `${at}/implemented-requirements/0/control-id`,
        message: expect.stringContaining('sc-8'),
      },
      {
        pointer: `${at}/implemented-requirements/1/control-id`,
        message: expect.stringContaining('sc-8.1'),
      },
      {
        pointer: `${at}/implemented-requirements/2/control-id`,
        message: expect.stringContaining('sa-4.9'),
      },
    ]);
    expect(await head(b)).toBe(before);
  });

  it('imports a NIST-style component whose controls are Annex A or own controls, and refuses other documents', async () => {
    const base = `/api/v1/orgs/${b.slug}`;
    expect(
      (
        await b.owner.post(`${base}/soa/controls`, {
          controlId: 'ORG-7',
          title: 'Model release board',
          justification: 'Group policy.',
        })
      ).statusCode,
    ).toBe(201);
    const nist = JSON.parse(sample('oscal-examples/example-component-definition.json'));
    const reqs = nist['component-definition'].components[0]['control-implementations'][0][
      'implemented-requirements'
    ] as { 'control-id': string }[];
    reqs[0]!['control-id'] = 'a.6.2.5';
    reqs[1]!['control-id'] = 'org-7';
    reqs[2]!['control-id'] = 'A.7.4';
    const dry = await b.owner.post(`${url(b)}?dryRun=true`, JSON.stringify(nist), OSCAL);
    expect(dry.statusCode).toBe(200);
    expect(dry.json().systems).toMatchObject([{ name: 'MongoDB', action: 'create' }]);
    expect(dry.json().controls).toMatchObject([
      { controlId: 'A.6.2.5', action: 'create', implementationStatus: 'planned' },
      { controlId: 'ORG-7', action: 'update', implementationStatus: 'not_started' },
      { controlId: 'A.7.4', action: 'create' },
    ]);
    const real = await b.owner.post(url(b), JSON.stringify(nist), OSCAL);
    expect(real.statusCode).toBe(200);
    const systems = (await b.owner.get(`${base}/ai-systems?limit=100`)).json().items;
    expect(systems.map((s: { name: string }) => s.name)).toContain('MongoDB');

    const viewer = await b.member('viewer');
    expect((await viewer.post(url(b), JSON.stringify(nist), OSCAL)).statusCode).toBe(403);
    const catalog = await b.owner.post(url(b), sample('oscal-examples/basic-catalog.json'), OSCAL);
    expect(catalog.statusCode).toBe(422);
    expect(catalog.json().errors[0].message).toContain('OSCAL catalog, not a component definition');
    const broken = await b.owner.post(url(b), '{"component-definition": ', OSCAL);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('MALFORMED_JSON');
  });
});
