import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../src/interop/pdf.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe('the PDF writer', () => {
  it('writes a valid file that wraps cells, repeats headers across pages and keeps text as written', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [
      `Risk (${i}) with a long title that must wrap over several lines in its column`,
      'café – “quoted” \\ ✓',
    ]);
    const buf = await renderPdf({
      title: 'Report',
      subtitle: 'Sub',
      head: { organization: 'Org', generatedAt: new Date('2026-11-29T00:00:00Z') },
      tables: [
        {
          title: 'Report',
          columns: [
            { header: 'Title', width: 3 },
            { header: 'Note', width: 1 },
          ],
          rows,
        },
      ],
    });
    checkPdfStructure(buf);
    const pages = (await readPdf(buf)).slice(1);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((p, i) => {
      expect(p.items.filter((it) => it.str === 'Title')).toHaveLength(1);
      expect(p.text).toContain(`Org - Report - generated 2026-11-29 00:00 UTC - page ${i + 2}`);
    });
    const text = pages.map((p) => p.text).join('\n');
    expect(text).toContain('Risk (7) with');
    expect(text.match(/café – “quoted” \\ ✓/g)).toHaveLength(120);
  });
});

describe.each(DIALECTS)('risk and impact exports on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Scorer', purpose: 'Scores loans.' })
    ).json();
    await org.owner.post(`${base}/risks`, {
      title: 'Unfair refusals',
      aiSystemIds: [sys.id],
      inherentLikelihood: 4,
      inherentImpact: 4,
      residualLikelihood: 2,
      residualImpact: 3,
      controlIds: ['A.7.4'],
    });
    const a = (
      await org.owner.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Scorer IA' })
    ).json();
    await org.owner.post(`${base}/impact-assessments/${a.id}/impacts`, {
      affected: 'individuals',
      dimension: 'fairness',
      description: 'Applicants refused unfairly',
      severity: 4,
      likelihood: 2,
    });
  });
  afterAll(() => t.close());

  it('exports the risk register as CSV, XLSX and PDF', async () => {
    const csv = await org.owner.get(`${base}/risks/export?format=csv`);
    expect(csv.body.split('\r\n')[1]).toContain('Unfair refusals,Scorer');
    expect(csv.body).toContain('4×4 High');
    const xlsx = await org.owner.get(`${base}/risks/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[1]!.getRow(2).getCell(1).value).toBe('R-0001');
    expect(wb.worksheets[1]!.getRow(2).getCell(2).value).toBe('Unfair refusals');
    const pdf = await org.owner.get(`${base}/risks/export?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('risk-register.pdf');
    checkPdfStructure(pdf.rawPayload);
    expect((await readPdf(pdf.rawPayload))[1]!.text).toContain('Unfair refusals');
  });

  it('exports impact assessments with one row per impact', async () => {
    const csv = (await org.owner.get(`${base}/impact-assessments/export`)).body;
    expect(csv).toContain(
      'Scorer,Scorer IA,Draft,Individuals,Fairness,Applicants refused unfairly,4 Major,2 Unlikely',
    );
    const pdf = await org.owner.get(`${base}/impact-assessments/export?format=pdf`);
    checkPdfStructure(pdf.rawPayload);
    expect((await readPdf(pdf.rawPayload))[1]!.text).toContain('Applicants refused unfairly');
  });
});
