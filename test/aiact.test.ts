import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

const answers = {
  role: 'provider',
  prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
  annexI: false,
  annexIII: [4],
  exceptions: { a: false, b: false, c: false, d: false },
  profiling: true,
  transparency: { interacts: true, synthetic: false, emotion: false, deepfake: false },
  generalPurposeModel: false,
  systemicRisk: false,
};

describe.each(DIALECTS)('EU AI Act classification on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('stores the answers and the proposal, and sets the tier only when a manager confirms it', async () => {
    const sys = (await org.owner.post(`${base}/ai-systems`, { name: 'CV screener', purpose: 'Ranks job applications.' })).json();
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    expect((await org.owner.get(url)).statusCode).toBe(404);
    const contributor = await org.member('contributor');
    const put = await contributor.request('PUT', url, answers);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ proposedTier: 'high_risk', status: 'proposed', answeredByMemberId: contributor.memberId });
    expect(put.json().obligations.map((o: { ref: string }) => o.ref)).toEqual(expect.arrayContaining(['Art. 9', 'Art. 50(1)']));
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().euAiActTier).toBe('unclassified');
    expect((await contributor.post(`${url}/confirm`)).statusCode).toBe(403);
    const bad = await contributor.request('PUT', url, { ...answers, annexIII: [9], prohibited: { a: true } });
    expect(bad.statusCode).toBe(400);
    const manager = await org.member('manager');
    const ok = await manager.post(`${url}/confirm`);
    expect(ok.json()).toMatchObject({ status: 'confirmed', confirmedByMemberId: manager.memberId });
    const after = (await org.owner.get(`${base}/ai-systems/${sys.id}`)).json();
    expect(after.euAiActTier).toBe('high_risk');
    expect(after.euAiActReason).toContain('Art. 6(2)');
    // A new answer goes back to proposed and leaves the confirmed tier until confirmed again.
    const again = (await contributor.request('PUT', url, { ...answers, annexIII: [], profiling: false })).json();
    expect(again).toMatchObject({ proposedTier: 'limited_risk', status: 'proposed' });
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().euAiActTier).toBe('high_risk');
    const q = (await org.owner.get('/api/v1/ai-act/questionnaire')).json();
    expect(q.prohibited).toHaveLength(8);
    expect(q.annexIII).toHaveLength(8);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });
});
