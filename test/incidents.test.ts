// AI incidents through the HTTP API: roles and If-Match on the steps, the organization's open
// reporting clocks (overdue first), list filters, reports and the timeline, evidence linked to an
// incident, and the exports.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

const HOUR = 3_600_000;
/** An instant some hours before the real now (the sessions run on the real clock). */
const ago = (hours: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - hours * HOUR);
const plusHours = (d: Date, h: number) => new Date(d.getTime() + h * HOUR).toISOString();

describe.each(DIALECTS)('incidents over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: Awaited<ReturnType<OrgFixture['member']>>;
  let contributor: Awaited<ReturnType<OrgFixture['member']>>;
  let systemId: string;
  let incidentId: string;
  const aware = ago(26);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    systemId = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks cases.' })
    ).json().id;
  });
  afterAll(() => t?.close());

  it('keeps the NIS2 and DORA settings as a versioned record, managers and owners only', async () => {
    const first = await contributor.get(`${base}/incident-settings`);
    expect(first.json()).toMatchObject({ nis2Applies: false, doraApplies: false, version: 0 });
    const denied = await contributor.request('PUT', `${base}/incident-settings`, {
      nis2Applies: true,
      doraApplies: true,
    });
    expect(denied.statusCode).toBe(403);
    const put = await manager.request(
      'PUT',
      `${base}/incident-settings`,
      { nis2Applies: true, doraApplies: true, note: 'Essential entity.' },
      { 'if-match': '"0"' },
    );
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ nis2Applies: true, doraApplies: true, version: 1 });
    const stale = await manager.request(
      'PUT',
      `${base}/incident-settings`,
      { nis2Applies: false, doraApplies: false },
      { 'if-match': '"0"' },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('lets a contributor record an incident and only a manager mark it serious, at the version read', async () => {
    const created = await contributor.post(`${base}/incidents`, {
      title: 'Chest pain ranked routine',
      severity: 'critical',
      harmTypes: ['health_and_safety'],
      systems: [{ aiSystemId: systemId }],
      detectedAt: ago(30).toISOString(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    incidentId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'open', serious: false, clocks: [] });
    const url = `${base}/incidents/${incidentId}/classify`;
    const body = {
      serious: true,
      seriousCase: 'other',
      reason: 'Serious harm to health.',
      awareAt: aware.toISOString(),
    };
    expect((await contributor.post(url, body, { 'if-match': '"1"' })).statusCode).toBe(403);
    expect((await manager.post(url, body, { 'if-match': '"7"' })).statusCode).toBe(412);
    const marked = await manager.post(url, body, { 'if-match': '"1"' });
    expect(marked.statusCode).toBe(200);
    expect(marked.headers.etag).toBe('"2"');
    const v = marked.json();
    expect(v.regimes).toEqual(['eu_ai_act', 'nis2', 'dora']);
    const byKey = Object.fromEntries(
      (v.clocks as { key: string; dueAt: string | null; state: string }[]).map((c) => [c.key, c]),
    );
    expect(byKey.ai_act_report).toMatchObject({
      dueAt: plusHours(aware, 15 * 24),
      state: 'running',
    });
    expect(byKey.nis2_early_warning).toMatchObject({
      dueAt: plusHours(aware, 24),
      state: 'overdue',
    });
    expect(byKey.nis2_notification).toMatchObject({ dueAt: plusHours(aware, 72) });
    // Classified now, 26 hours after awareness: the 24-hour limit has passed already.
    expect(byKey.dora_initial).toMatchObject({ dueAt: plusHours(aware, 24), state: 'overdue' });
    expect(v.abilities).toMatchObject({ report: true, classify: true, close: false });
  });

  it('lists the open clocks of the organization, the overdue ones first', async () => {
    const res = await contributor.get(`${base}/incident-clocks`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 4, overdue: 2 });
    expect(
      body.items.map((c: { clock: { key: string; state: string } }) => [
        c.clock.key,
        c.clock.state,
      ]),
    ).toEqual([
      ['nis2_early_warning', 'overdue'],
      ['dora_initial', 'overdue'],
      ['nis2_notification', 'running'],
      ['ai_act_report', 'running'],
    ]);
    expect(body.items[0]).toMatchObject({ incidentId, incidentTitle: 'Chest pain ranked routine' });
  });

  it('records reports that stop their clocks, and keeps them on the timeline', async () => {
    const contributorTry = await contributor.post(`${base}/incidents/${incidentId}/reports`, {
      clock: 'nis2_early_warning',
      recipient: 'CSIRT',
      sentAt: ago(1).toISOString(),
      channel: 'portal',
      summary: 'Early warning.',
    });
    expect(contributorTry.statusCode).toBe(403);
    const sent = await manager.post(`${base}/incidents/${incidentId}/reports`, {
      clock: 'nis2_early_warning',
      recipient: 'CSIRT',
      sentAt: ago(1).toISOString(),
      channel: 'portal',
      summary: 'Early warning.',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ audience: 'authority', fulfils: 'nis2_early_warning' });
    const clocks = (await contributor.get(`${base}/incident-clocks`)).json();
    expect(clocks).toMatchObject({ total: 3, overdue: 1 });
    const one = (await contributor.get(`${base}/incidents/${incidentId}`)).json();
    expect(one.clocks.find((c: { key: string }) => c.key === 'nis2_early_warning')).toMatchObject({
      state: 'late',
      fulfilledBy: sent.json().id,
    });
    const timeline = (await contributor.get(`${base}/incidents/${incidentId}/timeline`)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'classification',
      'communication',
    ]);
    const comms = (await contributor.get(`${base}/incidents/${incidentId}/communications`)).json();
    expect(comms.items).toHaveLength(1);
  });

  it('filters the list by seriousness, status and AI system', async () => {
    const other = await contributor.post(`${base}/incidents`, {
      title: 'Typo in an explanation',
      severity: 'low',
    });
    expect(other.statusCode).toBe(201);
    const titles = async (q: string) =>
      (await contributor.get(`${base}/incidents?${q}`))
        .json()
        .items.map((i: { title: string }) => i.title);
    expect(await titles('serious=true')).toEqual(['Chest pain ranked routine']);
    expect(await titles('serious=false')).toEqual(['Typo in an explanation']);
    expect(await titles(`aiSystemId=${systemId}`)).toEqual(['Chest pain ranked routine']);
    expect(await titles('status=open')).toEqual([
      'Typo in an explanation',
      'Chest pain ranked routine',
    ]);
    expect(await titles('severity=low')).toEqual(['Typo in an explanation']);
  });

  it('takes evidence linked to an incident', async () => {
    const e = await contributor.post(`${base}/evidence`, {
      kind: 'link',
      title: 'Post-incident review',
      url: 'https://example.org/review',
    });
    expect(e.statusCode).toBe(201);
    const link = await contributor.post(`${base}/evidence/${e.json().id}/links`, {
      targetType: 'incident',
      targetId: incidentId,
    });
    expect(link.statusCode).toBe(201);
    const unknown = await contributor.post(`${base}/evidence/${e.json().id}/links`, {
      targetType: 'incident',
      targetId: '0190a5d4-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(422);
    const linked = await contributor.get(
      `${base}/evidence?targetType=incident&targetId=${incidentId}`,
    );
    expect(linked.json().items.map((x: { title: string }) => x.title)).toEqual([
      'Post-incident review',
    ]);
  });

  it('exports the incidents with their clocks as CSV, XLSX and PDF', async () => {
    const csv = await contributor.get(`${base}/incidents/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('incidents.csv');
    const row = csv.body.split('\r\n').find((l) => /^INC-\d{4},Chest pain ranked routine/.test(l))!;
    expect(row).toContain('Critical');
    expect(row).toContain('Yes: Other serious incident (report within 15 days)');
    expect(row).toContain('Triage');
    expect(row).toContain('DORA initial notification: OVERDUE since');
    expect(row).toContain('NIS2 early warning: sent late');
    expect(row).toContain('Portal to CSIRT (NIS2 early warning)');
    const xlsx = await contributor.get(`${base}/incidents/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const titles = wb.worksheets[1]!.getColumn(2).values.slice(2);
    expect(titles).toEqual(['Chest pain ranked routine', 'Typo in an explanation']);
    const pdf = await contributor.get(`${base}/incidents/export?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    checkPdfStructure(pdf.rawPayload);
    const text = (await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n');
    expect(text).toContain('AI incidents');
    expect(text).toContain('Chest pain ranked');
    expect(text).toContain('OVERDUE');
  });
});
