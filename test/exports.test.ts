import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../src/interop/pdf.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

/** Checks a PDF's structure: every xref offset points at its object, startxref at the table. */
function checkPdf(buf: Buffer) {
  const s = buf.toString('latin1');
  expect(s.startsWith('%PDF-1.4')).toBe(true);
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)![1]);
  expect(s.slice(start, start + 4)).toBe('xref');
  const [, count] = /xref\n0 (\d+)\n/.exec(s.slice(start))!;
  const entries = s
    .slice(start)
    .split('\n')
    .slice(3, 2 + Number(count));
  entries.forEach((e, i) => {
    const off = Number(e.slice(0, 10));
    expect(s.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  for (const m of s.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const from = m.index! + m[0].length;
    expect(s.slice(from + Number(m[1]), from + Number(m[1]) + 10)).toBe('\nendstream');
  }
  return s;
}

describe('the PDF writer', () => {
  it('writes a valid file that wraps cells, repeats headers across pages and escapes text', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [
      `Risk (${i}) with a long title that must wrap over several lines in its column`,
      'café – “quoted” \\ ✓',
    ]);
    const s = checkPdf(
      renderPdf(
        {
          title: 'Report',
          subtitle: 'Sub',
          columns: [
            { header: 'Title', width: 3 },
            { header: 'Note', width: 1 },
          ],
          rows,
        },
        '2026-11-29',
      ),
    );
    const pages = Number(/\/Count (\d+)/.exec(s)![1]);
    expect(pages).toBeGreaterThan(2);
    expect(s.match(/\(Title\) Tj/g)!.length).toBe(pages);
    expect(s).toContain('Risk \\(7\\) with');
    expect(s).toContain('caf\\351 \\226 \\223quoted\\224 \\\\ ?');
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
    expect(csv.body).toContain('4×4 high');
    const xlsx = await org.owner.get(`${base}/risks/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(1).value).toBe('Unfair refusals');
    const pdf = await org.owner.get(`${base}/risks/export?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('risk-register.pdf');
    expect(checkPdf(pdf.rawPayload)).toContain('(Unfair refusals) Tj');
  });

  it('exports impact assessments with one row per impact', async () => {
    const csv = (await org.owner.get(`${base}/impact-assessments/export`)).body;
    expect(csv).toContain(
      'Scorer,Scorer IA,draft,individuals,fairness,Applicants refused unfairly,4,2',
    );
    const pdf = await org.owner.get(`${base}/impact-assessments/export?format=pdf`);
    expect(checkPdf(pdf.rawPayload)).toContain('(Applicants refused unfairly) Tj');
  });
});
