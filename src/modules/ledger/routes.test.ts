import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../kernel/paging.js';
import { DIALECTS, openTestApp, type TestApp } from '../../../test/harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from '../../../test/client.js';
import { hostToken } from '../../../test/generated/fixture.js';

describe.each(DIALECTS)('the ledger routes on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    await org.member('manager');
  });
  afterAll(() => t?.close());

  it('pages the ledger and a record history by sequence number', async () => {
    const all = (await org.owner.get(`${base}/ledger?limit=200`)).json();
    expect(all.items.map((e: { seq: number }) => e.seq)).toEqual(
      all.items.map((_: unknown, i: number) => i + 1),
    );
    const first = (await org.owner.get(`${base}/ledger?limit=1`)).json();
    expect(first.items.map((e: { seq: number }) => e.seq)).toEqual([1]);
    const second = (
      await org.owner.get(`${base}/ledger?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([2]);
    const history = (await org.owner.get(`${base}/history/orgs/${org.id}`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['orgs.create']);
  });

  it('refuses a cursor that is no sequence number with 400, not a page from the start or a 500', async () => {
    for (const url of [`${base}/ledger`, `${base}/history/orgs/${org.id}`]) {
      const res = await org.owner.get(`${url}?cursor=${encodeCursor('abc')}`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors).toEqual([{ pointer: '/query/cursor', message: 'Unknown cursor.' }]);
    }
  });

  it('shows events of concerns to a viewer or contributor only as their place in the chain, and to overseers in full', async () => {
    const contributor = await org.member('contributor');
    const viewer = await org.member('viewer');
    const auditor = await org.member('auditor');
    const named = (
      await contributor.post(`${base}/concerns`, { summary: 'Named worry', details: 'Who: me' })
    ).json();
    const triaged = await org.owner.patch(`${base}/concerns/${named.id}`, {
      outcome: 'Looked into it',
      status: 'investigating',
    });
    expect(triaged.statusCode).toBe(200);
    const pub = await new ApiClient(t.app, null).post(`/api/v1/public/orgs/${org.slug}/concerns`, {
      summary: 'Public worry',
      contact: 'someone@example.net',
    });
    expect(pub.statusCode).toBe(202);
    type Event = Record<string, unknown> & { seq: number; entity: string; hash: string };
    const ledgerAs = async (c: ApiClient) =>
      (await c.get(`${base}/ledger?limit=200`)).json().items as Event[];

    const seen = await ledgerAs(viewer);
    const concernEvents = seen.filter((e) => e.entity === 'concerns');
    expect(concernEvents.map((e) => e.action)).toEqual([
      'concerns.report',
      'concerns.triage',
      'concerns.report_public',
    ]);
    for (const e of concernEvents)
      expect(e).toEqual({
        seq: e.seq,
        at: expect.any(String),
        actor: null,
        action: e.action,
        entity: 'concerns',
        entity_id: null,
        version: null,
        state: null,
        request_id: null,
        prev_hash: expect.any(String),
        hash: expect.any(String),
        org_id: org.id,
        redacted: true,
      });
    // The chain still links through the redacted events.
    seen.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(seen[i]!.hash));
    expect(seen.filter((e) => e.entity !== 'concerns').every((e) => e.redacted === false)).toBe(
      true,
    );
    for (const c of [viewer, contributor]) {
      const body = (await c.get(`${base}/ledger?limit=200`)).body;
      for (const secret of [
        named.id,
        'Named worry',
        'Who: me',
        'Looked into it',
        'someone@example.net',
      ])
        expect(body).not.toContain(secret);
    }
    for (const c of [org.owner, auditor]) {
      const full = (await ledgerAs(c)).filter((e) => e.entity === 'concerns');
      expect(full.map((e) => [e.redacted, e.entity_id])).toEqual([
        [false, named.id],
        [false, named.id],
        [false, expect.any(String)],
      ]);
      expect(full[2]!.state).toMatchObject({ reporter_contact: 'someone@example.net' });
    }
  });

  it("answers a record's history only to a caller who may read records of its type (role and token scopes)", async () => {
    const viewer = await org.member('viewer');
    const c = (await viewer.post(`${base}/concerns`, { summary: 'Mine', anonymous: false })).json();
    const refused = await viewer.get(`${base}/history/concerns/${c.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.body).not.toContain('Mine');
    const own = (await org.owner.get(`${base}/history/concerns/${c.id}`)).json();
    expect(own.items.map((e: { state: { summary: string } }) => e.state.summary)).toEqual(['Mine']);

    const userId = (await org.owner.get(`${base}/members`))
      .json()
      .items.find((m: { id: string }) => m.id === viewer.memberId).userId as string;
    const tok = await hostToken(t.services, org.slug, userId, ['ledger.read']);
    const ledgerOnly = new ApiClient(t.app, { token: tok.token });
    const scoped = await ledgerOnly.get(`${base}/history/memberships/${viewer.memberId}`);
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json()).toMatchObject({ code: 'TOKEN_SCOPE' });
    // A token that may read the ledger and nothing else sees every event redacted.
    const items = (await ledgerOnly.get(`${base}/ledger?limit=200`)).json().items as {
      redacted: boolean;
    }[];
    expect(items.length).toBeGreaterThan(3);
    expect(items.every((e) => e.redacted)).toBe(true);
  });

  it("records an anonymous report under a request id of its own, not the one the reporter's client sent", async () => {
    const viewer = await org.member('viewer');
    const res = await viewer.post(
      `${base}/concerns`,
      { summary: 'Quietly', anonymous: true },
      { 'x-request-id': 'reporter-laptop-42' },
    );
    expect(res.statusCode).toBe(201);
    const history = (await org.owner.get(`${base}/history/concerns/${res.json().id}`)).json();
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ actor: 'anonymous', redacted: false });
    expect(history.items[0].request_id).not.toBe('reporter-laptop-42');
    expect(history.items[0].state).toMatchObject({ reporter_member_id: null, anonymous: 1 });
    // A named report keeps the request's id, so its events can be found in the logs.
    const named = await viewer.post(
      `${base}/concerns`,
      { summary: 'Openly' },
      { 'x-request-id': 'named-report-43' },
    );
    const h2 = (await org.owner.get(`${base}/history/concerns/${named.json().id}`)).json();
    expect(h2.items[0].request_id).toBe('named-report-43');
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('lists newest first, by record type, by record and by member, without tying a member to what the caller may not read', async () => {
    const manager = await org.member('manager');
    const contributor = await org.member('contributor');
    const viewer = await org.member('viewer');
    const members = (await org.owner.get(`${base}/members?limit=100`)).json().items as {
      id: string;
      userId: string;
    }[];
    const userOf = (memberId: string) => members.find((m) => m.id === memberId)!.userId;
    const risk = (await manager.post(`${base}/risks`, { title: 'Filtered risk' })).json();
    await manager.patch(`${base}/risks/${risk.id}`, { description: 'More words.' }, risk.version);
    const concern = (
      await contributor.post(`${base}/concerns`, { summary: 'A worry of the contributor' })
    ).json();

    const all = (await org.owner.get(`${base}/ledger?limit=200`)).json().items as {
      seq: number;
    }[];
    const newest = (await org.owner.get(`${base}/ledger?order=desc&limit=3`)).json();
    const last = all[all.length - 1]!.seq;
    expect(newest.items.map((e: { seq: number }) => e.seq)).toEqual([last, last - 1, last - 2]);
    const next = (
      await org.owner.get(`${base}/ledger?order=desc&limit=3&cursor=${newest.nextCursor}`)
    ).json();
    expect(next.items[0].seq).toBe(last - 3);

    const risks = (await org.owner.get(`${base}/ledger?entity=risks`)).json().items;
    expect(risks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(risks.map((e: { entity: string }) => e.entity))).toEqual(new Set(['risks']));
    const one = (await org.owner.get(`${base}/ledger?entity=risks&entityId=${risk.id}`)).json();
    expect(one.items.map((e: { action: string }) => e.action)).toEqual([
      'risks.create',
      'risks.update',
    ]);
    const noType = await org.owner.get(`${base}/ledger?entityId=${risk.id}`);
    expect([noType.statusCode, noType.json().errors[0].pointer]).toEqual([400, '/query/entity']);

    const byManager = (
      await org.owner.get(`${base}/ledger?userId=${userOf(manager.memberId)}`)
    ).json().items;
    expect(
      byManager.every((e: { actor: string }) => e.actor === `user:${userOf(manager.memberId)}`),
    ).toBe(true);
    const riskEvents = byManager.filter((e: { entity: string }) => e.entity === 'risks');
    expect(riskEvents.map((e: { action: string }) => e.action)).toEqual([
      'risks.create',
      'risks.update',
    ]);
    // The owner may read concerns and sees who reported one; a viewer may not, and filtering by
    // the contributor shows the viewer nothing of it, not even a redacted event.
    const contributorId = userOf(contributor.memberId);
    const asOwner = (await org.owner.get(`${base}/ledger?userId=${contributorId}`)).json().items;
    expect(asOwner.map((e: { action: string }) => e.action)).toContain('concerns.report');
    const asViewer = (await viewer.get(`${base}/ledger?userId=${contributorId}`)).json().items;
    expect(asViewer.map((e: { entity: string }) => e.entity)).not.toContain('concerns');
    const named = await viewer.get(`${base}/ledger?entity=concerns&entityId=${concern.id}`);
    expect(named.statusCode).toBe(403);
  });
});
