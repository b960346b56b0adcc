import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('objectives and planned changes on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('computes on-track and off-track from the latest measurement against the target', async () => {
    const o = (await org.owner.post(`${base}/objectives`, { title: 'Few missed urgent cases', metric: 'FNR', direction: 'at_most', target: 2, unit: '%', frequency: 'monthly' })).json();
    expect(o).toMatchObject({ state: 'no_data', measurementOverdue: true, target: 2 });
    const url = `${base}/objectives/${o.id}`;
    const day = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
    await org.owner.post(`${url}/measurements`, { measuredOn: day(40), value: 1.5 });
    expect((await org.owner.get(url)).json()).toMatchObject({ state: 'on_track', measurementOverdue: true });
    await org.owner.post(`${url}/measurements`, { measuredOn: day(1), value: 2.4 });
    expect((await org.owner.get(url)).json()).toMatchObject({ state: 'off_track', measurementOverdue: false, latest: { value: 2.4 } });
    const future = await org.owner.post(`${url}/measurements`, { measuredOn: '2999-01-01', value: 1 });
    expect(future.statusCode).toBe(422);
    const up = (await org.owner.patch(url, { direction: 'at_least', target: 2 })).json();
    expect(up.state).toBe('on_track');
    expect((await org.owner.get(`${url}/measurements`)).json().items).toHaveLength(2);
  });

  it('keeps the linked AI systems when a change leaves them out', async () => {
    const sys = (await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks cases.' })).json();
    const o = (await org.owner.post(`${base}/objectives`, { title: 'Fair triage', metric: 'Gap', direction: 'at_most', target: 5, frequency: 'monthly', aiSystemIds: [sys.id] })).json();
    const up = await org.owner.patch(`${base}/objectives/${o.id}`, { target: 4 }, { 'if-match': `"${o.version}"` });
    expect(up.json()).toMatchObject({ target: 4, aiSystemIds: [sys.id] });
    const cleared = await org.owner.patch(`${base}/objectives/${o.id}`, { aiSystemIds: [] }, { 'if-match': `"${up.json().version}"` });
    expect(cleared.json().aiSystemIds).toEqual([]);
  });

  it('approves a planned change only by someone other than its requester', async () => {
    const requester = await org.member('manager');
    const c = (await requester.post(`${base}/changes`, { title: 'New review board', purpose: 'Queue too long', resources: 'Two people' })).json();
    expect(c.status).toBe('proposed');
    const self = await requester.post(`${base}/changes/${c.id}/decision`, { decision: 'approved' });
    expect(self.json().code).toBe('SELF_APPROVAL');
    expect((await requester.post(`${base}/changes/${c.id}/decision`, { decision: 'implemented' })).statusCode).toBe(409);
    expect((await org.owner.post(`${base}/changes/${c.id}/decision`, { decision: 'approved' })).json()).toMatchObject({ status: 'approved', approverMemberId: expect.any(String) });
    expect((await requester.post(`${base}/changes/${c.id}/decision`, { decision: 'implemented' })).json().status).toBe('implemented');
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });
});
