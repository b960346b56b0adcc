// Every export and report of the example AIMS, read back as a person reads it: CSV and XLSX
// (exceljs) cells in words (labels, not enum keys), members as "Name <email>" (no member ids),
// the organization's name in the XLSX "About" sheet, and PDF title pages with the name (not the
// slug) and a sign-off block prepared by the member who asked.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/interop/csv.js';
import * as LABELS from '../src/labels.js';
import { REGISTERS } from '../src/modules/registers/index.js';
import { PASSWORD, signIn, type ApiClient } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

const ORG = 'Lovelace Analytical Engines Ltd';
const ADA = 'Ada Lovelace <first@example.com>';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Columns a machine reads ids from, which say so in their key. */
const ID_COLUMN = /^id$|Ids?$|\(ids\)$/;
/** Every enum key the labels name, as a cell would hold it raw: lower case, maybe with `_`. */
const KEYS = new Set(
  Object.values(LABELS)
    .filter((v): v is Record<string, string> => typeof v === 'object' && !Array.isArray(v))
    .flatMap((m) => Object.keys(m))
    .filter((k) => /^[a-z][a-z0-9_]*$/.test(k)),
);
const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)+$/;

/** The cells of a table that hold an enum key or a UUID where words belong. */
function raw(rows: string[][]): string[] {
  const [header, ...body] = rows;
  const found: string[] = [];
  for (const row of body)
    row.forEach((cell, j) => {
      const column = header![j]!;
      if (ID_COLUMN.test(column)) return;
      if (UUID.test(cell)) found.push(`${column}: ${cell}`);
      for (const part of cell.split(';').map((p) => p.trim()))
        if (KEYS.has(part) || SNAKE.test(part)) found.push(`${column}: ${part}`);
    });
  return found;
}

describe.each(DIALECTS)('readable exports and reports on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let base: string;
  let slug: string;
  let exports: string[];

  const get = async (url: string) => {
    const r = await owner.get(url);
    expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200);
    return r;
  };
  const titlePage = async (url: string) => {
    const pdf = await get(url);
    checkPdfStructure(pdf.rawPayload);
    return (await readPdf(pdf.rawPayload))[0]!.text;
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { orgName: ORG, email: 'first@example.com', password: PASSWORD, withExample: true },
    });
    expect(r.statusCode, r.body).toBe(201);
    await t.database.db
      .updateTable('users')
      .set({ name: 'Ada Lovelace' })
      .where('email', '=', 'first@example.com')
      .execute();
    owner = await signIn(t.app, 'first@example.com');
    slug = r.json().org.slug;
    base = `/api/v1/orgs/${slug}`;
    const [metric] = (await owner.get(`${base}/metrics`)).json().items;
    exports = [
      `${base}/risks/export`,
      `${base}/incidents/export`,
      `${base}/impact-assessments/export`,
      `${base}/audits/export`,
      `${base}/management-reviews/export`,
      `${base}/ai-systems/${metric.aiSystemId}/accuracy-log/export`,
      `${base}/soa/export`,
      `${base}/nonconformities/export`,
      ...REGISTERS.map((x) => `${base}/${x.path}/export`),
    ];
  }, 120_000);
  afterAll(() => t.close());

  it('writes every CSV export in words: labels, member names, record names, no raw ids', async () => {
    const problems: string[] = [];
    let named = 0;
    for (const url of exports) {
      const rows = parseCsv((await get(`${url}?format=csv`)).body);
      expect(rows.length, url).toBeGreaterThan(0);
      problems.push(...raw(rows).map((p) => `${url.slice(base.length)} ${p}`));
      if (rows.some((row) => row.some((c) => c.includes(ADA)))) named++;
    }
    expect(problems).toEqual([]);
    // The owner owns records in several of them, each time named as a person.
    expect(named).toBeGreaterThan(3);
  });

  it('opens every XLSX export with the organization by name, then the table in words', async () => {
    for (const url of exports) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await get(`${url}?format=xlsx`)).rawPayload as unknown as ArrayBuffer);
      const [about, table] = wb.worksheets;
      expect(about!.name, url).toBe('About this export');
      const lines = new Map<string, string>();
      about!.eachRow((r) => lines.set(String(r.getCell(1).value), String(r.getCell(2).value)));
      expect(lines.get('Organization'), url).toBe(ORG);
      expect(lines.get('Generated at'), url).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      expect(lines.get('Prepared by'), url).toBe(`${ADA} (Owner)`);
      expect([...lines.values()].join(' '), url).not.toContain(slug);
      const rows: string[][] = [];
      table!.eachRow((r) =>
        rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
      );
      expect(raw(rows), url).toEqual([]);
    }
  });

  it('opens every PDF with a title page naming the organization (not its slug) and a sign-off block', async () => {
    const [audit] = (await owner.get(`${base}/audits`)).json().items;
    const [review] = (await owner.get(`${base}/management-reviews`)).json().items;
    const pdfs = [
      ...exports.filter((u) => !REGISTERS.some((x) => u.endsWith(`/${x.path}/export`))),
      `${base}/audits/${audit.id}/report.pdf`,
      `${base}/management-reviews/${review.id}/minutes`,
    ];
    for (const url of pdfs) {
      const text = await titlePage(url.includes('/export') ? `${url}?format=pdf` : url);
      expect(text, url).toContain(ORG);
      expect(text, url).not.toContain(slug);
      for (const part of ['Prepared by', 'Reviewed by', 'Approved by', 'Signature', ADA, 'Owner'])
        expect(text, url).toContain(part);
    }
  });
});
