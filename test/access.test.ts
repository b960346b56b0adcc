import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';

/** Access matched to responsibilities over HTTP: the setting, assignments, views and refusals. */
describe.each(DIALECTS)('access matched to responsibilities over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let contributor: ApiClient & { memberId: string };
  let mine: string;
  let other: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    contributor = await org.member('contributor');
    const system = async (name: string) =>
      (await org.owner.post(`${base}/ai-systems`, { name, purpose: `${name}.` })).json()
        .id as string;
    mine = await system('Triage');
    other = await system('Billing');
  });
  afterAll(() => t.close());

  it('turns the setting on (managers and owners), and the organization says so', async () => {
    const refused = await contributor.request('PUT', `${base}/access-settings`, {
      scopedAccess: true,
    });
    expect(refused.statusCode).toBe(403);
    const on = await org.owner.request('PUT', `${base}/access-settings`, { scopedAccess: true });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ scopedAccess: true });
    expect((await org.owner.get(base)).json()).toMatchObject({
      scopedAccess: true,
      assignedAiSystemIds: null,
    });
  });

  it('assigns the contributor to one system; they and the member page see it', async () => {
    const a = await org.owner.post(`${base}/ai-system-assignments`, {
      memberId: contributor.memberId,
      aiSystemId: mine,
    });
    expect(a.statusCode).toBe(201);
    expect((await contributor.get(base)).json().assignedAiSystemIds).toEqual([mine]);
    const scope = await org.owner.get(`${base}/members/${contributor.memberId}/ai-system-scope`);
    expect(scope.json()).toEqual({
      memberId: contributor.memberId,
      limited: true,
      aiSystemIds: [mine],
      assignedAiSystemIds: [mine],
      responsibleAiSystemIds: [],
    });
    const list = await contributor.get(`${base}/ai-system-assignments?aiSystemId=${mine}`);
    expect(list.json().items).toEqual([expect.objectContaining({ id: a.json().id })]);
  });

  it("shows the contributor's abilities per system and refuses the other system's risk with 403", async () => {
    const risk = async (aiSystemId: string) =>
      (await org.owner.post(`${base}/risks`, { title: 'Drift', aiSystemIds: [aiSystemId] })).json()
        .id as string;
    const ownRisk = await risk(mine);
    const otherRisk = await risk(other);
    const view = async (id: string) => (await contributor.get(`${base}/risks/${id}`)).json();
    expect((await view(ownRisk)).abilities.edit).toBe(true);
    expect((await view(otherRisk)).abilities.edit).toBe(false);
    expect((await org.owner.get(`${base}/risks/${otherRisk}`)).json().abilities.edit).toBe(true);

    const before = (await org.owner.get(`${base}/ledger/verification`)).json();
    const res = await contributor.patch(`${base}/risks/${otherRisk}`, { title: 'Mine now' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.json().detail).toContain(`not assigned to the AI system ${other}`);
    expect((await view(otherRisk)).title).toBe('Drift');
    const created = await contributor.post(`${base}/risks`, { title: 'x', aiSystemIds: [other] });
    expect(created.statusCode).toBe(403);
    // Nothing was written: the ledger holds as many events as before, and verifies.
    expect((await org.owner.get(`${base}/ledger/verification`)).json()).toMatchObject({
      ok: true,
      events: before.events,
    });
    const ok = await contributor.patch(`${base}/risks/${ownRisk}`, { title: 'Drift, checked' });
    expect(ok.statusCode).toBe(200);
  });
});
