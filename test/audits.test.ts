// Internal audit through the HTTP API: a programme approved by another manager, an audit planned
// with an independent team (a responsible member refused with 422 NOT_INDEPENDENT and a pointer),
// started by its team, a checklist item and a minor finding recorded, the nonconformity it raised
// found among the nonconformities, the report issued, communicated and the audit closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

type Member = ApiClient & { memberId: string };
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const today = dayOffset(0);

describe.each(DIALECTS)('internal audits over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: Member;
  let lead: Member;
  let viewer: Member;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Audit Health');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    lead = await org.member('contributor');
    viewer = await org.member('viewer');
  });
  afterAll(() => t?.close());

  let auditId = '';
  const status = async (id: string) => {
    const r = await org.owner.get(`${base}/readiness`);
    return (r.json().requirements as { id: string; status: string }[]).find((x) => x.id === id)!
      .status;
  };

  it('keeps a programme that another manager approves', async () => {
    expect(await status('9.2.2')).toBe('missing');
    const draft = await org.owner.post(`${base}/audit-programme/versions`, {
      periodStart: dayOffset(-30),
      periodEnd: dayOffset(300),
      frequency: 'Once a year.',
      methods: 'Interviews and sampling.',
      responsibilities: 'The AIMS manager plans.',
      importance: 'High-risk systems first.',
      previousResults: 'None yet.',
    });
    expect(draft.statusCode).toBe(201);
    expect(await status('9.2.2')).toBe('partial');
    expect(draft.json().abilities).toEqual({ edit: true, approve: false });
    const self = await org.owner.post(
      `${base}/audit-programme/versions/${draft.json().id}/approve`,
    );
    expect(self.json()).toMatchObject({ status: 422, code: 'SELF_APPROVAL' });
    const ok = await manager.post(`${base}/audit-programme/versions/${draft.json().id}/approve`);
    expect(ok.statusCode).toBe(200);
    const got = (await viewer.get(`${base}/audit-programme`)).json();
    expect(got.current).toMatchObject({ status: 'approved', approverMemberId: manager.memberId });
    expect(got.draft).toBeNull();
  });

  it('refuses an auditor who is responsible for a control in scope, pointing at them', async () => {
    const r = await org.owner.post(`${base}/responsibilities`, {
      memberId: manager.memberId,
      subjectType: 'control',
      subjectId: 'A.6.2.4',
      raci: 'accountable',
    });
    expect(r.statusCode).toBe(201);
    const refused = await manager.post(`${base}/audits`, {
      title: 'Life cycle audit',
      criteria: 'ISO/IEC 42001.',
      scope: ['A.6.2'],
      plannedStart: today,
      plannedEnd: dayOffset(2),
      leadAuditorMemberId: lead.memberId,
      auditorMemberIds: [manager.memberId],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'NOT_INDEPENDENT',
      errors: [
        {
          pointer: '/body/auditorMemberIds/0',
          message: expect.stringContaining('accountable for control A.6.2.4'),
        },
      ],
    });
    expect((await org.owner.get(`${base}/audits`)).json().items).toEqual([]);
  });

  it('plans, starts and records an audit; a minor finding raises a nonconformity', async () => {
    const planned = await manager.post(`${base}/audits`, {
      title: 'Life cycle audit',
      criteria: 'ISO/IEC 42001 and the release procedure.',
      scope: ['A.6.2.4', '9.2'],
      plannedStart: today,
      plannedEnd: dayOffset(2),
      leadAuditorMemberId: lead.memberId,
    });
    expect(planned.statusCode).toBe(201);
    const a = planned.json();
    auditId = a.id;
    expect(a).toMatchObject({ number: 1, status: 'planned', checklist: [], findings: [] });
    expect(a.abilities).toMatchObject({ edit: true, start: false });
    const one = `${base}/audits/${a.id}`;
    expect((await lead.get(one)).json().abilities).toMatchObject({ start: true, edit: false });
    expect((await viewer.get(one)).json().abilities).toEqual({
      edit: false,
      start: false,
      record: false,
      report: false,
      communicate: false,
      close: false,
    });
    const programme = (await viewer.get(`${base}/audit-programme`)).json();
    expect(programme.current.plannedAudits).toEqual([
      expect.objectContaining({ id: a.id, title: 'Life cycle audit' }),
    ]);
    expect(a.programmeId).toBe(programme.current.id);

    const notTeam = await manager.post(`${one}/start`);
    expect(notTeam.json()).toMatchObject({ status: 422, code: 'NOT_AUDITOR' });
    const started = await lead.post(`${one}/start`, {}, { 'if-match': `"${a.version}"` });
    expect(started.statusCode).toBe(200);
    const checklist = started.json().checklist as { id: string; requirementId: string }[];
    expect(checklist.map((c) => c.requirementId)).toEqual(['9.2.1', '9.2.2', 'A.6.2.4']);

    const item = checklist[2]!;
    const stale = await lead.request(
      'PUT',
      `${one}/checklist/${item.id}`,
      { conclusion: 'conforms' },
      { 'if-match': '"9"' },
    );
    expect(stale.statusCode).toBe(412);
    const recorded = await lead.request('PUT', `${one}/checklist/${item.id}`, {
      conclusion: 'nonconformity',
      recordsSampled: 'Release records 4.0 to 4.2',
    });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({
      conclusion: 'nonconformity',
      assessedByMemberId: lead.memberId,
    });

    const finding = await lead.post(`${one}/findings`, {
      grade: 'minor',
      requirementId: 'A.6.2.4',
      title: 'Release 4.2 went out without its bias test',
      records: 'Release record 4.2',
    });
    expect(finding.statusCode).toBe(201);
    const f = finding.json();
    expect(f).toMatchObject({ number: 1, grade: 'minor', nonconformityId: expect.any(String) });
    const ncs = (await viewer.get(`${base}/nonconformities?sourceId=${f.id}`)).json().items;
    expect(ncs).toEqual([
      expect.objectContaining({
        id: f.nonconformityId,
        sourceType: 'audit_finding',
        severity: 'minor',
        requirementId: 'A.6.2.4',
      }),
    ]);
    expect((await viewer.get(one)).json().findings).toEqual([f]);
  });

  it('is reported by its lead, communicated, and closed by a manager', async () => {
    const one = `${base}/audits/${auditId}`;
    const reported = await lead.post(`${one}/report`, {
      conclusion: 'The controls in scope conform but for one minor nonconformity.',
    });
    expect(reported.statusCode).toBe(200);
    expect(reported.json()).toMatchObject({
      status: 'reported',
      reportedByMemberId: lead.memberId,
    });
    const early = await manager.post(`${one}/close`);
    expect(early.json()).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    const day = reported.json().reportedAt.slice(0, 10);
    const told = await lead.post(`${one}/communication`, {
      communicatedTo: 'The management board',
      communicatedOn: day,
    });
    expect(told.json()).toMatchObject({
      communicatedTo: 'The management board',
      communicatedOn: day,
    });
    expect(told.json().abilities.close).toBe(false);
    expect((await manager.get(one)).json().abilities.close).toBe(true);
    const closed = await manager.post(`${one}/close`);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect((await viewer.get(`${base}/audits?status=closed`)).json().items).toHaveLength(1);
  });

  it('hands out the report as a PDF with the checklist, the findings by grade and the conclusion', async () => {
    const pdf = await viewer.get(`${base}/audits/${auditId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    checkPdfStructure(pdf.rawPayload);
    const text = (await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n');
    for (const expected of [
      'Internal audit report: audit 1, Life cycle audit',
      'Version 1 (approved)',
      'ISO/IEC 42001 and the release procedure.',
      'A.6.2.4, 9.2',
      'Checklist A.6.2.4',
      'Conclusion: Nonconformity.',
      'Release records 4.0 to 4.2',
      'Minor nonconformity 1 (A.6.2.4)',
      'Release 4.2 went out without its bias test',
      'Raised nonconformity NC-0001.',
      'None found.',
      'The controls in scope conform but for one minor nonconformity.',
      'To The management board on',
    ])
      expect(text).toContain(expected);
  });

  it('rises in readiness: 9.2.2 met once the finding is corrected, 9.2.1 partial until every clause is audited', async () => {
    expect(await status('9.2.2')).toBe('partial');
    const r = await org.owner.get(`${base}/readiness`);
    const req = (
      r.json().requirements as {
        id: string;
        reasons: { detail: string; refs: { type: string }[] }[];
      }[]
    ).find((x) => x.id === '9.2.1')!;
    expect(req.reasons[0]!.detail).toMatch(/leave \d+ of \d+ clauses unaudited/);
    expect(req.reasons[0]!.refs).toEqual([{ type: 'audits', id: auditId }]);
    const f = (await org.owner.get(`${base}/audits/${auditId}`)).json().findings[0];
    const corrected = await org.owner.request(
      'PUT',
      `${base}/nonconformities/${f.nonconformityId}/correction`,
      {
        correction: 'Release 4.2 withdrawn until its bias test ran.',
      },
    );
    expect(corrected.statusCode).toBe(200);
    expect(await status('9.2.2')).toBe('met');
    expect(await status('9.2.1')).toBe('partial');
  });
});
