// The planned changes list (6.3) over HTTP: `q` search, a status filter, `sort` with paging that
// keeps its order, "awaiting my decision" as the inbox asks it, and the names of the members on
// each change; a sort, status or awaiting it does not know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Change {
  id: string;
  title: string;
  status: string;
  requestedByMemberId: string | null;
  names: Record<string, string>;
}

describe.each(DIALECTS)('planned changes list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: ApiClient & { memberId: string };
  let contributor: ApiClient & { memberId: string };
  let managerName: string;

  const list = async (who: ApiClient, query: string) => {
    const res = await who.get(`${base}/changes?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Change[]; nextCursor: string | null };
  };
  const titles = async (query: string, who: ApiClient = org.owner) =>
    (await list(who, query)).items.map((c) => c.title);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    const members = (await org.owner.get(`${base}/members`)).json().items as {
      id: string;
      name: string;
      email: string;
    }[];
    const m = members.find((x) => x.id === manager.memberId)!;
    managerName = m.name || m.email;
    // Proposed in this order, so newest first is the reverse.
    for (const [who, title, purpose, plannedOn] of [
      [manager, 'Second review board', 'Approvals queue for weeks.', '2026-09-01'],
      [contributor, 'bias test in every release', 'A release went out untested.', '2026-06-01'],
      [manager, 'Zero-downtime model swap', 'Releases stop the triage for 100% of users.', null],
      [contributor, 'Supplier questionnaire', 'Suppliers answer late.', '2026-07-15'],
    ] as const) {
      const r = await who.post(`${base}/changes`, { title, purpose, plannedOn });
      expect(r.statusCode, r.body).toBe(201);
    }
    // The owner approves the supplier questionnaire: it no longer waits for anyone.
    const supplier = (await list(org.owner, 'q=supplier')).items[0]!;
    const approved = await org.owner.post(`${base}/changes/${supplier.id}/decision`, {
      decision: 'approved',
    });
    expect(approved.statusCode, approved.body).toBe(200);
  });
  afterAll(() => t?.close());

  it('lists newest first and searches title and purpose in any case, wildcards taken literally', async () => {
    expect(await titles('')).toEqual([
      'Supplier questionnaire',
      'Zero-downtime model swap',
      'bias test in every release',
      'Second review board',
    ]);
    expect(await titles('q=REVIEW')).toEqual(['Second review board']);
    expect(await titles('q=untested')).toEqual(['bias test in every release']);
    expect(await titles('q=100%25')).toEqual(['Zero-downtime model swap']);
    expect(await titles('q=%25%25')).toEqual([]);
    expect(await titles('q=_')).toEqual([]);
    expect(await titles('q=nothing%20like%20this')).toEqual([]);
  });

  it('filters by status and names the members on each change', async () => {
    expect(await titles('status=approved')).toEqual(['Supplier questionnaire']);
    expect((await titles('status=proposed')).sort()).toEqual([
      'Second review board',
      'Zero-downtime model swap',
      'bias test in every release',
    ]);
    expect(await titles('status=withdrawn')).toEqual([]);
    const board = (await list(org.owner, 'q=board')).items[0]!;
    expect(board.requestedByMemberId).toBe(manager.memberId);
    expect(board.names).toEqual({ [manager.memberId]: managerName });
  });

  it('sorts by title, status and planned date either way, and pages without repeats', async () => {
    expect(await titles('sort=title')).toEqual([
      'bias test in every release',
      'Second review board',
      'Supplier questionnaire',
      'Zero-downtime model swap',
    ]);
    expect((await titles('sort=-status'))[3]).toBe('Supplier questionnaire');
    // A change with no planned date sorts as empty text: first ascending, last descending.
    expect(await titles('sort=plannedOn')).toEqual([
      'Zero-downtime model swap',
      'bias test in every release',
      'Supplier questionnaire',
      'Second review board',
    ]);
    const first = await list(org.owner, 'sort=-plannedOn&limit=3');
    expect(first.items.map((c) => c.title)).toEqual([
      'Second review board',
      'Supplier questionnaire',
      'bias test in every release',
    ]);
    expect(first.nextCursor).toBeTruthy();
    const rest = await list(org.owner, `sort=-plannedOn&limit=3&cursor=${first.nextCursor}`);
    expect(rest.items.map((c) => c.title)).toEqual(['Zero-downtime model swap']);
    expect(rest.nextCursor).toBeNull();
    // Unsorted pages go on newest first too.
    const p1 = await list(org.owner, 'limit=2');
    const p2 = await list(org.owner, `limit=2&cursor=${p1.nextCursor}`);
    expect([...p1.items, ...p2.items].map((c) => c.title)).toEqual(await titles(''));
    const otherSort = await org.owner.get(
      `${base}/changes?sort=title&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(otherSort.statusCode).toBe(400);
    expect(otherSort.json().errors[0].pointer).toBe('/query/cursor');
  });

  it('shows what awaits the caller’s decision: proposed, and not their own proposal', async () => {
    expect((await titles('awaiting=me', manager)).sort()).toEqual(['bias test in every release']);
    expect((await titles('awaiting=me', org.owner)).sort()).toEqual([
      'Second review board',
      'Zero-downtime model swap',
      'bias test in every release',
    ]);
    expect(await titles('awaiting=me&q=zero', org.owner)).toEqual(['Zero-downtime model swap']);
    // A contributor may not decide changes: nothing waits for them.
    expect(await titles('awaiting=me', contributor)).toEqual([]);
    expect(await titles('', contributor)).toHaveLength(4);
    // The same as the caller's inbox asks of them.
    const inbox = (await manager.get(`${base}/inbox`)).json() as {
      groups: { items: { kind: string; target: { id: string } }[] }[];
    };
    const asked = inbox.groups
      .flatMap((g) => g.items)
      .filter((i) => i.kind === 'change_decision')
      .map((i) => i.target.id);
    expect(asked).toEqual((await list(manager, 'awaiting=me')).items.map((c) => c.id));
  });

  it('answers 400 at the parameter for a sort, status or awaiting it does not know', async () => {
    for (const [bad, pointer] of [
      ['sort=colour', '/query/sort'],
      ['sort=-purpose', '/query/sort'],
      ['status=done', '/query/status'],
      ['awaiting=you', '/query/awaiting'],
      ['q=' + 'x'.repeat(201), '/query/q'],
    ] as const) {
      const res = await org.owner.get(`${base}/changes?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer, bad).toBe(pointer);
    }
  });
});
