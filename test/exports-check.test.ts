// The exports of monitoring, internal audit and management review over HTTP, on both stores: the
// accuracy log, the audit register and the review actions as CSV, XLSX and PDF, with names (not
// ids) and the records' own words.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/interop/csv.js';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

describe.each(DIALECTS)('exports of monitoring, audits and reviews on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: ApiClient & { memberId: string };
  let worker: ApiClient & { memberId: string };
  let systemId: string;
  const today = new Date().toISOString().slice(0, 10);
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as Record<string, unknown> & { id: string };
  };
  const pdfText = async (url: string) => {
    const pdf = await org.owner.get(url);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    checkPdfStructure(pdf.rawPayload);
    return (await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n');
  };
  const sheet = async (url: string) => {
    const x = await org.owner.get(url);
    expect(x.statusCode, x.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('B1').value).toBe('Export Org');
    return wb.worksheets[1]!;
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Export Org');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    worker = await org.member('contributor');
    systemId = (
      await ok(org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks.' }))
    ).id;
  });
  afterAll(() => t?.close());

  it('gives the accuracy log as a PDF as well as CSV and XLSX', async () => {
    const metric = await ok(
      manager.post(`${base}/metrics`, {
        aiSystemId: systemId,
        name: 'Urgent recall',
        unit: '%',
        direction: 'higher_is_better',
        breachThreshold: 90,
        accuracy: true,
        declaredLevel: 95,
      }),
    );
    const at = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await ok(
      worker.post(`${base}/metrics/${metric.id}/points`, {
        batchKey: 'b1',
        points: [
          { at: at(3), value: 96.5 },
          { at: at(2), value: 94.25 },
        ],
      }),
    );
    const url = `${base}/ai-systems/${systemId}/accuracy-log/export`;
    const text = await pdfText(`${url}?format=pdf`);
    expect(text).toContain('Accuracy log');
    expect(text).toContain('Triage');
    expect(text).toContain('Urgent recall (%)');
    expect(text).toContain('94.25');
    expect(parseCsv((await org.owner.get(url)).body)).toHaveLength(3);
  });

  it('exports the audit register with the lead auditor by name and findings by grade', async () => {
    const audit = await ok(
      manager.post(`${base}/audits`, {
        title: 'Life cycle audit',
        criteria: 'Clause 8.',
        scope: ['8.1'],
        plannedStart: today,
        plannedEnd: today,
        leadAuditorMemberId: worker.memberId,
        auditorMemberIds: [],
      }),
    );
    await ok(worker.post(`${base}/audits/${audit.id}/start`, {}));
    await ok(
      worker.post(`${base}/audits/${audit.id}/findings`, {
        grade: 'observation',
        requirementId: '8.1',
        title: 'Release notes are terse',
        evidenceIds: [],
      }),
    );
    await ok(
      worker.post(`${base}/audits/${audit.id}/report`, { conclusion: 'Conforms within scope.' }),
    );
    const rows = parseCsv((await org.owner.get(`${base}/audits/export`)).body);
    expect(rows[0]).toEqual([
      'audit',
      'title',
      'status',
      'scope',
      'lead',
      'planned',
      'reported',
      'findings',
      'conclusion',
      'communicated',
    ]);
    expect(rows[1]).toEqual([
      'A-1',
      'Life cycle audit',
      'Reported',
      '8.1',
      expect.stringMatching(/^contributor-.* <contributor-.*@example\.com>$/),
      `${today} to ${today}`,
      today,
      '1 Observation',
      'Conforms within scope.',
      '',
    ]);
    expect(rows[1]![4]).not.toBe(worker.memberId);
    expect((await sheet(`${base}/audits/export?format=xlsx`)).getCell('B2').value).toBe(
      'Life cycle audit',
    );
    const text = await pdfText(`${base}/audits/export?format=pdf`);
    expect(text).toContain('Internal audits');
    expect(text).toContain('Conforms within scope.');
  });

  it('exports the actions decided by management reviews with their owners and due dates', async () => {
    const review = await ok(
      manager.post(`${base}/management-reviews`, {
        title: 'Review H2',
        plannedOn: today,
        chairMemberId: manager.memberId,
      }),
    );
    await ok(manager.post(`${base}/management-reviews/${review.id}/hold`, { heldOn: today }));
    await ok(
      manager.post(`${base}/management-reviews/${review.id}/decisions`, {
        kind: 'resources',
        title: 'Fund drift monitoring',
        actions: [
          { title: 'Buy a monitoring tool', ownerMemberId: worker.memberId, dueDate: '2099-03-31' },
        ],
      }),
    );
    const rows = parseCsv((await org.owner.get(`${base}/management-reviews/export`)).body);
    expect(rows[1]).toEqual([
      'Review H2',
      today,
      'Fund drift monitoring (Resources)',
      'Buy a monitoring tool',
      expect.stringMatching(/^contributor-.* <contributor-.*@example\.com>$/),
      '2099-03-31',
      'Open',
      '',
    ]);
    expect((await sheet(`${base}/management-reviews/export?format=xlsx`)).rowCount).toBe(2);
    const text = await pdfText(`${base}/management-reviews/export?format=pdf`);
    expect(text).toContain('Management review actions');
    expect(text).toContain('Buy a monitoring tool');
  });
});
