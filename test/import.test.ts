import type { Kysely } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(DIALECTS)('importing registers on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const post = (url: string, body: string | Buffer, type = 'text/csv') =>
    org.owner.request('POST', url, body, { 'content-type': type });
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

  it('imports nothing from a file with bad rows and lists every one; the fixed file imports every row', async () => {
    const bad = [
      'name,purpose,sector,aiRoles',
      'Triage,Ranks cases,healthcare,provider',
      ',No name given,finance,',
      'Scorer,Scores loans,banking,provider;customer',
      'Planner,Plans shifts,public_sector,customer;wizard',
    ].join('\n');
    const before = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    const r = await post(`${base}/ai-systems/import`, bad);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('IMPORT_INVALID');
    const errs = r.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]);
    expect(errs).toEqual([
      [3, 'name'],
      [4, 'sector'],
      [5, 'aiRoles'],
    ]);
    expect(await count('ai_systems')).toBe(0);
    expect(
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst(),
    ).toEqual(before);

    const fixed = bad
      .replace(',No name given', 'Chat,No name given')
      .replace('banking', 'finance')
      .replace(';wizard', '');
    const dry = await post(`${base}/ai-systems/import?dryRun=true`, fixed);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 4, created: 4, updated: 0 });
    expect(await count('ai_systems')).toBe(0);
    const ok = await post(`${base}/ai-systems/import`, fixed);
    expect(ok.json()).toMatchObject({ dryRun: false, rows: 4, created: 4, updated: 0 });
    expect(await count('ai_systems')).toBe(4);
    const sys = (await org.owner.get(`${base}/ai-systems?q=scorer`)).json().items[0];
    expect(sys).toMatchObject({
      sector: 'finance',
      aiRoles: ['provider', 'customer'],
      lifecycleStage: 'inception',
    });
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('recognizes a register file imported before and changes nothing, unless asked again', async () => {
    const file = 'name,purpose,sector,aiRoles\nRecommender,Suggests items,retail,provider\n';
    expect((await post(`${base}/ai-systems/import`, file)).json()).toMatchObject({ created: 1 });
    const before = await count('ai_systems');
    const dry = await post(`${base}/ai-systems/import?dryRun=true`, file);
    expect(dry.json().alreadyImported).toMatchObject({ memberEmail: org.owner.email, created: 1 });
    const again = await post(`${base}/ai-systems/import`, file);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_IMPORTED' });
    expect(again.json().detail).toContain(org.owner.email);
    expect(await count('ai_systems')).toBe(before);
    const forced = await post(`${base}/ai-systems/import?again=true`, file);
    expect(forced.json()).toMatchObject({ created: 1 });
    expect(await count('ai_systems')).toBe(before + 1);
  });

  it('refuses a file that sets the EU AI Act tier, which only a confirmed classification sets', async () => {
    const r = await post(
      `${base}/ai-systems/import`,
      'name,purpose,euAiActTier\nGrader,Grades essays,high_risk\nTutor,Answers questions,\n',
    );
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'euAiActTier',
        message: expect.stringContaining('read-only'),
      }),
    ]);
    expect((await org.owner.get(`${base}/ai-systems?q=tutor`)).json().items).toEqual([]);
  });

  it('re-imports an AI systems export as it is, and refuses a changed stage in it', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, {
        name: 'Round trip',
        purpose: 'Exported and read back.',
      })
    ).json();
    expect(
      (
        await org.owner.post(`${base}/ai-systems/${sys.id}/transitions`, {
          toStage: 'design_and_development',
          reason: 'Build starts',
        })
      ).statusCode,
    ).toBe(200);
    const exported = (await org.owner.get(`${base}/ai-systems/export?format=csv`)).body;
    expect(exported.split('\n')[0]).toContain('lifecycleStage');
    // The stage in words, as the screens show it; the import takes the words back.
    expect(exported).toContain('Design and development');
    expect(exported).not.toContain('design_and_development');
    const again = await post(
      `${base}/ai-systems/import`,
      exported.replace('Exported and read back.', 'Exported and read back twice.'),
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: expect.any(Number) });
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json()).toMatchObject({
      purpose: 'Exported and read back twice.',
      lifecycleStage: 'design_and_development',
    });
    const before = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    const moved = await post(
      `${base}/ai-systems/import`,
      exported.replace('Design and development', 'Deployment'),
    );
    expect(moved.statusCode).toBe(422);
    expect(moved.json().errors).toEqual([
      expect.objectContaining({
        column: 'lifecycleStage',
        message: expect.stringContaining('read-only'),
      }),
    ]);
    expect(
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst(),
    ).toEqual(before);
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().lifecycleStage).toBe(
      'design_and_development',
    );
  });

  it('imports components from XLSX, naming their system by name, and updates rows that carry an id', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('models');
    ws.addRow(['AI system', 'name', 'modelVersion', 'source', 'releaseDate']);
    ws.addRow(['Triage', 'triage-net', '1.0', 'built', new Date('2026-02-01T00:00:00Z')]);
    ws.addRow(['Nonexistent', 'x', '1', 'built', null]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const bad = await post(`${base}/ai-models/import`, file, XLSX);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'AI system',
        message: 'No AI system "Nonexistent".',
      }),
    ]);
    ws.spliceRows(3, 1);
    const ok = await post(
      `${base}/ai-models/import`,
      Buffer.from(await wb.xlsx.writeBuffer()),
      XLSX,
    );
    expect(ok.json()).toMatchObject({ created: 1 });
    const model = (await org.owner.get(`${base}/ai-models`)).json().items[0];
    expect(model).toMatchObject({ name: 'triage-net', releaseDate: '2026-02-01' });
    // Re-import an export with a change: the id column updates in place.
    const csv = (await org.owner.get(`${base}/ai-models/export`)).body.replace(
      'triage-net',
      'triage-net-v2',
    );
    expect((await post(`${base}/ai-models/import`, csv)).json()).toMatchObject({
      created: 0,
      updated: 1,
    });
    expect((await org.owner.get(`${base}/ai-models/${model.id}`)).json()).toMatchObject({
      name: 'triage-net-v2',
      version: 2,
    });
  });

  it('refuses unknown columns, the wrong media type, and viewers', async () => {
    const r = await post(`${base}/datasets/import`, 'name,colour\nx,red\n');
    expect(r.json().errors[0]).toMatchObject({ row: 1, column: 'colour' });
    expect((await post(`${base}/datasets/import`, '{}', 'application/json')).statusCode).toBe(415);
    const v = await org.member('viewer');
    expect(
      (
        await v.request('POST', `${base}/datasets/import`, 'name\nx\n', {
          'content-type': 'text/csv',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('imports a `;`-separated CSV with a BOM as European Excel saves it', async () => {
    // Excel in a locale whose decimal mark is a comma: `;` between cells, CRLF, a BOM, quotes
    // only around cells holding `;`, a line break or a quote, and a blank row left at the end.
    const excel =
      '\uFEFFname;purpose;sector;aiRoles;businessUnit\r\n' +
      'Loan desk;"Scores loans; flags the 3,5 % with the most doubt";finance;"provider;customer";Retail, EMEA\r\n' +
      'Rota;"Plans shifts.\r\nReviewed ""weekly"".";public_sector;customer;\r\n' +
      ';;;;\r\n';
    const dry = await post(`${base}/ai-systems/import?dryRun=true`, excel);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 2, created: 2, updated: 0 });
    const ok = await post(`${base}/ai-systems/import`, excel);
    expect(ok.json()).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0 });
    const byName = async (q: string) =>
      (await org.owner.get(`${base}/ai-systems?q=${q}`)).json().items;
    expect(await byName('loan%20desk')).toEqual([
      expect.objectContaining({
        name: 'Loan desk',
        purpose: 'Scores loans; flags the 3,5 % with the most doubt',
        sector: 'finance',
        aiRoles: ['provider', 'customer'],
        businessUnit: 'Retail, EMEA',
      }),
    ]);
    expect(await byName('rota')).toEqual([
      expect.objectContaining({
        name: 'Rota',
        purpose: 'Plans shifts.\nReviewed "weekly".',
        aiRoles: ['customer'],
        businessUnit: null,
      }),
    ]);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('reads back values its export guarded against spreadsheet formulas', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, {
        name: '=Formula-like name',
        purpose: '-- drafted by @ops',
      })
    ).json();
    const exported = (await org.owner.get(`${base}/ai-systems/export?format=csv`)).body;
    expect(exported).toContain(`"'=Formula-like name","'-- drafted by @ops"`);
    const again = await post(`${base}/ai-systems/import`, exported);
    expect(again.statusCode).toBe(200);
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json()).toMatchObject({
      name: '=Formula-like name',
      purpose: '-- drafted by @ops',
    });
  });

  it('refuses a CSV that ends inside a quoted cell, and imports nothing', async () => {
    const r = await post(`${base}/datasets/import`, 'name;source\r\nLoans;"Core banking\r\n');
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'IMPORT_INVALID',
      detail: 'The CSV ends inside a quoted cell that opens in row 2: a closing quote is missing.',
    });
    expect(await count('datasets')).toBe(0);
  });
});

describe('aims import and export (SQLite)', () => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await openTestApp('sqlite');
    org = await createOrgFixture(t);
  });
  afterAll(() => t.close());

  it('checks a file with --dry-run, lists every bad row, imports the fixed file with progress, and exports it', async () => {
    const dir = t.database.dir;
    const file = path.join(dir, 'systems.csv');
    const rows = ['name,purpose,sector'];
    for (let i = 0; i < 450; i++)
      rows.push(`System ${i},Purpose ${i},${i === 7 || i === 300 ? 'space' : 'energy'}`);
    fs.writeFileSync(file, rows.join('\n'));
    const out: string[] = [];
    const err: string[] = [];
    const progress: string[] = [];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => err.push(s),
      progress: (l: string) => progress.push(l),
    };
    const env = { AIMS_DATA_DIR: dir };
    expect(
      await runCli(
        ['import', '--org', org.slug, '--register', 'ai-systems', '--file', file, '--dry-run'],
        io,
        env,
      ),
    ).toBe(1);
    expect(err.join('\n')).toContain('row 9, column sector');
    expect(err.join('\n')).toContain('row 302, column sector');
    fs.writeFileSync(file, rows.join('\n').replace(/space/g, 'energy'));
    expect(
      await runCli(
        ['import', '--org', org.slug, '--register', 'ai-systems', '--file', file, '--dry-run'],
        io,
        env,
      ),
    ).toBe(0);
    expect(out.pop()).toContain('450 rows would be imported');
    progress.length = 0;
    expect(
      await runCli(
        ['import', '--org', org.slug, '--register', 'ai-systems', '--file', file],
        io,
        env,
      ),
    ).toBe(0);
    expect(out.pop()).toContain('imported 450 rows');
    expect(progress.at(-1)).toContain('450/450 (100%)');
    expect(progress.some((l) => l.startsWith('checking'))).toBe(true);
    const outFile = path.join(dir, 'export.xlsx');
    expect(
      await runCli(
        [
          'export',
          '--org',
          org.slug,
          '--register',
          'ai_systems',
          '--format',
          'xlsx',
          '--out',
          outFile,
        ],
        io,
        env,
      ),
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(outFile);
    expect(wb.worksheets[0]!.name).toBe('About this export');
    expect(wb.worksheets[1]!.rowCount).toBe(451);
    expect(await runCli(['ledger', 'verify', '--org', org.slug], io, env)).toBe(0);
  });
});
