import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

interface Event {
  action: string;
  entity: string;
  entity_id: string;
  version: number | null;
  state: Record<string, unknown> | null;
}

/** The ledger events of an organization after a sequence number, oldest first. */
async function eventsAfter(t: TestApp, orgId: string, seq: number): Promise<Event[]> {
  const rows = await t.database.db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.body) as Event);
}

const headSeq = async (t: TestApp, orgId: string) =>
  (
    await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
  ).seq;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

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
    const from = await headSeq(t, org.id);
    const o = (
      await org.owner.post(`${base}/objectives`, {
        title: 'Few missed urgent cases',
        metric: 'FNR',
        direction: 'at_most',
        target: 2,
        unit: '%',
        frequency: 'monthly',
      })
    ).json();
    expect(o).toMatchObject({ state: 'no_data', measurementOverdue: true, target: 2 });
    const url = `${base}/objectives/${o.id}`;
    const day = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
    await org.owner.post(`${url}/measurements`, { measuredOn: day(40), value: 1.5 });
    expect((await org.owner.get(url)).json()).toMatchObject({
      state: 'on_track',
      measurementOverdue: true,
    });
    await org.owner.post(`${url}/measurements`, { measuredOn: day(1), value: 2.4 });
    expect((await org.owner.get(url)).json()).toMatchObject({
      state: 'off_track',
      measurementOverdue: false,
      latest: { value: 2.4 },
    });
    const future = await org.owner.post(`${url}/measurements`, {
      measuredOn: '2999-01-01',
      value: 1,
    });
    expect(future.statusCode).toBe(422);
    const up = (await org.owner.patch(url, { direction: 'at_least', target: 2 })).json();
    expect(up.state).toBe('on_track');
    expect((await org.owner.get(`${url}/measurements`)).json().items).toHaveLength(2);
    // Each step is in the ledger under its own action; the refused future measurement is not.
    expect((await eventsAfter(t, org.id, from)).map((e) => `${e.action} ${e.entity}`)).toEqual([
      'objectives.create objectives',
      'objectives.measure objective_measurements',
      'objectives.measure objective_measurements',
      'objectives.update objectives',
    ]);
  });

  it('keeps the linked AI systems when a change leaves them out', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks cases.' })
    ).json();
    const o = (
      await org.owner.post(`${base}/objectives`, {
        title: 'Fair triage',
        metric: 'Gap',
        direction: 'at_most',
        target: 5,
        frequency: 'monthly',
        aiSystemIds: [sys.id],
      })
    ).json();
    const up = await org.owner.patch(
      `${base}/objectives/${o.id}`,
      { target: 4 },
      { 'if-match': `"${o.version}"` },
    );
    expect(up.json()).toMatchObject({ target: 4, aiSystemIds: [sys.id] });
    const cleared = await org.owner.patch(
      `${base}/objectives/${o.id}`,
      { aiSystemIds: [] },
      { 'if-match': `"${up.json().version}"` },
    );
    expect(cleared.json().aiSystemIds).toEqual([]);
  });

  it('approves a planned change only by someone other than its proposer, and records who decided, when and why', async () => {
    const owner = await t.database.db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', org.id)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    const requester = await org.member('manager');
    const c = (
      await requester.post(`${base}/changes`, {
        title: 'New review board',
        purpose: 'Queue too long',
        resources: 'Two people',
      })
    ).json();
    expect(c).toMatchObject({
      status: 'proposed',
      requestedByMemberId: requester.memberId,
      decidedByMemberId: null,
      decidedAt: null,
      decisionNote: null,
      decisions: [],
    });
    const url = `${base}/changes/${c.id}`;
    const from = await headSeq(t, org.id);

    // The proposer may neither approve nor reject their own change; nothing is written.
    const self = await requester.post(`${url}/decision`, { decision: 'approved' });
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('SELF_APPROVAL');
    const selfReject = await requester.post(`${url}/decision`, {
      decision: 'rejected',
      note: 'Never mind.',
    });
    expect(selfReject.statusCode).toBe(422);
    expect(selfReject.json().code).toBe('SELF_APPROVAL');
    expect((await requester.post(`${url}/decision`, { decision: 'implemented' })).statusCode).toBe(
      409,
    );
    expect(
      (await org.owner.post(`${url}/decision`, { decision: 'approved' }, { 'if-match': '"7"' }))
        .statusCode,
    ).toBe(412);
    expect(await headSeq(t, org.id)).toBe(from);
    expect((await org.owner.get(url)).json()).toMatchObject({
      status: 'proposed',
      version: 1,
      decisions: [],
    });

    const approved = await org.owner.post(
      `${url}/decision`,
      { decision: 'approved', note: '  Start after the audit.  ' },
      { 'if-match': '"1"' },
    );
    expect(approved.statusCode).toBe(200);
    expect(approved.headers.etag).toBe('"2"');
    const a = approved.json();
    expect(a).toMatchObject({
      status: 'approved',
      version: 2,
      decidedByMemberId: owner.id,
      decisionNote: 'Start after the audit.',
      approverMemberId: owner.id,
    });
    expect(a.decidedAt).toMatch(ISO_TIME);
    expect(a.updatedAt).toBe(a.decidedAt);
    expect(a.decisions).toEqual([
      {
        id: expect.any(String),
        decision: 'approved',
        memberId: owner.id,
        at: a.decidedAt,
        note: 'Start after the audit.',
      },
    ]);

    // Recording the implementation is a step of its own and leaves the decision as it was.
    const done = (
      await requester.post(`${url}/decision`, { decision: 'implemented', note: 'Board met twice.' })
    ).json();
    expect(done).toMatchObject({
      status: 'implemented',
      version: 3,
      decidedByMemberId: owner.id,
      decidedAt: a.decidedAt,
      decisionNote: 'Start after the audit.',
    });
    expect(
      done.decisions.map((d: { decision: string; memberId: string; note: string }) => [
        d.decision,
        d.memberId,
        d.note,
      ]),
    ).toEqual([
      ['approved', owner.id, 'Start after the audit.'],
      ['implemented', requester.memberId, 'Board met twice.'],
    ]);
    const got = await org.owner.get(url);
    expect(got.headers.etag).toBe('"3"');
    expect(got.json()).toEqual(done);

    // The ledger holds each step: the change's new state and the decision row, under one action.
    const events = await eventsAfter(t, org.id, from);
    expect(events.map((e) => `${e.action} ${e.entity}`)).toEqual([
      'changes.decide aims_changes',
      'changes.decide aims_change_decisions',
      'changes.decide aims_changes',
      'changes.decide aims_change_decisions',
    ]);
    expect(events[1]!.state).toMatchObject({
      change_id: c.id,
      decision: 'approved',
      member_id: owner.id,
      note: 'Start after the audit.',
      created_at: a.decidedAt,
    });
    expect(events[2]!.state).toMatchObject({ status: 'implemented', approver_member_id: owner.id });
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('refuses a rejection without a reason, and records who rejected it, when and why', async () => {
    const requester = await org.member('contributor');
    const manager = await org.member('manager');
    const c = (
      await requester.post(`${base}/changes`, {
        title: 'Drop the monthly sample',
        purpose: 'Saves a day a month.',
      })
    ).json();
    const url = `${base}/changes/${c.id}`;
    const from = await headSeq(t, org.id);

    for (const body of [
      { decision: 'rejected' },
      { decision: 'rejected', note: '   ' },
      { decision: 'rejected', note: null },
    ]) {
      const r = await manager.post(`${url}/decision`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/note']);
    }
    expect(await headSeq(t, org.id)).toBe(from);
    expect((await manager.get(url)).json()).toMatchObject({
      status: 'proposed',
      version: 1,
      decidedByMemberId: null,
      decisions: [],
    });
    // A contributor may propose but not decide.
    expect(
      (await requester.post(`${url}/decision`, { decision: 'rejected', note: 'No.' })).statusCode,
    ).toBe(403);

    const r = (
      await manager.post(`${url}/decision`, {
        decision: 'rejected',
        note: 'The sample is what the auditors rely on.',
      })
    ).json();
    expect(r).toMatchObject({
      status: 'rejected',
      decidedByMemberId: manager.memberId,
      decisionNote: 'The sample is what the auditors rely on.',
      approverMemberId: null,
      approvedAt: null,
    });
    expect(r.decidedAt).toMatch(ISO_TIME);
    expect(r.decisions).toHaveLength(1);
    expect((await manager.post(`${url}/decision`, { decision: 'approved' })).statusCode).toBe(409);
    // The list shows the same as the record.
    const listed = (await manager.get(`${base}/changes?limit=200`))
      .json()
      .items.find((x: { id: string }) => x.id === c.id);
    expect(listed).toEqual(r);
    const events = await eventsAfter(t, org.id, from);
    expect(events.map((e) => `${e.action} ${e.entity}`)).toEqual([
      'changes.decide aims_changes',
      'changes.decide aims_change_decisions',
    ]);
    expect(events[1]!.state).toMatchObject({
      decision: 'rejected',
      member_id: manager.memberId,
      note: 'The sample is what the auditors rely on.',
    });
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('lets only the proposer withdraw a change, and only while it waits for a decision', async () => {
    const requester = await org.member('contributor');
    const c = (
      await requester.post(`${base}/changes`, {
        title: 'Weekly model review',
        purpose: 'Drift goes unnoticed.',
      })
    ).json();
    const url = `${base}/changes/${c.id}`;
    const other = await org.owner.post(`${url}/withdrawal`, {});
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('FORBIDDEN');
    const from = await headSeq(t, org.id);
    const w = await requester.post(
      `${url}/withdrawal`,
      { note: 'Covered by the release checklist.' },
      { 'if-match': '"1"' },
    );
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({
      status: 'withdrawn',
      version: 2,
      decidedByMemberId: null,
      decisionNote: null,
    });
    expect(w.json().decisions).toEqual([
      {
        id: expect.any(String),
        decision: 'withdrawn',
        memberId: requester.memberId,
        at: expect.stringMatching(ISO_TIME),
        note: 'Covered by the release checklist.',
      },
    ]);
    expect((await requester.post(`${url}/withdrawal`, {})).statusCode).toBe(409);
    expect((await org.owner.post(`${url}/decision`, { decision: 'approved' })).statusCode).toBe(
      409,
    );
    expect((await eventsAfter(t, org.id, from)).map((e) => `${e.action} ${e.entity}`)).toEqual([
      'changes.withdraw aims_changes',
      'changes.withdraw aims_change_decisions',
    ]);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('reads one change of its own organization, and answers 404 for any other id', async () => {
    const c = (
      await org.owner.post(`${base}/changes`, {
        title: 'Quarterly supplier review',
        purpose: 'Suppliers change models silently.',
        plannedOn: '2030-03-01',
      })
    ).json();
    const got = await org.owner.get(`${base}/changes/${c.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(c);
    expect(got.json()).toMatchObject({ plannedOn: '2030-03-01', updatedAt: c.createdAt });

    const other = await createOrgFixture(t, 'Other Org');
    const theirs = (
      await other.owner.post(`/api/v1/orgs/${other.slug}/changes`, {
        title: 'Theirs',
        purpose: 'Not ours.',
      })
    ).json();
    for (const r of [
      await org.owner.get(`${base}/changes/${theirs.id}`),
      await org.owner.get(`${base}/changes/0190a0b0-0000-7000-8000-000000000000`),
      await other.owner.get(`${base}/changes/${c.id}`),
    ]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
    }
  });
});
