// The inbox and notifications over HTTP, on both stores: what waits for each caller, their own
// notifications only, paging and the unread filter, and a read-only token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

describe.each(DIALECTS)('my work over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: ApiClient & { memberId: string };
  let author: ApiClient & { memberId: string };
  let base: string;
  let policyId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Inbox Org');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    author = await org.member('contributor');
    const created = await author.post(`${base}/policies`, {
      title: 'Model release policy',
      kind: 'topic_policy',
      reviewCycleMonths: 12,
      content: 'Every release is reviewed.',
    });
    policyId = created.json().policy.id;
    const v = created.json().version.id;
    expect(
      (await author.post(`${base}/policies/${policyId}/versions/${v}/submit`)).statusCode,
    ).toBe(200);
  });
  afterAll(() => t?.close());

  it('lists what waits for the caller, grouped, with a link to the page that acts on it', async () => {
    const res = await manager.get(`${base}/inbox`);
    expect(res.statusCode).toBe(200);
    const inbox = res.json();
    expect(inbox.total).toBe(1);
    expect(inbox.unreadNotifications).toBe(1);
    const approvals = inbox.groups.find((g: { group: string }) => g.group === 'approvals');
    expect(approvals).toMatchObject({ label: 'Approvals and decisions', count: 1 });
    expect(approvals.items[0]).toMatchObject({
      kind: 'policy_approval',
      title: 'Approve “Model release policy”, version 1',
      dueDate: null,
      overdue: false,
      target: { type: 'policies', id: policyId },
      path: `/o/${org.slug}/policies/${policyId}`,
    });
    // The author may not approve their own version: nothing waits for them.
    expect((await author.get(`${base}/inbox`)).json()).toMatchObject({
      total: 0,
      unreadNotifications: 0,
    });
  });

  it('shows each member only their own notifications, pages them, and filters unread', async () => {
    const mine = (await manager.get(`${base}/notifications?limit=1`)).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      kind: 'policy_approval',
      reason: 'waiting',
      readAt: null,
      resolvedAt: null,
      email: { status: 'pending', sentAt: null },
    });
    expect((await author.get(`${base}/notifications`)).json().items).toEqual([]);

    const id = mine.items[0].id;
    // Another member's notification does not exist for them.
    expect((await author.post(`${base}/notifications/${id}/read`)).statusCode).toBe(404);
    const read = await manager.post(`${base}/notifications/${id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await manager.get(`${base}/notifications?unread=true`)).json().items).toEqual([]);
    expect((await manager.get(`${base}/notifications?unread=false`)).json().items).toHaveLength(1);
    expect((await manager.post(`${base}/notifications/read-all`)).json()).toEqual({ marked: 0 });
  });

  it('answers a read-only token what waits for its member, and refuses it the marking', async () => {
    const token = await manager.post(`${base}/tokens`, { name: 'reader', scopes: ['read'] });
    expect(token.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${token.json().token}` };
    const res = await t.app.inject({ method: 'GET', url: `${base}/inbox`, headers });
    expect(res.json().total).toBe(1);
    const mark = await t.app.inject({
      method: 'POST',
      url: `${base}/notifications/read-all`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: {},
    });
    expect(mark.statusCode).toBe(403);
    expect(mark.json().code).toBe('TOKEN_SCOPE');
  });
});
