// The ledger narrowed to one member by their membership id (what the member picker gives), with
// the names of who acted beside the events, so the page needs no list of members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Event {
  actor: string | null;
  action: string;
}

describe.each(DIALECTS)('the ledger by member on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Alpha');
    other = await createOrgFixture(t, 'Beta');
  });
  afterAll(() => t?.close());

  it("lists only what the member did, named, and refuses another organization's member", async () => {
    const base = `/api/v1/orgs/${org.slug}`;
    const manager = await org.member('manager');
    expect((await manager.post(`${base}/risks`, { title: 'Bias in triage' })).statusCode).toBe(201);
    const all = (await org.owner.get(`${base}/ledger?order=desc`)).json();
    const managerActor = all.items.find((e: Event) => e.action === 'risks.create').actor as string;
    const managerUser = managerActor.replace(/^user:/, '');
    const ownerActor = all.items.find((e: Event) => e.action === 'members.add').actor as string;
    expect(all.names[managerUser]).toMatch(/^manager-/);
    expect(all.names[ownerActor.replace(/^user:/, '')]).toBeDefined();

    const mine = await org.owner.get(`${base}/ledger?memberId=${manager.memberId}`);
    expect(mine.statusCode).toBe(200);
    const events = mine.json().items as Event[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor === managerActor)).toBe(true);
    expect(Object.keys(mine.json().names)).toEqual([managerUser]);

    const outsider = await other.member('viewer');
    for (const id of [outsider.memberId, '00000000-0000-7000-8000-000000000000']) {
      const res = await org.owner.get(`${base}/ledger?memberId=${id}`);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/query/memberId' }],
      });
    }
  });
});
