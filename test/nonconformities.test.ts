// Nonconformities and the improvement log through the HTTP API: the whole corrective action cycle
// by several members (the independent check answers 422 NOT_INDEPENDENT to the action's people),
// abilities as each caller sees them, filters and paging, If-Match, the exports, and readiness of
// 10.1 and 10.2 rising from missing to met as the records arrive.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

type Member = ApiClient & { memberId: string };

describe.each(DIALECTS)('nonconformities over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: Member;
  let contributor: Member;
  let viewer: Member;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Triage Health');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    viewer = await org.member('viewer');
  });
  afterAll(() => t?.close());

  const status = async (id: string) => {
    const r = await org.owner.get(`${base}/readiness`);
    return (r.json().requirements as { id: string; status: string }[]).find((x) => x.id === id)!
      .status;
  };

  it('runs the cycle: raise, correct, analyse, act, check independently, close, reopen', async () => {
    expect(await status('10.2')).toBe('missing');
    const raised = await contributor.post(`${base}/nonconformities`, {
      title: 'Release 2.3 skipped the bias test',
      requirementId: 'A.6.2.4',
      severity: 'major',
      detectedOn: '2026-02-20',
    });
    expect(raised.statusCode).toBe(201);
    expect(raised.headers.etag).toBe('"1"');
    const nc = raised.json();
    expect(nc).toMatchObject({
      reference: 'NC-0001',
      status: 'open',
      requirementTitle: expect.stringMatching(/\w/),
      ownerMemberId: contributor.memberId,
      steps: [{ step: 'raised', memberId: contributor.memberId }],
      abilities: { edit: true, correct: true, addAction: false, verify: false },
    });
    expect(await status('10.2')).toBe('partial');
    const one = `${base}/nonconformities/${nc.id}`;

    const stale = await contributor.request(
      'PUT',
      `${one}/correction`,
      { correction: 'Rolled back.' },
      { 'if-match': '"7"' },
    );
    expect(stale.statusCode).toBe(412);
    const corrected = await contributor.request(
      'PUT',
      `${one}/correction`,
      { correction: 'Rolled back to 2.2 the same day.' },
      { 'if-match': '"1"' },
    );
    expect(corrected.json()).toMatchObject({ status: 'correction_done', version: 2 });

    const early = await contributor.post(`${one}/actions`, {
      title: 'Require the test',
      ownerMemberId: contributor.memberId,
      dueDate: '2026-06-30',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('INVALID_STATE');

    const cause = await contributor.request('PUT', `${one}/root-cause`, {
      rootCause: {
        method: 'five_whys',
        whys: ['The test did not run.', 'It was optional.'],
        cause: 'Pipeline switches are not reviewed.',
      },
    });
    expect(cause.json().rootCause).toMatchObject({ method: 'five_whys', whys: expect.any(Array) });
    expect(cause.json().abilities.addAction).toBe(true);

    const action = await contributor.post(`${one}/actions`, {
      title: 'Require the test in the pipeline',
      ownerMemberId: contributor.memberId,
      dueDate: '2026-06-30',
    });
    expect(action.statusCode).toBe(201);
    const a = action.json();
    expect(a).toMatchObject({ status: 'planned', abilities: { update: true } });
    const done = await contributor.patch(
      `${one}/actions/${a.id}`,
      { status: 'done', outcome: 'Required since release 2.4.' },
      { 'if-match': '"1"' },
    );
    expect(done.json()).toMatchObject({
      status: 'done',
      completedByMemberId: contributor.memberId,
    });

    // The owner of the action may not check it; the manager, independent of it, may.
    const own = await org.owner.get(one);
    expect(own.json()).toMatchObject({ status: 'actions_done', abilities: { verify: true } });
    const ownerMember = (await org.owner.get(`${base}/members`)).json().items[0].id as string;
    await org.owner.patch(`${one}/actions/${a.id}`, { ownerMemberId: ownerMember });
    const asOwner = await org.owner.get(one);
    expect(asOwner.json().abilities.verify).toBe(false);
    const refused = await org.owner.post(`${one}/effectiveness-check`, {
      effective: true,
      note: 'Fine.',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('NOT_INDEPENDENT');

    const checked = await manager.post(
      `${one}/effectiveness-check`,
      { effective: true, note: 'Three releases since, each with a report.' },
      { 'if-match': `"${asOwner.json().version}"` },
    );
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({
      status: 'effectiveness_verified',
      verifiedByMemberId: manager.memberId,
      abilities: { close: true, edit: false },
    });
    const closed = await manager.post(`${one}/closure`, { note: 'Procedure v4.' });
    expect(closed.json()).toMatchObject({ status: 'closed', abilities: { reopen: true } });
    expect(await status('10.2')).toBe('met');

    const viewed = await viewer.get(one);
    expect(Object.values(viewed.json().abilities).some(Boolean)).toBe(false);
    expect((await viewer.post(`${one}/reopening`, { reason: 'x' })).statusCode).toBe(403);

    const reopened = await manager.post(`${one}/reopening`, { reason: 'It happened again.' });
    expect(reopened.json()).toMatchObject({ status: 'reopened', cycle: 2, closedAt: null });
    expect(reopened.json().steps.map((s: { step: string }) => s.step)).toEqual([
      'raised',
      'correction',
      'root_cause',
      'verified',
      'closed',
      'reopened',
    ]);
    expect(await status('10.2')).toBe('partial');
  });

  it('filters and pages the list, and finds what was raised from a concern', async () => {
    const concern = (
      await contributor.post(`${base}/concerns`, { summary: 'Chatbot rude' })
    ).json();
    for (const [i, severity] of (['minor', 'minor', 'major'] as const).entries())
      expect(
        (
          await org.owner.post(`${base}/nonconformities`, {
            title: `Filter case ${i}`,
            requirementId: '8.1',
            severity,
            ...(i === 0 ? { sourceType: 'concern', sourceId: concern.id } : {}),
          })
        ).statusCode,
      ).toBe(201);
    const minor = (await org.owner.get(`${base}/nonconformities?severity=minor&limit=1`)).json();
    expect(minor.items.map((x: { title: string }) => x.title)).toEqual(['Filter case 1']);
    const next = (
      await org.owner.get(
        `${base}/nonconformities?severity=minor&limit=1&cursor=${minor.nextCursor}`,
      )
    ).json();
    expect(next.items.map((x: { title: string }) => x.title)).toEqual(['Filter case 0']);
    expect(next.nextCursor).toBeNull();
    const fromConcern = (
      await org.owner.get(`${base}/nonconformities?sourceType=concern&sourceId=${concern.id}`)
    ).json();
    expect(fromConcern.items).toHaveLength(1);
    expect((await org.owner.get(`${base}/nonconformities?requirementId=4.9`)).statusCode).toBe(400);
  });

  it('exports nonconformities with their actions as CSV, XLSX and PDF', async () => {
    const csv = await org.owner.get(`${base}/nonconformities/export?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toContain('reference,title,requirement');
    const first = lines.find((l) => l.startsWith('NC-0001,'))!;
    expect(first).toContain('Release 2.3 skipped the bias test');
    expect(first).toContain('Require the test in the pipeline');
    expect(first).toContain('Reopened');
    expect(first).toContain('Pipeline switches are not reviewed. [5 whys]');
    const minor = await org.owner.get(`${base}/nonconformities/export?format=csv&severity=minor`);
    expect(minor.body.split('\r\n').filter((l) => l.startsWith('NC-'))).toHaveLength(2);
    const xlsx = await org.owner.get(`${base}/nonconformities/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const column = wb.worksheets[1]!.getColumn(1).values.filter(Boolean);
    expect(column).toContain('NC-0001');
    const pdf = await org.owner.get(`${base}/nonconformities/export?format=pdf`);
    expect(pdf.headers['content-disposition']).toContain(`${org.slug}-nonconformities.pdf`);
    checkPdfStructure(pdf.rawPayload);
    const text = (await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n');
    expect(text).toContain('Nonconformities and corrective actions');
    expect(text).toContain('NC-0001');
  });

  it('keeps an improvement log that readiness of 10.1 follows', async () => {
    expect(await status('10.1')).toBe('missing');
    const logged = await contributor.post(`${base}/improvements`, {
      title: 'Review pipeline switches monthly',
      sourceType: 'nonconformity',
      sourceId: (await org.owner.get(`${base}/nonconformities?limit=1`)).json().items[0].id,
    });
    expect(logged.statusCode).toBe(201);
    const i = logged.json();
    expect(i.abilities).toEqual({ edit: true, decide: false });
    expect(await status('10.1')).toBe('partial');
    const decided = await manager.post(`${base}/improvements/${i.id}/decision`, {
      decision: 'adopted',
    });
    expect(decided.json()).toMatchObject({
      decision: 'adopted',
      decidedByMemberId: manager.memberId,
    });
    const done = await contributor.patch(`${base}/improvements/${i.id}`, { status: 'done' });
    expect(done.json().status).toBe('done');
    expect(await status('10.1')).toBe('met');
    const list = (await viewer.get(`${base}/improvements?decision=adopted`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([i.id]);
  });

  it('names the nonconformities whose corrective actions are overdue in the readiness of 10.2', async () => {
    const [nc] = (await org.owner.get(`${base}/nonconformities?status=reopened`)).json().items;
    const late = await org.owner.post(`${base}/nonconformities/${nc.id}/actions`, {
      title: 'Audit every pipeline switch',
      ownerMemberId: contributor.memberId,
      dueDate: '2020-01-31',
    });
    expect(late.json()).toMatchObject({ overdue: true });
    const r = (await org.owner.get(`${base}/readiness`)).json();
    const reasons = (
      r.requirements as { id: string; reasons: { detail: string; refs: unknown[] }[] }[]
    ).find((x) => x.id === '10.2')!.reasons;
    expect(reasons[1]).toMatchObject({
      detail: 'One nonconformity has a corrective action past its due date.',
      refs: [{ type: 'nonconformities', id: nc.id }],
    });
    expect((await org.owner.get(`${base}/nonconformities/${nc.id}`)).json()).toMatchObject({
      status: 'action_planned',
      overdueActions: 1,
    });
  });
});
