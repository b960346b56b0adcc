import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { cyclonedxValidator, oscalValidator, problems, sample } from './interchange-schemas.js';

const CDX = { 'content-type': 'application/vnd.cyclonedx+json' };

describe.each(DIALECTS)('OSCAL and CycloneDX over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let systemId: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Support triage',
      purpose: 'Routes support tickets.',
    });
    systemId = sys.json().id;
  });
  afterAll(() => t.close());

  const ledgerHead = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('ledger_heads')
          .select('seq')
          .where('org_id', '=', org.id)
          .executeTakeFirst()
      )?.seq ?? 0,
    );
  /** The actions of the ledger events after a head. */
  const actionsAfter = async (seq: number) =>
    (
      await t.database.db
        .selectFrom('ledger_events')
        .select(['seq', 'body'])
        .where('org_id', '=', org.id)
        .where('seq', '>', seq)
        .orderBy('seq')
        .execute()
    ).map((e) => (JSON.parse(e.body) as { action: string }).action);
  const list = async (path: string) =>
    (await org.owner.get(`${base}/${path}?limit=100`)).json().items as { name: string }[];

  it('serves every OSCAL export as a valid 1.2.1 document, with stable UUIDs', async () => {
    const docs: [string, Parameters<typeof oscalValidator>[0]][] = [
      ['/api/v1/catalog/oscal', 'catalog'],
      [`${base}/oscal/component-definition/${systemId}`, 'component-definition'],
      [`${base}/oscal/ssp`, 'system-security-plan'],
      [`${base}/oscal/assessment-results`, 'assessment-results'],
      [`${base}/oscal/poam`, 'plan-of-action-and-milestones'],
      [`${base}/oscal/mapping`, 'mapping-collection'],
    ];
    for (const [url, model] of docs) {
      const a = await org.owner.get(url);
      expect(a.statusCode, url).toBe(200);
      expect(a.headers['content-type'], url).toContain('application/oscal+json');
      const doc = a.json();
      expect(problems(oscalValidator(model), doc), url).toEqual([]);
      expect(doc[model].metadata['oscal-version']).toBe('1.2.1');
      const b = (await org.owner.get(url)).json();
      expect(b[model].uuid, url).toBe(doc[model].uuid);
    }
    const viewer = await org.member('viewer');
    expect((await viewer.get(`${base}/oscal/ssp`)).statusCode).toBe(200);
  });

  it('serves the AI system as a valid CycloneDX 1.6 BOM', async () => {
    const r = await org.owner.get(`${base}/ai-systems/${systemId}/cyclonedx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/vnd.cyclonedx+json');
    expect(problems(cyclonedxValidator(), r.json())).toEqual([]);
  });

  it('answers the BOM that is not valid JSON with where it breaks, and imports nothing', async () => {
    const head = await ledgerHead();
    const r = await org.owner.post(
      `${base}/cyclonedx/import?aiSystemId=${systemId}`,
      sample('cyclonedx/OpenSource.bom.json'),
      CDX,
    );
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(r.json().detail).toMatch(/line 9, column 5/);
    expect(await ledgerHead()).toBe(head);
  });

  it('checks a 1.7 ML-BOM in a dry run without writing, then imports models, datasets and suppliers', async () => {
    const url = `${base}/cyclonedx/import?aiSystemId=${systemId}`;
    const bom = sample('cyclonedx/Model-Card-With-Dataset.bom.json');
    const head = await ledgerHead();
    const dry = await org.owner.post(`${url}&dryRun=true`, bom, CDX);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      specVersion: '1.7',
      models: { created: 1, existing: 0 },
      datasets: { created: 2, existing: 0 },
      suppliers: { created: 1, existing: 0 },
    });
    expect(await ledgerHead()).toBe(head);
    expect(await list('ai-models')).toEqual([]);

    const real = await org.owner.post(url, bom, CDX);
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({ dryRun: false, models: { created: 1 } });
    const models = await list('ai-models');
    expect(models).toMatchObject([
      { name: 'support-ticket-classifier', modelVersion: '1.0.0', source: 'third_party' },
    ]);
    expect((models[0] as unknown as { changeSummary: string }).changeSummary).toContain(
      'Metric macro-f1',
    );
    expect((await list('datasets')).map((d) => d.name).sort()).toEqual([
      'support-ticket-evaluation-data',
      'support-ticket-training-data',
    ]);
    expect((await list('third-parties')).map((d) => d.name)).toEqual(['Example ML Team']);
    expect(await actionsAfter(head)).toEqual(Array(4).fill('cyclonedx.import'));

    // Again: everything is there already.
    const again = await org.owner.post(url, bom, CDX);
    expect(again.json()).toMatchObject({
      models: { created: 0, existing: 1 },
      datasets: { created: 0, existing: 2 },
    });
  });

  it('imports the 1.6 foundation-model BOM', async () => {
    const url = `${base}/cyclonedx/import?aiSystemId=${systemId}`;
    const r = await org.owner.post(url, sample('cyclonedx/FoundationModels.bom.json'), CDX);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      specVersion: '1.6',
      models: { created: 1 },
      suppliers: { created: 2 },
    });
    expect((await list('third-parties')).map((d) => d.name).sort()).toEqual([
      'Example ML Team',
      'Noma Security Inc.',
      'OpenAI Inc',
    ]);
  });

  it('names each problem of a document that is not an ML-BOM it can import', async () => {
    const head = await ledgerHead();
    const r = await org.owner.post(
      `${base}/cyclonedx/import?aiSystemId=${systemId}`,
      JSON.stringify({
        bomFormat: 'SPDX',
        specVersion: '1.4',
        components: [{ type: 'machine-learning-model' }],
      }),
      CDX,
    );
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('DOCUMENT_INVALID');
    expect(r.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/bomFormat',
      '/body/specVersion',
      '/body/components/0/name',
    ]);
    expect(await ledgerHead()).toBe(head);
    const contributor = await org.member('contributor');
    const denied = await contributor.post(
      `${base}/cyclonedx/import?aiSystemId=${systemId}`,
      sample('cyclonedx/FoundationModels.bom.json'),
      CDX,
    );
    expect(denied.statusCode).toBe(403);
  });

  it('imports the NIST basic catalog as a framework (dry run first), and a second time updates it', async () => {
    const url = `${base}/oscal/catalog-import`;
    const OSCAL = { 'content-type': 'application/oscal+json' };
    const catalog = sample('oscal-examples/basic-catalog.json');
    const head = await ledgerHead();
    const dry = await org.owner.post(`${url}?dryRun=true`, catalog, OSCAL);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      action: 'create',
      framework: { id: null, oscalVersion: '1.1.2' },
    });
    expect(dry.json().framework.controls).toBeGreaterThan(0);
    expect(await ledgerHead()).toBe(head);
    const real = await org.owner.post(url, catalog, OSCAL);
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({ dryRun: false, action: 'create' });
    expect(await actionsAfter(head)).toEqual(['frameworks.import']);
    const again = await org.owner.post(url, catalog, OSCAL);
    expect(again.json()).toMatchObject({
      action: 'update',
      framework: { id: real.json().framework.id },
    });
    const listed = (await org.owner.get(`${base}/oscal/frameworks`)).json().items;
    expect(listed).toMatchObject([{ id: real.json().framework.id, version: 2 }]);
    const viewer = await org.member('viewer');
    expect((await viewer.post(url, catalog, OSCAL)).statusCode).toBe(403);
  });

  it('names the problem of each NIST sample that is not a catalog, and imports nothing', async () => {
    const head = await ledgerHead();
    for (const [file, model] of [
      ['example-component-definition.json', 'component-definition'],
      ['ssp-example.json', 'system-security-plan'],
      ['ifa_assessment-results-example.json', 'assessment-results'],
      ['ifa_plan-of-action-and-milestones.json', 'plan-of-action-and-milestones'],
    ]) {
      const r = await org.owner.post(
        `${base}/oscal/catalog-import`,
        sample(`oscal-examples/${file}`),
        { 'content-type': 'application/oscal+json' },
      );
      expect(r.statusCode, file).toBe(422);
      expect(r.json().code).toBe('DOCUMENT_INVALID');
      expect(r.json().errors[0].message).toContain(`OSCAL ${model}, not a catalog`);
    }
    const broken = await org.owner.post(
      `${base}/oscal/catalog-import`,
      JSON.stringify({
        catalog: { uuid: 'x', metadata: { title: 'T' }, controls: [{ id: 'c-1' }] },
      }),
      { 'content-type': 'application/oscal+json' },
    );
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/catalog/uuid',
      '/body/catalog/metadata/version',
      '/body/catalog/metadata/oscal-version',
      '/body/catalog/controls/0/title',
    ]);
    expect(await ledgerHead()).toBe(head);
  });
});
