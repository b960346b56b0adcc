// The audits, management reviews and concerns lists take `q` and `sort` as the risks list does;
// the audit programme, management reviews, concerns, impacts and incident timelines carry the
// names of what they refer to (only those the caller may read; never an anonymous reporter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  id: string;
  title?: string;
  summary?: string;
  names: Record<string, string>;
}

describe.each(DIALECTS)('audits, reviews and concerns lists and names on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let worker: ApiClient & { memberId: string };
  let workerName: string;
  let ownerId: string;
  let ownerName: string;
  const tokenWith = async (scopes: string[]) => {
    const r = await org.owner.post(`${base}/tokens`, { name: scopes.join(' '), scopes });
    expect(r.statusCode).toBe(201);
    return new ApiClient(t.app, { token: r.json().token as string });
  };
  const ok = async (p: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await p;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as Item & Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    worker = await org.member('contributor');
    const members = (await org.owner.get(`${base}/members`)).json().items as {
      id: string;
      name: string;
      email: string;
      role: string;
    }[];
    const w = members.find((x) => x.id === worker.memberId)!;
    workerName = w.name || w.email;
    const o = members.find((x) => x.role === 'owner')!;
    ownerId = o.id;
    ownerName = o.name || o.email;
  });
  afterAll(() => t.close());

  const titles = (items: Item[]) => items.map((i) => i.title ?? i.summary);
  const list = async (path: string) => {
    const res = await org.owner.get(`${base}/${path}`);
    expect(res.statusCode, res.body).toBe(200);
    return titles(res.json().items as Item[]);
  };
  const badSort = async (path: string) => {
    const res = await org.owner.get(`${base}/${path}?sort=colour`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/query/sort');
  };

  it('searches and sorts audits, and names the programme author', async () => {
    for (const [title, plannedStart] of [
      ['Life cycle audit', '2026-05-04'],
      ['annual AIMS audit', '2026-03-02'],
      ['Zeta supplier audit', '2026-09-07'],
    ] as const)
      await ok(
        org.owner.post(`${base}/audits`, {
          title,
          criteria: 'ISO/IEC 42001:2023 clause 9.2.',
          scope: ['9.2'],
          plannedStart,
          plannedEnd: plannedStart,
          leadAuditorMemberId: worker.memberId,
          auditorMemberIds: [],
        }),
      );
    expect(await list('audits?q=AUDIT&sort=title')).toEqual([
      'annual AIMS audit',
      'Life cycle audit',
      'Zeta supplier audit',
    ]);
    expect(await list('audits?q=cycle')).toEqual(['Life cycle audit']);
    expect(await list('audits?sort=-plannedStart')).toEqual([
      'Zeta supplier audit',
      'Life cycle audit',
      'annual AIMS audit',
    ]);
    const first = (await org.owner.get(`${base}/audits?sort=title&limit=2`)).json();
    expect([
      ...titles(first.items),
      ...(await list(`audits?sort=title&limit=2&cursor=${first.nextCursor}`)),
    ]).toEqual(['annual AIMS audit', 'Life cycle audit', 'Zeta supplier audit']);
    await badSort('audits');
    const draft = await ok(
      org.owner.post(`${base}/audit-programme/versions`, {
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        frequency: 'Once a year.',
        methods: 'Interviews.',
        responsibilities: 'The AIMS manager plans.',
        importance: 'Clause 8 first.',
        previousResults: 'None yet.',
      }),
    );
    expect(draft.names).toEqual({ [ownerId]: ownerName });
    const programme = (await org.owner.get(`${base}/audit-programme`)).json();
    expect(programme.draft.names).toEqual({ [ownerId]: ownerName });
    // Without members.read, the member is not named.
    const auditsOnly = await tokenWith(['audits.read']);
    const seen = (await auditsOnly.get(`${base}/audit-programme`)).json();
    expect(seen.draft.names).toEqual({});
  });

  it('searches and sorts management reviews and names their chair and attendees', async () => {
    for (const [title, plannedOn] of [
      ['Review H2', '2026-12-15'],
      ['budget review', '2026-03-31'],
      ['Review H1', '2026-06-30'],
    ] as const)
      await ok(
        org.owner.post(`${base}/management-reviews`, {
          title,
          plannedOn,
          chairMemberId: ownerId,
          attendees: [{ memberId: worker.memberId, role: 'Engineer' }, { name: 'Dana External' }],
        }),
      );
    expect(await list('management-reviews?sort=title')).toEqual([
      'budget review',
      'Review H1',
      'Review H2',
    ]);
    expect(await list('management-reviews?q=h&sort=-plannedOn')).toEqual([
      'Review H2',
      'Review H1',
    ]);
    await badSort('management-reviews');
    const items = (await org.owner.get(`${base}/management-reviews?q=budget`)).json().items;
    const expected = { [ownerId]: ownerName, [worker.memberId]: workerName };
    expect(items[0].names).toEqual(expected);
    expect((await org.owner.get(`${base}/management-reviews/${items[0].id}`)).json().names).toEqual(
      expected,
    );
  });

  it('searches and sorts concerns, names the owner, and never names an anonymous reporter', async () => {
    const sys = await ok(
      org.owner.post(`${base}/ai-systems`, { name: 'Loan scorer', purpose: 'Scores loans.' }),
    );
    const named = await ok(
      worker.post(`${base}/concerns`, { summary: 'Odd answers', aiSystemId: sys.id }),
    );
    const hidden = await ok(
      worker.post(`${base}/concerns`, { summary: 'bias against women', anonymous: true }),
    );
    await ok(org.owner.post(`${base}/concerns`, { summary: 'Answers in the wrong language' }));
    expect(await list('concerns?sort=summary')).toEqual([
      'Answers in the wrong language',
      'bias against women',
      'Odd answers',
    ]);
    expect(await list('concerns?q=ANSWERS&sort=-summary')).toEqual([
      'Odd answers',
      'Answers in the wrong language',
    ]);
    await badSort('concerns');
    const one = await org.owner.get(`${base}/concerns/${named.id}`);
    const concern = one.json();
    expect(concern.names).toEqual({ [sys.id]: 'Loan scorer', [worker.memberId]: workerName });
    const triaged = await org.owner.patch(
      `${base}/concerns/${hidden.id}`,
      { status: 'triage', ownerMemberId: ownerId },
      { 'if-match': `"${(await org.owner.get(`${base}/concerns/${hidden.id}`)).json().version}"` },
    );
    expect(triaged.statusCode, triaged.body).toBe(200);
    expect(triaged.json().names).toEqual({ [ownerId]: ownerName });
    const all = (await org.owner.get(`${base}/concerns?limit=100`)).json().items as Item[];
    const anonymous = all.find((c) => c.id === hidden.id)!;
    expect(anonymous.names).toEqual({ [ownerId]: ownerName });
    expect(JSON.stringify(anonymous)).not.toContain(worker.memberId);
  });

  it('names the risks and controls of an impact and who wrote an incident entry', async () => {
    const sys = await ok(
      org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Sorts patients.' }),
    );
    const risk = await ok(org.owner.post(`${base}/risks`, { title: 'Under-ranks the elderly' }));
    const a = await ok(
      org.owner.post(`${base}/impact-assessments`, {
        aiSystemId: sys.id,
        title: 'Triage impact',
        reviewCycleMonths: 12,
      }),
    );
    const item = await ok(
      org.owner.post(`${base}/impact-assessments/${a.id}/impacts`, {
        affected: 'groups',
        dimension: 'fairness',
        description: 'Older patients ranked less urgent.',
        severity: 4,
        likelihood: 3,
        riskIds: [risk.id],
        controlIds: ['A.7.4'],
      }),
    );
    expect(Object.keys(item.names).sort()).toEqual(['A.7.4', risk.id].sort());
    expect(item.names[risk.id]).toBe('Under-ranks the elderly');
    const page = (await org.owner.get(`${base}/impact-assessments/${a.id}/impacts`)).json();
    expect(page.items[0].names).toEqual(item.names);
    // A token that may read assessments but not risks sees only the control's name.
    const impactOnly = await tokenWith(['impact_assessments.read']);
    const limited = (await impactOnly.get(`${base}/impact-assessments/${a.id}/impacts`)).json();
    expect(Object.keys(limited.items[0].names)).toEqual(['A.7.4']);

    const inc = await ok(
      org.owner.post(`${base}/incidents`, {
        title: 'Wrong triage',
        severity: 'low',
        systems: [{ aiSystemId: sys.id }],
      }),
    );
    const entry = await ok(
      worker.post(`${base}/incidents/${inc.id}/timeline`, {
        kind: 'action',
        at: '2026-03-01T09:15:00Z',
        entry: 'Switched routing to the nurses.',
      }),
    );
    const expected = { [inc.id]: 'Wrong triage', [worker.memberId]: workerName };
    expect(entry.names).toEqual(expected);
    const timeline = (await org.owner.get(`${base}/incidents/${inc.id}/timeline`)).json();
    expect(timeline.items.find((e: Item) => e.id === entry.id).names).toEqual(expected);
    const incidentsOnly = await tokenWith(['incidents.read']);
    const without = (await incidentsOnly.get(`${base}/incidents/${inc.id}/timeline`)).json();
    expect(without.items.find((e: Item) => e.id === entry.id).names).toEqual({
      [inc.id]: 'Wrong triage',
    });
  });
});
