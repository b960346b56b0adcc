import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('AI system impact assessments on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('records impacts, needs a second person to approve, locks the result, and falls due on change', async () => {
    const sys = (await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks cases.' })).json();
    const author = await org.member('manager');
    const a = (await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Triage IA', dpiaReference: 'DPIA-7' })).json();
    expect(a).toMatchObject({ status: 'draft', authorMemberId: author.memberId, reassessmentDue: false });
    const url = `${base}/impact-assessments/${a.id}`;
    expect((await author.post(`${url}/approve`)).json().code).toBe('INVALID_STATE');
    const risk = (await author.post(`${base}/risks`, { title: 'Age bias' })).json();
    const bad = await author.post(`${url}/impacts`, { affected: 'groups', dimension: 'fairness', description: 'x', severity: 6, likelihood: 3, controlIds: ['A.1'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/severity', '/body/controlIds/0']);
    const item = await author.post(`${url}/impacts`, { affected: 'groups', dimension: 'fairness', description: 'Older patients ranked lower.', severity: 4, likelihood: 3, riskIds: [risk.id], controlIds: ['A.7.4'] });
    expect(item.statusCode).toBe(201);
    const before = await t.database.db.selectFrom('ledger_heads').select('seq').where('org_id', '=', org.id).executeTakeFirst();
    const self = await author.post(`${url}/approve`);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('SELF_APPROVAL');
    expect(await t.database.db.selectFrom('ledger_heads').select('seq').where('org_id', '=', org.id).executeTakeFirst()).toEqual(before);
    const ok = (await org.owner.post(`${url}/approve`)).json();
    expect(ok).toMatchObject({ status: 'approved', reassessmentDue: false, nextDueDate: expect.stringMatching(/^\d{4}-/) });
    expect((await author.post(`${url}/impacts`, { affected: 'society', dimension: 'environment', description: 'Energy', severity: 1, likelihood: 1 })).json().code).toBe('VERSION_LOCKED');
    // A new stage and a new model version make it due, with the reasons.
    await org.owner.post(`${base}/ai-systems/${sys.id}/transitions`, { toStage: 'deployment', reason: 'Go live' });
    await org.owner.post(`${base}/ai-models`, { aiSystemId: sys.id, name: 'triage-net', modelVersion: '2.0', source: 'built' });
    const due = (await author.get(url)).json();
    expect(due.reassessmentDue).toBe(true);
    expect(due.dueReasons).toHaveLength(2);
    expect(due.dueReasons[0]).toContain('deployment');
    expect(due.dueReasons[1]).toContain('triage-net 2.0');
    // The risk overview lists it among the re-assessments due, with the same reasons.
    const overview = (await author.get(`${base}/risk-overview`)).json();
    expect(overview.reassessmentsDue.map((x: { id: string; dueReasons: string[] }) => [x.id, x.dueReasons])).toEqual([[a.id, due.dueReasons]]);
    // A new approved assessment supersedes the old one.
    const b = (await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Triage IA 2' })).json();
    await author.post(`${base}/impact-assessments/${b.id}/impacts`, { affected: 'individuals', dimension: 'privacy', description: 'Notes', severity: 2, likelihood: 2 });
    await org.owner.post(`${base}/impact-assessments/${b.id}/approve`);
    const list = (await author.get(`${base}/impact-assessments?aiSystemId=${sys.id}`)).json().items;
    expect(list.map((x: { title: string; status: string }) => [x.title, x.status])).toEqual([
      ['Triage IA 2', 'approved'],
      ['Triage IA', 'superseded'],
    ]);
    // Superseded, it is no longer due; the new one was approved after the changes.
    expect((await author.get(`${base}/risk-overview`)).json().reassessmentsDue).toEqual([]);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });
});
