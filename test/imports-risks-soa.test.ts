import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsx(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(DIALECTS)('importing risks and the SoA on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let ownerEmail: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    ownerEmail = org.owner.email;
    for (const name of ['Loan scorer', 'Triage bot'])
      expect(
        (
          await org.owner.post(`${base}/ai-systems`, {
            name,
            purpose: 'Decides',
            sector: 'finance',
            aiRoles: ['provider'],
          })
        ).statusCode,
      ).toBe(201);
  });
  afterAll(() => t.close());

  const post = (url: string, body: string | Buffer, type = 'text/csv') =>
    org.owner.request('POST', url, body, { 'content-type': type });
  const head = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('ledger_heads')
          .select('seq')
          .where('org_id', '=', org.id)
          .executeTakeFirst()
      )?.seq ?? 0,
    );
  const count = async (table: string) =>
    Number(
      (
        await (t.database.db as unknown as Kysely<Record<string, { org_id: string }>>)
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', org.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const riskCsv = () =>
    [
      'Risk,AI systems,Annex C sources,Owner,"Inherent (L×I, level)",Treatment,Controls,Status,Review',
      `Biased scores,loan SCORER,c.3.4,${ownerEmail.toUpperCase()},3×4 high,Modify,A.6.2.4,Treatment planned,2027-03-01`,
      'Drift unnoticed,Loan scorer; Triage bot,,,2×2,retain,,assessed,',
      'Prompt injection,Triage bot,,,,,,identified,',
    ].join('\n');

  it('checks a risk file in a dry run without writing, then imports it through risks.create', async () => {
    const before = await head();
    const dry = await post(`${base}/risks/import?dryRun=true`, riskCsv());
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      rows: 3,
      created: 3,
      updated: 0,
      skipped: 0,
      duplicates: [],
      alreadyImported: null,
    });
    expect(await head()).toBe(before);
    expect(await count('risks')).toBe(0);

    const done = await post(`${base}/risks/import`, riskCsv());
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ dryRun: false, created: 3 });
    expect(await count('risks')).toBe(3);
    const events = await t.database.db
      .selectFrom('ledger_events')
      .select(['body', 'entity'])
      .where('org_id', '=', org.id)
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(events.every((e) => JSON.parse(e.body).action === 'risks.import')).toBe(true);
    expect(events.filter((e) => e.entity === 'risks')).toHaveLength(3);
    const risks = (await org.owner.get(`${base}/risks?limit=10`)).json().items;
    const biased = risks.find((r: { title: string }) => r.title === 'Biased scores');
    expect(biased).toMatchObject({
      riskSources: ['C.3.4'],
      inherentLikelihood: 3,
      inherentImpact: 4,
      treatment: 'modify',
      controlIds: ['A.6.2.4'],
      status: 'treatment_planned',
      reviewDate: '2027-03-01',
    });
    expect(biased.aiSystemIds).toHaveLength(1);
    expect(
      risks.find((r: { title: string }) => r.title === 'Drift unnoticed').aiSystemIds,
    ).toHaveLength(2);
  });

  it('recognizes the same file imported again and changes nothing, unless asked again', async () => {
    const before = await head();
    const dry = await post(`${base}/risks/import?dryRun=true`, riskCsv());
    expect(dry.json().alreadyImported).toMatchObject({ memberEmail: ownerEmail, created: 3 });
    const again = await post(`${base}/risks/import`, riskCsv());
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_IMPORTED');
    expect(again.json().detail).toContain(ownerEmail);
    expect(await head()).toBe(before);
    // Asked again: the rows are duplicates now (skipped), or updates when asked.
    const skipped = await post(`${base}/risks/import?again=true`, riskCsv());
    expect(skipped.json()).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(skipped.json().duplicates).toHaveLength(3);
    expect(await head()).toBe(before);
    const updated = await post(`${base}/risks/import?again=true&duplicates=update`, riskCsv());
    expect(updated.json()).toMatchObject({ created: 0, updated: 3 });
    expect(await count('risks')).toBe(3);
  });

  it('skips rows whose name exists (any case) or repeats an earlier row, and says so', async () => {
    const file = [
      'Risk,Status',
      'BIASED SCORES ,assessed',
      'Vendor lock-in,identified',
      'vendor lock-in,identified',
    ].join('\n');
    const r = await post(`${base}/risks/import`, file);
    expect(r.json()).toMatchObject({ created: 1, skipped: 2 });
    expect(
      r.json().duplicates.map((d: { row: number; id: string | null }) => [d.row, d.id === null]),
    ).toEqual([
      [2, false],
      [4, true],
    ]);
    expect(await count('risks')).toBe(4);
  });

  it('points at each bad row and column and imports nothing', async () => {
    const before = await head();
    const file = [
      'Risk,AI systems,Owner,Inherent likelihood,Inherent impact,Treatment,Status',
      'Fine one,,,,,,',
      'Bad one,Nope system,nobody@example.com,9,2,transfer,accepted',
    ].join('\n');
    for (const q of ['?dryRun=true', '']) {
      const r = await post(`${base}/risks/import${q}`, file);
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('IMPORT_INVALID');
      expect(r.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
        '/rows/3/AI systems',
        '/rows/3/Owner',
        '/rows/3/Treatment',
        '/rows/3/Status',
        '/rows/3/Inherent likelihood',
      ]);
    }
    expect(await head()).toBe(before);
    expect(await count('risks')).toBe(4);
  });

  it('imports risks from XLSX, and the export imports back as duplicates', async () => {
    const file = await xlsx([
      ['Risk', 'AI systems', 'Residual likelihood', 'Residual impact'],
      ['Model theft', 'Triage bot', '2', 'Minor'],
    ]);
    const r = await post(`${base}/risks/import`, file, XLSX);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ created: 1 });
    const theft = (await org.owner.get(`${base}/risks?limit=50`))
      .json()
      .items.find((x: { title: string }) => x.title === 'Model theft');
    expect(theft).toMatchObject({ residualLikelihood: 2, residualImpact: 2 });
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await org.owner.get(`${base}/risks/export?format=${format}`);
      const body = format === 'csv' ? exported.body : exported.rawPayload;
      const dry = await post(
        `${base}/risks/import?dryRun=true`,
        body,
        format === 'csv' ? 'text/csv' : XLSX,
      );
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ rows: 5, created: 0, skipped: 5 });
    }
    const template = await org.owner.get(`${base}/risks/import/template?format=csv`);
    expect(template.body.split('\r\n')[0]).toContain('Risk,Description,AI systems');
  });

  const soaCsv = () =>
    [
      'Control,Title,Applicable,Justification,Implementation',
      'a.2.2,,Yes,We need a policy,Partial',
      'A.2.3,,no,Covered by group policy,',
      'ORG-1,Red teaming,yes,Our own control,planned',
      'A.2.4,,undecided,,',
    ].join('\n');

  it('imports SoA decisions (a dry run writes nothing), recognizes the file, updates when asked', async () => {
    const before = await head();
    const dry = await post(`${base}/soa/import?dryRun=true`, soaCsv());
    expect(dry.json()).toMatchObject({ created: 3, skipped: 1 });
    expect(await head()).toBe(before);
    const done = await post(`${base}/soa/import`, soaCsv());
    expect(done.json()).toMatchObject({ created: 3 });
    const list = (await org.owner.get(`${base}/soa?limit=200`)).json().items;
    const of = (id: string) => list.find((e: { controlId: string }) => e.controlId === id);
    expect(of('A.2.2')).toMatchObject({ applicable: true, implementationStatus: 'partial' });
    expect(of('A.2.3')).toMatchObject({
      applicable: false,
      implementationStatus: 'not_applicable',
    });
    expect(of('ORG-1')).toMatchObject({
      custom: true,
      title: 'Red teaming',
      implementationStatus: 'planned',
    });
    const mid = await head();
    expect((await post(`${base}/soa/import`, soaCsv())).statusCode).toBe(409);
    expect(await head()).toBe(mid);
    const changed = soaCsv().replace('Partial', 'implemented');
    const skip = await post(`${base}/soa/import`, changed);
    expect(skip.json()).toMatchObject({ created: 0, updated: 0, skipped: 4 });
    expect(skip.json().duplicates).toHaveLength(1);
    const upd = await post(
      `${base}/soa/import?duplicates=update`,
      await xlsx(changed.split('\n').map((l) => l.split(','))),
      XLSX,
    );
    expect(upd.json()).toMatchObject({ updated: 1, skipped: 3 });
    expect(of('A.2.2')).toBeTruthy();
    const after = (await org.owner.get(`${base}/soa?limit=200`)).json().items;
    expect(
      after.find((e: { controlId: string }) => e.controlId === 'A.2.2').implementationStatus,
    ).toBe('implemented');
  });

  it('points at a bad SoA row', async () => {
    const before = await head();
    const r = await post(
      `${base}/soa/import?dryRun=true`,
      [
        'Control,Applicable,Justification,Implementation',
        'A.3.2,maybe,,',
        'A.3.3,yes,Why,not applicable',
      ].join('\n'),
    );
    expect(r.statusCode).toBe(422);
    expect(r.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/rows/2/Applicable',
      '/rows/2/Justification',
      '/rows/3/Implementation',
    ]);
    expect(await head()).toBe(before);
  });

  it('tells a form that a name is taken, ignoring case', async () => {
    const r = await org.owner.get(
      `${base}/names/check?kind=risks&name=${encodeURIComponent(' biased SCORES ')}`,
    );
    expect(r.json().matches).toHaveLength(1);
    const none = await org.owner.get(`${base}/names/check?kind=ai_systems&name=Other`);
    expect(none.json().matches).toEqual([]);
    const sys = await org.owner.get(`${base}/names/check?kind=ai_systems&name=triage%20BOT`);
    expect(sys.json().matches[0].name).toBe('Triage bot');
  });
});
