import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('policies on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}/policies`;
  });
  afterAll(() => t.close());

  const head = () =>
    t.database.db
      .selectFrom('ledger_heads')
      .select(['seq'])
      .where('org_id', '=', org.id)
      .executeTakeFirst();

  it('walks draft → in review → approved → published with a second approver, then locks the version', async () => {
    const author = await org.member('manager');
    const approver = await org.member('manager');
    const created = await author.post(base, {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
      content: '# AI policy\n\nFirst text.',
    });
    expect(created.statusCode).toBe(201);
    const { policy, version } = created.json();
    expect(version).toMatchObject({ number: 1, status: 'draft', authorMemberId: author.memberId });
    const v = `${base}/${policy.id}/versions/${version.id}`;
    expect((await author.patch(v, { content: '# AI policy\n\nBetter text.' })).statusCode).toBe(
      200,
    );
    expect((await author.post(`${v}/approve`)).json().code).toBe('INVALID_STATE');
    expect((await author.post(`${v}/submit`)).json().status).toBe('in_review');
    const before = await head();
    const self = await author.post(`${v}/approve`);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('SELF_APPROVAL');
    expect(await head()).toEqual(before);
    const contributor = await org.member('contributor');
    expect((await contributor.post(`${v}/approve`)).statusCode).toBe(403);
    const ok = await approver.post(`${v}/approve`);
    expect(ok.json()).toMatchObject({ status: 'approved', approverMemberId: approver.memberId });
    const pub = await approver.post(`${v}/publish`);
    expect(pub.json().status).toBe('published');
    const locked = await author.patch(v, { content: 'sneaky edit' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('VERSION_LOCKED');
    const p = (await author.get(`${base}/${policy.id}`)).json();
    expect(p.currentVersionId).toBe(version.id);
    expect(p.nextReviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.reviewOverdue).toBe(false);

    // A change is a new version; the published one stays current until the new one is published.
    const v2 = (
      await author.post(`${base}/${policy.id}/versions`, {
        content: '# AI policy\n\nRevised.',
        changeNote: 'Review',
      })
    ).json();
    expect(v2).toMatchObject({ number: 2, status: 'draft' });
    expect((await author.post(`${base}/${policy.id}/versions`, { content: 'x' })).statusCode).toBe(
      409,
    );
    const v2u = `${base}/${policy.id}/versions/${v2.id}`;
    await author.post(`${v2u}/submit`);
    await approver.post(`${v2u}/approve`);
    await approver.post(`${v2u}/publish`);
    const versions = (await author.get(`${base}/${policy.id}/versions`)).json().items;
    expect(versions.map((x: { number: number; status: string }) => [x.number, x.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
  });

  it('records acknowledgements of the published version and shows who is missing', async () => {
    const author = await org.member('manager');
    const approver = await org.member('owner');
    const { policy, version } = (
      await author.post(base, {
        title: 'Data policy',
        kind: 'topic_policy',
        reviewCycleMonths: 6,
        content: 'Text',
      })
    ).json();
    const v = `${base}/${policy.id}/versions/${version.id}`;
    const viewer = await org.member('viewer');
    expect(
      (await viewer.post(`${base}/${policy.id}/acknowledgements`, { versionId: version.id }))
        .statusCode,
    ).toBe(409);
    await author.post(`${v}/submit`);
    await approver.post(`${v}/approve`);
    await approver.post(`${v}/publish`);
    const ack = await viewer.post(`${base}/${policy.id}/acknowledgements`, {
      versionId: version.id,
    });
    expect(ack.statusCode).toBe(201);
    expect(ack.json().memberId).toBe(viewer.memberId);
    expect(
      (await viewer.post(`${base}/${policy.id}/acknowledgements`, { versionId: version.id }))
        .statusCode,
    ).toBe(409);
    const done = (
      await author.get(`${base}/${policy.id}/acknowledgements?state=acknowledged`)
    ).json();
    expect(done.items.map((m: { memberId: string }) => m.memberId)).toEqual([viewer.memberId]);
    const pending = (
      await author.get(`${base}/${policy.id}/acknowledgements?state=pending&limit=200`)
    ).json();
    expect(pending.items.map((m: { memberId: string }) => m.memberId)).toContain(author.memberId);
    expect(pending.items.map((m: { memberId: string }) => m.memberId)).not.toContain(
      viewer.memberId,
    );
    expect(done.acknowledged).toBe(1);
    expect(done.members).toBe(pending.items.length + 1);
  });

  it('flags a policy whose review date has passed', async () => {
    const author = await org.member('manager');
    const approver = await org.member('manager');
    const { policy, version } = (
      await author.post(base, {
        title: 'Old policy',
        kind: 'procedure',
        reviewCycleMonths: 1,
        content: 'x',
      })
    ).json();
    const v = `${base}/${policy.id}/versions/${version.id}`;
    await author.post(`${v}/submit`);
    await approver.post(`${v}/approve`);
    await approver.post(`${v}/publish`);
    // Forty days on the session has expired; an API token without expiry still works.
    const token = new ApiClient(t.app, {
      token: (
        await author.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'reader', scopes: ['read'] })
      ).json().token,
    });
    const real = t.services.now;
    try {
      t.services.now = () => new Date(Date.now() + 40 * 86400_000);
      expect((await token.get(`${base}/${policy.id}`)).json().reviewOverdue).toBe(true);
      expect(
        (await token.get(`${base}?overdue=true`)).json().items.map((p: { id: string }) => p.id),
      ).toContain(policy.id);
    } finally {
      t.services.now = real;
    }
    expect(
      (await author.get(`${base}?overdue=true`)).json().items.map((p: { id: string }) => p.id),
    ).not.toContain(policy.id);
    expect((await org.owner.get(`/api/v1/orgs/${org.slug}/ledger/verification`)).json().ok).toBe(
      true,
    );
  });
});
